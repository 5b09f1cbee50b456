import ArgumentParser
import Foundation
import QMSPresentation
import QMSServices
import QMSStore

/// `eqms verify`: that the records are what the audit trail says they are.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the audit trail, every record against it, every reference and every stored file.",
        discussion: """
            Checks, in one consistent view of the database:
              database     SQLite's own integrity check of the file
              audit trail  every event's SHA-256 and its link to the event before it
              records      every record's current content against what the trail says it became,
                           so that a change made behind the application's back is caught
              references   every requirement and file a record refers to exists
              files        every stored file against its SHA-256; files no record refers to

            Each problem is named with what is wrong, where, and how to fix it. Exit status 1 when
            any error is found. Stray files (left by an interrupted attach) and unfinished
            temporary files are warnings: reported, but the status stays 0 unless --strict is given.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Exit 1 on warnings (stray or unfinished files) too.") var strict = false
    @Flag(help: "Remove stray and unfinished files that have not been touched for an hour.") var pruneStray = false
    @Flag(help: "Check that stored files exist without hashing them (faster).") var quick = false
    @Option(
        help: ArgumentHelp(
            "An audit trail head written down earlier, as SEQ:HASH (verify and backup print it).",
            discussion: "That event must still have that hash: catches a trail rewritten with recomputed hashes.",
            valueName: "seq:hash"))
    var anchor: String?

    func validate() throws { _ = try parsedAnchor() }

    /// The `--anchor` option as a head.
    func parsedAnchor() throws -> AuditHead? {
        guard let anchor else { return nil }
        let parts = anchor.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let sequence = Int64(parts[0]), sequence >= 1, parts[1].count == 64,
            parts[1].allSatisfy(\.isHexDigit)
        else {
            throw ValidationError("--anchor takes SEQ:HASH, such as 1234:3f5a… (64 hexadecimal digits)")
        }
        return AuditHead(sequence: sequence, hash: parts[1].lowercased())
    }

    func run() async throws {
        let qms = try await global.open()
        var options = VerifyOptions()
        options.pruneStray = pruneStray
        options.hashFiles = !quick
        options.anchor = try parsedAnchor()
        let bar = ProgressBar()
        let report = try await qms.integrity.verify(options) { bar.update($0) }
        bar.finish()
        if global.json {
            try Console.json(report)
        } else {
            Console.out(VerifyCommand.render(report))
        }
        if !report.clean || (strict && report.warnings > 0) { throw ExitCode(1) }
    }

    /// The report for people: a table of the checks, then each problem with its fix.
    static func render(_ report: IntegrityReport) -> String {
        var table = Table(["CHECK", "WHAT WAS CHECKED", "ERRORS", "WARNINGS"])
        table.maximumWidth = 110
        for check in IntegrityCheck.allCases {
            let problems = report.problems(of: check)
            let errors = problems.filter { $0.severity == .error }.count
            table.add([check.rawValue, scope(of: check, report), String(errors), String(problems.count - errors)])
        }
        var lines = [table.render()]
        for problem in report.problems {
            let mark = problem.severity == .error ? "✗" : "!"
            lines.append("")
            lines.append("\(mark) \(problem.severity.rawValue) \(problem.kind.rawValue): \(problem.subject)")
            if let location = problem.location { lines.append("    where: \(location)") }
            lines.append("    \(problem.message)")
            lines.append("    fix: " + FixWording.text(for: problem.fix))
        }
        if !report.pruned.isEmpty {
            lines.append("")
            lines.append("Removed \(report.pruned.count) stray or unfinished file(s).")
        }
        if !report.unchecked.isEmpty {
            lines.append("")
            lines.append(
                "Note: the history of \(report.unchecked.joined(separator: ", ")) is chained but not compared with "
                    + "current records (no register checks them).")
        }
        lines.append("")
        if let head = report.head {
            lines.append("Audit trail head: \(head.sequence):\(head.hash) (write it down; `--anchor` checks it later)")
        }
        lines.append(
            report.clean
                ? "Clean: the records are what the audit trail says they are"
                    + (report.warnings > 0 ? " (\(report.warnings) warning(s))." : ".")
                : "\(report.errors) error(s), \(report.warnings) warning(s).")
        return lines.joined(separator: "\n")
    }

    private static func scope(of check: IntegrityCheck, _ report: IntegrityReport) -> String {
        switch check {
        case .database: return "the database file"
        case .trail: return "\(report.events) events"
        case .records:
            let parts = report.records.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map {
                "\($0.value) \($0.key)"
            }
            return parts.isEmpty ? "no records yet" : parts.joined(separator: ", ")
        case .references: return "\(report.references) kinds of reference"
        case .files:
            let size = ByteSize.text(report.bytes)
            return report.filesHashed ? "\(report.files) files, \(size) hashed" : "\(report.files) files (not hashed)"
        }
    }
}

/// Sizes for people (`512 B`, `3.4 MiB`), as the web and the dossier write them.
enum ByteSize {
    static func text(_ bytes: Int64) -> String { NumberFormatting(PresentationLocale(.english)).bytes(bytes) }
}
