import ArgumentParser
import Foundation
import QMSCore
import QMSServices

/// `eqms document`: documented information under control (ISO 9001 7.5).
struct DocumentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "document",
        abstract: "Keep the controlled documents: the master list, versions from draft to issue, reviews.",
        discussion: """
            A version goes draft → in-review → approved → issued; issuing the next version makes the one
            before obsolete (kept and marked). Neither approval nor issue by the version's author. An issued
            document is evidence for the requirements it names and for ISO 9001 7.5.2 and 7.5.3.
            """,
        subcommands: [
            Add.self, List.self, Show.self, Submit.self, Approve.self, Reject.self, Issue.self, Revise.self,
            Review.self, Obsolete.self, Distribute.self,
        ])

    /// An argument naming a document by its code.
    struct CodeArgument: ParsableArguments {
        @Argument(help: "The document's code, such as QP-01.") var code: String
        var value: RegisterCode { get throws { try RegisterArgument.code(code, field: "document code") } }
        func validate() throws { _ = try value }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a controlled document; its version 1 is a draft written by --actor.",
            discussion: """
                Example: eqms document add QP-01 --title "Quality policy" --kind policy --owner "Quality unit" \\
                           --requirement iso-9001-2015:5.2.2 --distribute-to "All staff"
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument
        @Option(help: "The title.") var title: String
        @Option(help: "policy, manual, procedure, form, work-instruction or external.") var kind: DocumentKind
        @Option(help: "Who keeps it up to date.") var owner: String
        @Option(help: "The process or electoral process (EP-01 … EP-08) it belongs to.") var process: String?
        @Option(help: "Where it can be read (http:// or https://).") var link: String?
        @Option(help: "Who issues an external document (the legislature, ISO …).") var origin: String?
        @Option(help: "Months an issued version holds before review (default 12).") var reviewMonths = 12
        @Option(name: .customLong("distribute-to"), help: "Who holds a controlled copy (repeatable).")
        var distribution: [String] = []
        @Option(help: "What this first version says or changes.") var changes: String?
        @OptionGroup var requirements: RequirementsOption

        func run() async throws {
            let qms = try await global.open()
            let document = try await qms.documents.add(
                DocumentDraft(
                    code: try code.value, title: title, kind: kind, owner: owner, process: process, link: link,
                    origin: origin, reviewMonths: reviewMonths, distribution: distribution,
                    requirements: try requirements.keys),
                changes: changes)
            if global.json { return try Console.json(document) }
            Console.out(
                "Registered \(document.content.code) version 1 (draft). Next: eqms document submit \(document.content.code)"
            )
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The master list of controlled documents.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only documents whose newest version has this status.") var status: DocumentStatus?
        @Flag(help: "Leave obsolete documents out.") var current = false
        @OptionGroup var export: ExportOption

        func run() async throws {
            let qms = try await global.open()
            if let url = export.url {
                let rows = try await qms.documents.exportCSV(to: url)
                return try export.report(rows: rows, noun: "documents", json: global.json)
            }
            let list = try await qms.documents.list(includeObsolete: !current, status: status)
            if global.json { return try Console.json(list) }
            let language = global.lang
            var table = Table(
                Strings.headers(
                    ["reg_code", "title", "kind", "owner", "status", "reg_in_force", "reg_next_review", "alerts"],
                    language))
            table.maximumWidth = 44
            for entry in list {
                let document = entry.record
                table.add([
                    document.content.code.description, document.content.title,
                    Strings.term(document.content.kind, language), document.content.owner,
                    Strings.term(document.status, language),
                    document.inForce.map { "v\($0.number)" } ?? "", document.inForce?.nextReview?.description ?? "",
                    Strings.alerts(entry.alerts, language),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A document with every version, obsolete ones marked.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument

        func run() async throws {
            let qms = try await global.open()
            let entry = try await qms.documents.show(try code.value)
            if global.json { return try Console.json(entry) }
            let document = entry.record
            let content = document.content
            Console.out("\(content.code)  \(content.title)")
            Console.out(
                "\(content.kind.rawValue), owner \(content.owner), reviewed every \(content.reviewMonths) months")
            if let origin = content.origin { Console.out("origin: \(origin)") }
            if let link = content.link { Console.out("link: \(link)") }
            if !content.distribution.isEmpty {
                Console.out("distribution: " + content.distribution.joined(separator: "; "))
            }
            if !content.requirements.isEmpty {
                Console.out("requirements: " + content.requirements.map(\.description).joined(separator: " "))
            }
            if let evidence = document.evidence { Console.out("evidence: \(evidence)") }
            let language = global.lang
            var table = Table(
                Strings.headers(
                    [
                        "reg_version", "status", "reg_author", "reg_approved_by", "reg_issued_by", "reg_next_review",
                        "plans_note",
                    ], language))
            for version in document.versions {
                table.add([
                    "v\(version.number)", Strings.term(version.status, language), version.author,
                    [version.approvedBy, version.approvedOn?.description].compactMap { $0 }.joined(separator: " "),
                    [version.issuedBy, version.issuedOn?.description].compactMap { $0 }.joined(separator: " "),
                    version.status == .issued ? version.nextReview?.description ?? "" : "",
                    version.obsoleteReason ?? version.returnedNote ?? version.changes ?? "",
                ])
            }
            Console.out(table.render())
            if !entry.alerts.isEmpty { Console.out("alerts: " + Strings.alerts(entry.alerts, language)) }
            if !document.allowedNext.isEmpty {
                Console.out("next: " + document.allowedNext.map(\.rawValue).joined(separator: ", "))
            }
        }
    }

    /// The shape of every workflow verb: a code, a change, a line saying where it now stands.
    static func report(_ document: ControlledDocument, json: Bool) throws {
        if json { return try Console.json(document) }
        let latest = document.latest
        Console.out(
            "\(document.content.code) version \(latest?.number ?? 0) is \(document.status.rawValue)."
                + (document.evidence.map { " Evidence: \($0)." } ?? ""))
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send the draft version to review.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument

        func run() async throws {
            try DocumentCommand.report(try await global.open().documents.submit(try code.value), json: global.json)
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve the version in review (not by its author: give the approver with --actor).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument

        func run() async throws {
            try DocumentCommand.report(try await global.open().documents.approve(try code.value), json: global.json)
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Return the version in review to draft, saying why.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument
        @Option(help: "What must change.") var note: String

        func run() async throws {
            try DocumentCommand.report(
                try await global.open().documents.reject(try code.value, note: note), json: global.json)
        }
    }

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue the approved version (not by its author); the version before becomes obsolete.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument

        func run() async throws {
            try DocumentCommand.report(try await global.open().documents.issue(try code.value), json: global.json)
        }
    }

    struct Revise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the next version in draft; the issued one stays in force until it is replaced.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument
        @Option(help: "What the new version changes.") var changes: String

        func run() async throws {
            try DocumentCommand.report(
                try await global.open().documents.revise(try code.value, changes: changes), json: global.json)
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a periodic review that changed nothing; the next review moves on by the interval.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument
        @Option(help: "What the review found.") var note: String?

        func run() async throws {
            let document = try await global.open().documents.review(try code.value, note: note)
            if global.json { return try Console.json(document) }
            Console.out(
                "\(document.content.code) reviewed; next review \(document.inForce?.nextReview?.description ?? "—").")
        }
    }

    struct Obsolete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw the issued document: obsolete, kept and marked, never issued again.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument
        @Option(help: "Why it is withdrawn.") var reason: String

        func run() async throws {
            try DocumentCommand.report(
                try await global.open().documents.obsolete(try code.value, reason: reason), json: global.json)
        }
    }

    struct Distribute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record who holds controlled copies.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var code: CodeArgument
        @Option(name: .customLong("to"), help: "An office, role or person (repeatable).") var holders: [String] = []

        func validate() throws {
            if holders.isEmpty { throw ValidationError("give --to NAME (repeatable)") }
        }

        func run() async throws {
            let document = try await global.open().documents.distribute(try code.value, to: holders)
            if global.json { return try Console.json(document) }
            Console.out(
                "\(document.content.code) is distributed to " + document.content.distribution.joined(separator: "; ")
                    + ".")
        }
    }
}
