import ArgumentParser
import Foundation
import QMSCore
import QMSFormats
import QMSServices
import QMSStore

extension EvidenceKind: ExpressibleByArgument {}
extension Confidentiality: ExpressibleByArgument {}
extension EvidenceStatus: ExpressibleByArgument {}

/// Parses the day arguments of the evidence commands.
enum DayArgument {
    static func date(_ text: String?, option: String) throws -> CalendarDate? {
        guard let text else { return nil }
        do { return try CalendarDate(parsing: text) } catch {
            throw ValidationError("\(option): \(FixWording.what(error))")
        }
    }

    /// `30d`, `30 days`, `4w`, `4 weeks` or a plain number of days.
    static func days(_ text: String, option: String) throws -> Int {
        let lower = text.lowercased().filter { !$0.isWhitespace }
        let digits = String(lower.prefix { $0.isASCII && $0.isNumber })
        let unit = lower.dropFirst(digits.count)
        let multiplier: Int? =
            switch unit {
            case "", "d", "day", "days": 1
            case "w", "week", "weeks": 7
            default: nil
            }
        guard let multiplier, let value = Int(digits), value >= 0 else {
            throw ValidationError(
                "\(option) takes a number of days or weeks such as 30d, \"30 days\", 4w or \"4 weeks\", not '\(text)'")
        }
        return value * multiplier
    }

    /// Whether a word is the unit of a duration given as two arguments (`--within 30 days`).
    static func isDurationUnit(_ word: String) -> Bool {
        ["d", "day", "days", "w", "week", "weeks"].contains(word.lowercased())
    }

    static func keys(_ texts: [String]) throws -> [RequirementKey] {
        var keys: [RequirementKey] = []
        for text in texts.flatMap({ $0.split(separator: ";").map(String.init) }) {
            do { keys.append(try RequirementKey(parsing: text)) } catch {
                throw ValidationError(FixWording.what(error))
            }
        }
        return keys
    }

    static func id(_ text: String) throws -> EvidenceID {
        do { return try EvidenceID(parsing: text) } catch { throw ValidationError(FixWording.what(error)) }
    }
}

/// The fields of an evidence record as options, shared by `add` and `revise`.
struct EvidenceFields: ParsableArguments {
    @Option(help: "The title.") var title: String?
    @Option(help: "A longer description.") var description: String?
    @Option(
        name: .customLong("requirement"),
        help: ArgumentHelp("A requirement it supports, as STANDARD:NUMBER (repeatable).", valueName: "key"))
    var requirements: [String] = []
    @Option(help: "document, record, link or note (default: document with files, link with --link, else note).")
    var kind: EvidenceKind?
    @Option(name: .customLong("file"), help: ArgumentHelp("A file to attach (repeatable).", valueName: "path"))
    var files: [String] = []
    @Option(help: "An http(s) address where it can be read.") var link: String?
    @Option(help: "The first day it speaks for, YYYY-MM-DD (default: today).") var effective: String?
    @Option(help: "The last day of the period it speaks for.") var effectiveTo: String?
    @Option(help: "When it was collected (default: today).") var collected: String?
    @Option(help: "When it expires.") var validUntil: String?
    @Option(help: "When it must next be reviewed.") var reviewDue: String?
    @Option(help: "Who is responsible for it (default: the actor).") var owner: String?
    @Option(help: "The process: EP-01 … EP-08 or a QMS process name.") var process: String?
    @Option(help: "Headquarters or the name of a field office.") var location: String?
    @Option(help: "public, internal or restricted.") var confidentiality: Confidentiality?
    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag (repeatable).", valueName: "tag")) var tags: [String] =
        []
    @Flag(help: "Record it as a draft, which counts only in part.") var draft = false

    /// The options as the raw fields every front end assembles a draft from.
    var input: EvidenceInput {
        EvidenceInput(
            title: title, description: description, kind: kind?.rawValue, link: link, owner: owner, process: process,
            location: location, effective: effective, effectiveTo: effectiveTo, collected: collected,
            validUntil: validUntil, reviewDue: reviewDue, confidentiality: confidentiality?.rawValue,
            status: draft ? "draft" : nil, requirements: requirements, tags: tags, hasFiles: !files.isEmpty)
    }

    func validate() throws {
        for (text, option) in [
            (effective, "--effective"), (effectiveTo, "--effective-to"), (collected, "--collected"),
            (validUntil, "--valid-until"), (reviewDue, "--review-due"),
        ] {
            _ = try DayArgument.date(text, option: option)
        }
        _ = try DayArgument.keys(requirements)
    }
}

/// `eqms evidence`: the evidence register.
struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Log, revise, withdraw, list and import evidence records.",
        subcommands: [Add.self, List.self, Show.self, Revise.self, Withdraw.self, Import.self, File.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Log a new evidence record.",
            discussion: """
                Example: eqms evidence add --title "Internal audit report 2026" \\
                           --requirement iso-9001-2015:9.2.2 --file audit-2026.pdf --valid-until 2027-06-30
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var fields: EvidenceFields

        func validate() throws {
            guard fields.title != nil else { throw ValidationError("give --title") }
            guard !fields.requirements.isEmpty else {
                throw ValidationError("give at least one --requirement STANDARD:NUMBER")
            }
        }

        func run() async throws {
            let qms = try await global.open()
            let draft = try fields.input.draft(owner: global.actorName, today: qms.today)
            let record = try await qms.evidence.add(draft, files: fields.files.map { URL(fileURLWithPath: $0) })
            if global.json { return try Console.json(record) }
            Console.out("Logged \(record.id): \(record.content.title) (\(record.files.count) file(s)).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the evidence register (latest revisions).")
        @OptionGroup var global: GlobalOptions
        @Option(
            help:
                "Only the evidence the compliance matrix counts for this requirement (STANDARD:NUMBER), as its page lists it."
        ) var requirement: String?
        @Option(help: "Only this status: draft, current, superseded, withdrawn.") var status: EvidenceStatus?
        @Option(help: "Only this owner.") var owner: String?
        @Option(help: "Only this process.") var process: String?
        @Option(help: "Only current evidence expiring within this time (30d, 4w), or already expired.")
        var expiringWithin: String?

        func validate() throws {
            if let requirement { _ = try DayArgument.keys([requirement]) }
            if let expiringWithin { _ = try DayArgument.days(expiringWithin, option: "--expiring-within") }
        }

        func run() async throws {
            let qms = try await global.open()
            var filter = EvidenceFilter(
                requirement: try requirement.map { try DayArgument.keys([$0])[0] }, status: status, owner: owner,
                process: process)
            filter.includeHistory = status == .superseded
            let days = try expiringWithin.map { try DayArgument.days($0, option: "--expiring-within") }
            if global.json {
                // Written as it is read, a page at a time: 100,000 records cost no more memory than 1,000.
                let stream = JSONArrayStream()
                try await qms.evidence.forEachListed(filter, expiringWithin: days) { page in try stream.add(page) }
                return try stream.finish()
            }
            let records = try await qms.evidence.list(filter, expiringWithin: days)
            var table = Table(
                Strings.headers(
                    ["id", "rev", "status", "kind", "title", "owner", "col_effective", "valid_until", "requirements"],
                    global.lang))
            table.maximumWidth = 48
            for record in records {
                table.add([
                    record.id.description, String(record.revision), record.status.rawValue,
                    record.content.kind.rawValue,
                    record.content.title, record.content.owner, record.content.effectiveFrom.description,
                    record.content.validUntil?.description ?? "",
                    record.content.requirements.map(\.description).joined(separator: " "),
                ])
            }
            Console.out(table.render())
            Console.note("\(records.count) record(s).")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an evidence record with every revision.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The record, such as EV-2026-0042.") var id: String

        func validate() throws { _ = try DayArgument.id(id) }

        func run() async throws {
            let qms = try await global.open()
            let revisions = try await qms.evidence.revisions(try DayArgument.id(id))
            if global.json { return try Console.json(revisions) }
            for record in revisions.reversed() {
                let content = record.content
                Console.out("\(record.id) revision \(record.revision) — \(record.status.rawValue)")
                var lines: [(String, String)] = [
                    ("Title", content.title), ("Kind", content.kind.rawValue), ("Owner", content.owner),
                    ("Process", content.process ?? ""), ("Location", content.location),
                    ("Effective", content.effectiveFrom.description + (content.effectiveTo.map { " to \($0)" } ?? "")),
                    ("Collected", content.collectedOn.description),
                    ("Valid until", content.validUntil?.description ?? ""),
                    ("Review due", content.reviewDue?.description ?? ""),
                    ("Confidentiality", content.confidentiality.rawValue),
                    ("Requirements", content.requirements.map(\.description).joined(separator: ", ")),
                    ("Tags", content.tags.joined(separator: ", ")), ("Link", content.link ?? ""),
                    ("Description", content.description ?? ""),
                    ("Recorded", "\(record.recordedAt) by \(record.recordedBy)"),
                ]
                if let reason = record.withdrawnReason { lines.append(("Withdrawn", reason)) }
                for (index, file) in record.files.enumerated() {
                    lines.append(
                        (
                            "File \(index + 1)",
                            "\(file.originalName) (\(file.mediaType), \(file.size) bytes, sha256 \(file.sha256))"
                        ))
                }
                for (label, value) in lines where !value.isEmpty {
                    Console.out("  \(label.padding(toLength: 16, withPad: " ", startingAt: 0)) \(value)")
                }
            }
        }
    }

    struct Revise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new revision of an evidence record; the previous one stays readable, superseded.",
            discussion: """
                Options not given keep their value. --requirement replaces the list of requirements.
                New --file options are added to the files; --replace-files drops the old ones.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The record, such as EV-2026-0042.") var id: String
        @OptionGroup var fields: EvidenceFields
        @Flag(help: "Drop the previous revision's files.") var replaceFiles = false
        @Flag(help: "Make a draft current.") var current = false

        func validate() throws { _ = try DayArgument.id(id) }

        func run() async throws {
            let qms = try await global.open()
            let evidenceID = try DayArgument.id(id)
            var draft = try await qms.evidence.latest(evidenceID).content
            if let title = fields.title { draft.title = title }
            if let description = fields.description { draft.description = description }
            if let kind = fields.kind { draft.kind = kind }
            if let link = fields.link { draft.link = link }
            if let owner = fields.owner { draft.owner = owner }
            if let process = fields.process { draft.process = process }
            if let location = fields.location { draft.location = location }
            if let confidentiality = fields.confidentiality { draft.confidentiality = confidentiality }
            if let day = try DayArgument.date(fields.effective, option: "--effective") { draft.effectiveFrom = day }
            if let day = try DayArgument.date(fields.effectiveTo, option: "--effective-to") { draft.effectiveTo = day }
            if let day = try DayArgument.date(fields.collected, option: "--collected") { draft.collectedOn = day }
            if let day = try DayArgument.date(fields.validUntil, option: "--valid-until") { draft.validUntil = day }
            if let day = try DayArgument.date(fields.reviewDue, option: "--review-due") { draft.reviewDue = day }
            if !fields.requirements.isEmpty { draft.requirements = try DayArgument.keys(fields.requirements) }
            if !fields.tags.isEmpty { draft.tags = fields.tags }
            if fields.draft { draft.status = .draft }
            if current { draft.status = .current }
            let record = try await qms.evidence.revise(
                evidenceID, with: EvidenceDraft(copying: draft), files: fields.files.map { URL(fileURLWithPath: $0) },
                keepFiles: !replaceFiles)
            if global.json { return try Console.json(record) }
            Console.out("\(record.id) is now at revision \(record.revision).")
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw an evidence record; it stays readable and stops counting.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The record, such as EV-2026-0042.") var id: String
        @Option(help: "Why it is withdrawn.") var reason: String

        func validate() throws { _ = try DayArgument.id(id) }

        func run() async throws {
            let qms = try await global.open()
            let record = try await qms.evidence.withdraw(try DayArgument.id(id), reason: reason)
            if global.json { return try Console.json(record) }
            Console.out("\(record.id) withdrawn.")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import evidence records from a CSV file, all or nothing.",
            discussion: """
                Columns: \(EvidenceCSV.template)
                Optional columns: \(EvidenceCSV.optionalColumns.joined(separator: ","))
                Several requirements, files or tags are separated by ';'. File paths are relative to the
                CSV file's folder. Any bad row aborts the import with its row, column and reason, and
                nothing is written. `--template` prints the header line.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file.") var file: String?
        @Flag(help: "Print the header line of the format and stop.") var template = false

        func validate() throws {
            if !template && file == nil { throw ValidationError("give the CSV file, or --template") }
        }

        func run() async throws {
            if template { return Console.out(EvidenceCSV.template) }
            let qms = try await global.open()
            let bar = ProgressBar()
            let report: EvidenceImportReport
            do {
                report = try await qms.evidence.importCSV(URL(fileURLWithPath: file ?? ""), progress: bar.update)
                bar.finish()
            } catch {
                bar.finish()
                throw error
            }
            if global.json { return try Console.json(report) }
            Console.out(
                "Imported \(report.records) record(s), \(report.first) … \(report.last); \(report.filesStored) file(s) stored."
            )
        }
    }

    struct File: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a file attached to an evidence record out of the file store.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The record, such as EV-2026-0042.") var id: String
        @Option(help: "The revision (default: the latest).") var revision: Int?
        @Option(help: "Which attached file, from 1.") var index = 1
        @Option(help: "Where to write it.") var out: String

        func validate() throws { _ = try DayArgument.id(id) }

        func run() async throws {
            let qms = try await global.open()
            let file = try await qms.evidence.exportFile(
                try DayArgument.id(id), revision: revision, index: index, to: URL(fileURLWithPath: out))
            if global.json { return try Console.json(file) }
            Console.out("Wrote \(out) (\(file.originalName), \(file.size) bytes).")
        }
    }
}
