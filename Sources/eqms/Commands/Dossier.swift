import ArgumentParser
import Foundation
import QMSCore
import QMSDossier
import QMSServices

/// The languages a dossier is written in: one of `en`, `ar`, `fr`, `es`, or `both` (English and
/// Arabic, the bilingual dossier of the certification bodies in the Arab region).
enum DossierLanguages: String, ExpressibleByArgument, CaseIterable {
    case en, ar, fr, es, both

    var languages: [Language] {
        switch self {
        case .en: return [.english]
        case .ar: return [.arabic]
        case .fr: return [.french]
        case .es: return [.spanish]
        case .both: return [.english, .arabic]
        }
    }
}

/// `eqms dossier`: audit dossiers for certification auditors.
struct DossierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "Export a signed audit dossier, or verify one offline.",
        subcommands: [DossierExportCommand.self, DossierVerifyCommand.self])
}

/// `eqms dossier export`: the dossier as of a day, signed.
struct DossierExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the signed, bilingual audit dossier of one or more standards as of a day.",
        discussion: """
            Writes a folder (or, when --out ends in .zip, a ZIP) holding: index.html (the cover) and
            en/ and ar/ pages (statement of applicability, compliance matrix, a page per requirement,
            the evidence register with the files themselves under files/, nonconformities with each
            corrective action's history, audits, management reviews, observer recommendations,
            quality objectives and the approved work plan with KPI progress, the audit trail of the
            period); dossier.xml (checked against Standards/dossier.xsd); OSCAL assessment results
            (oscal/assessment-results.json); manifest.json (every file's size and SHA-256) and
            manifest.sig (its Ed25519 signature).

            The dossier speaks for the end of --as-of: the records as they were then. Restricted
            evidence is listed by its files' SHA-256 only unless --include-restricted is given.
            The same database, day and key give the same bytes. Nothing is written to the database.
            """)

    @Option(
        name: .customLong("standard"),
        help: ArgumentHelp("A standard the dossier covers (repeat for several).", valueName: "id"))
    var standards: [String] = []

    @Option(help: ArgumentHelp("The day the dossier speaks for.", valueName: "YYYY-MM-DD"))
    var asOf: String

    @Option(
        help: ArgumentHelp(
            "The first day of the period (the audit-trail excerpt starts here).",
            discussion: "Default: a year before --as-of.", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(
        help: ArgumentHelp(
            "The ISO 9001:2026 transition deadline your certification body set, for the transition page.",
            discussion: "Default: three years after the new edition's publication (an estimate).",
            valueName: "YYYY-MM-DD"))
    var transitionDeadline: String?

    @Option(help: ArgumentHelp("The new folder, or a file ending in .zip.", valueName: "path"))
    var out: String

    @Option(help: ArgumentHelp("Languages of the pages.", valueName: "en|ar|fr|es|both"))
    var lang: DossierLanguages = .both

    @Flag(help: "Include restricted evidence files (otherwise listed by SHA-256 only).")
    var includeRestricted = false

    @Flag(help: "Also print each language's index to PDF with headless Chromium (beside the output).")
    var pdf = false

    @Option(
        help: ArgumentHelp(
            "The organisation's private signing key.",
            discussion: "Default: $EQMS_DOSSIER_KEY. Make one with `eqms keys generate --out DIR`.",
            valueName: "path"))
    var key: String?

    @Option(
        help: ArgumentHelp(
            "The database file.", discussion: "Default: $EQMS_DB, else ./eqms.sqlite.", valueName: "path"))
    var db: String?

    @Option(
        help: ArgumentHelp(
            "A PostgreSQL database instead of the SQLite file: postgres://user:password@host:port/name.",
            discussion: "Default: $EQMS_DATABASE_URL.", valueName: "url"))
    var databaseURL: String?

    @Option(
        help: ArgumentHelp(
            "The folder of stored evidence files.",
            discussion: "Default: $EQMS_FILES, else beside the database (eqms.files).", valueName: "dir"))
    var files: String?

    @OptionGroup var library: StandardsOption

    @Flag(help: "Print JSON instead of text, for scripts.")
    var json = false

    func validate() throws {
        if standards.isEmpty {
            throw ValidationError("name at least one standard with --standard, such as iso-9001-2015")
        }
        _ = try request()
    }

    /// The request the options describe.
    func request() throws -> DossierRequest {
        let asOfDate: CalendarDate
        do {
            asOfDate = try CalendarDate(parsing: asOf)
        } catch {
            throw ValidationError("--as-of takes a date as YYYY-MM-DD, such as 2026-11-23")
        }
        var fromDate: CalendarDate?
        if let from {
            guard let parsed = try? CalendarDate(parsing: from) else {
                throw ValidationError("--from takes a date as YYYY-MM-DD")
            }
            guard parsed <= asOfDate else { throw ValidationError("--from must not be after --as-of") }
            fromDate = parsed
        }
        var ids: [StandardID] = []
        for standard in standards {
            guard let id = try? StandardID(standard) else {
                throw ValidationError("--standard \(standard) is not a standard id such as iso-9001-2015")
            }
            ids.append(id)
        }
        var deadline: CalendarDate?
        if let transitionDeadline {
            guard let parsed = try? CalendarDate(parsing: transitionDeadline) else {
                throw ValidationError("--transition-deadline takes a date as YYYY-MM-DD")
            }
            deadline = parsed
        }
        return DossierRequest(
            standards: ids, asOf: asOfDate, from: fromDate, languages: lang.languages,
            includeRestricted: includeRestricted, transitionDeadline: deadline)
    }

    func run() async throws {
        // The database options are the global ones; --lang here means the dossier's languages.
        var arguments: [String] = []
        if let db { arguments += ["--db", db] }
        if let files { arguments += ["--files", files] }
        if let databaseURL { arguments += ["--database-url", databaseURL] }
        let global = try GlobalOptions.parse(arguments)
        let signingKey = try DossierService.signingKey(path: key)
        let schema = try library.library().directory.appendingPathComponent("dossier.xsd")
        let qms = try await global.open()
        let bar = ProgressBar()
        let report = try await qms.dossiers.export(
            try request(), key: signingKey, to: URL(fileURLWithPath: out), schema: schema, pdf: pdf
        ) { bar.update($0) }
        bar.finish()
        if json {
            try Console.json(report)
            return
        }
        Console.out(
            "Dossier written to \(report.path) (\(report.container)): \(report.files) files, "
                + "\(ByteSize.text(report.bytes)).")
        Console.out(
            "As of \(report.asOf), period from \(report.from); \(report.standards.joined(separator: ", ")); "
                + "\(report.requirements) requirements, \(report.evidence) evidence records, "
                + "\(report.evidenceFiles) evidence files; languages \(report.languages.joined(separator: ", ")).")
        Console.out("Signed with the Ed25519 key \(report.fingerprint).")
        Console.out("manifest.json SHA-256: \(report.manifestSHA256)")
        for pdf in report.pdf { Console.out("PDF: \(pdf)") }
        Console.out("Check it with: eqms dossier verify \(report.path) --key dossier-signing.pub")
    }
}

/// `eqms dossier verify PATH`: every byte against the signed manifest, without a database.
struct DossierVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a dossier folder or ZIP against its signed manifest (no database needed).",
        discussion: """
            Hashes every file again and compares it with manifest.json, names each file altered,
            missing or extra, and checks manifest.sig, the Ed25519 signature of the manifest. With
            --key, the dossier must have been signed by that key (the organisation's published
            public key); without it, the key recorded in the manifest is used, which shows that
            nothing changed since signing but not who signed. Exit status 1 on any problem.
            """)

    @Argument(help: ArgumentHelp("The dossier folder or .zip.", valueName: "path"))
    var path: String

    @Option(help: ArgumentHelp("The organisation's public key (dossier-signing.pub).", valueName: "path"))
    var key: String?

    @Flag(help: "Print JSON instead of text, for scripts.")
    var json = false

    func run() async throws {
        let report = try DossierService.verify(URL(fileURLWithPath: path), key: key.map { URL(fileURLWithPath: $0) })
        if json {
            try Console.json(report)
        } else {
            Console.out(DossierVerifyCommand.render(report))
        }
        if !report.clean { throw ExitCode(1) }
    }

    static func render(_ report: DossierVerification) -> String {
        var lines: [String] = []
        for problem in report.problems {
            lines.append("✗ \(problem.kind.rawValue) \(problem.path): \(problem.detail)")
        }
        let what =
            "\(report.container) \(report.path): \(report.files) files, \(ByteSize.text(report.bytes)), "
            + "organisation \(report.organisation), as of \(report.asOf)"
        if report.clean {
            lines.append("✓ The dossier is as signed — \(what).")
            lines.append("  Signed by the Ed25519 key \(report.fingerprint).")
            if !report.keyGiven {
                lines.append(
                    "  Checked against the key recorded in the dossier; pass --key with the organisation's "
                        + "published public key to check who signed it.")
            }
        } else {
            lines.append("")
            lines.append("\(report.problems.count) problem(s): the dossier is not as signed — \(what).")
            lines.append(
                "  fix: ask the organisation for a fresh copy; a dossier that fails verification must not be relied on")
        }
        return lines.joined(separator: "\n")
    }
}
