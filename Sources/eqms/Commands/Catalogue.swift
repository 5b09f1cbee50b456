import ArgumentParser
import Foundation
import QMSCore
import QMSFormats
import QMSServices

/// `eqms catalogue`: the standards and their requirements.
struct CatalogueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "Browse and import requirement catalogues and crosswalks.",
        subcommands: [List.self, Show.self, Import.self, CrosswalkCommand.self, Lint.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the loaded standards.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let qms = try await global.open()
            let standards = try await qms.catalogues.list()
            if global.json { return try Console.json(standards) }
            let language = global.lang
            var table = Table(
                Strings.headers(["id", "edition", "status", "nodes", "requirements", "excluded", "title"], language))
            for standard in standards {
                var status = Strings.text("standard_status_" + standard.status, language)
                if let replacement = standard.replacedBy { status += " → \(replacement)" }
                table.add([
                    standard.id, standard.edition, status, String(standard.nodes), String(standard.requirements),
                    String(standard.excluded), standard.title.text(in: language),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a standard's requirement tree, or the subtree under one number.",
            discussion: "Example: eqms catalogue show iso-9001-2015 8.5 --lang ar")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The standard id, such as iso-9001-2015.") var standard: String
        @Argument(help: "A clause number, such as 8.5; the whole standard when left out.") var number: String?
        @Flag(help: "Also print summaries, documented information, electoral processes and evidence hints.")
        var details = false

        func validate() throws {
            guard StandardID.isValid(standard) else {
                throw ValidationError("'\(standard)' is not a standard id (such as iso-9001-2015)")
            }
        }

        func run() async throws {
            let qms = try await global.open()
            let (standardInfo, nodes) = try await qms.catalogues.show(try StandardID(standard), number: number)
            if global.json { return try Console.json(nodes) }
            let language = global.lang
            Console.out("\(standardInfo.id) — \(standardInfo.title.text(in: language))")
            for node in nodes {
                let indent = String(repeating: "  ", count: node.depth)
                var line = "\(indent)\(node.displayNumber)  \(node.title.text(in: language))"
                if node.exclusion != nil { line += "  [\(Strings.text("excluded", language))]" }
                Console.out(line)
                guard details else { continue }
                let inner = indent + "    "
                Console.out("\(inner)\(node.summary.text(in: language))")
                for item in node.documentedInformation {
                    Console.out(
                        "\(inner)• \(Strings.text("col_documented_information", language)) (\(Strings.term(item.type, language))): \(item.description.text(in: language))"
                    )
                }
                if !node.electoralProcesses.isEmpty {
                    let names = node.electoralProcesses.map { "\($0.rawValue) \($0.name.text(in: language))" }
                    Console.out(
                        "\(inner)• \(Strings.text("electoral_processes", language)): \(names.joined(separator: "; "))")
                }
                for hint in node.evidenceHints {
                    Console.out("\(inner)• \(Strings.text("col_evidence_hints", language)): \(hint.text(in: language))")
                }
                if let exclusion = node.exclusion {
                    Console.out("\(inner)• \(Strings.text("excluded", language)): \(exclusion)")
                }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a catalogue, a crosswalk, or a NIST OSCAL catalog (XML or JSON).",
            discussion: """
                The kind of file is recognised from its content. The file is validated first and
                written in one transaction: a file with any problem changes nothing.
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var standards: StandardsOption
        @Argument(help: "The file to import.") var file: String
        @Option(help: "Standard id for an OSCAL catalog (default: derived from its title).") var id: String?
        @Flag(help: "Load the file as a revision of a standard that is already loaded.") var replace = false

        func validate() throws {
            if let id, !StandardID.isValid(id) {
                throw ValidationError("--id '\(id)' is not a standard id: use lowercase letters, digits and '-'")
            }
        }

        func run() async throws {
            let qms = try await global.open()
            let report = try await qms.catalogues.importFile(
                URL(fileURLWithPath: file), id: try id.map { try StandardID($0) }, replace: replace,
                library: try standards.library())
            if global.json { return try Console.json(report) }
            Console.out("\(report.subject): \(report.outcome) (\(report.kind), \(report.count) entries).")
            if !report.missingArabic.isEmpty {
                Console.note(
                    "\(report.missingArabic.count) text(s) have no Arabic and will be shown in English; see `eqms catalogue lint`."
                )
            }
        }
    }

    struct CrosswalkCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "crosswalk",
            abstract: "Show the requirements of other standards that evidence for one requirement counts towards.",
            discussion: "Example: eqms catalogue crosswalk iso-17582-2014:7.5.1")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The requirement, as STANDARD:NUMBER.") var requirement: String

        func validate() throws {
            do { _ = try RequirementKey(parsing: requirement) } catch { throw ValidationError(FixWording.what(error)) }
        }

        func run() async throws {
            let qms = try await global.open()
            let view = try await qms.catalogues.crosswalk(try RequirementKey(parsing: requirement))
            if global.json { return try Console.json(view) }
            let language = global.lang
            Console.out("\(view.key) — \(view.title.text(in: language))")
            guard !view.credits.isEmpty else {
                return Console.out("No crosswalk maps this requirement to another standard.")
            }
            var table = Table(Strings.headers(["requirement", "credit", "title", "path"], language))
            for credit in view.credits {
                table.add([
                    credit.key.description, Strings.term(credit.credit, language),
                    credit.title?.text(in: language) ?? "", credit.path.map(\.description).joined(separator: " → "),
                ])
            }
            Console.out(table.render())
        }
    }

    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check catalogue files: schema, tree, and texts missing their Arabic translation.",
            discussion:
                "Without files, checks every catalogue of the Standards folder. Exits 1 if any text lacks Arabic.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var standards: StandardsOption
        @Argument(help: "Catalogue files to check.") var files: [String] = []

        func run() async throws {
            let library = try standards.library()
            let reader = try library.catalogueReader()
            let urls = files.isEmpty ? try library.catalogueFiles() : files.map { URL(fileURLWithPath: $0) }
            var problems: [FileProblem] = []
            for url in urls {
                let data: Data
                do { data = try Data(contentsOf: url) } catch {
                    throw ServiceError.cannotReadFile(path: url.path, reason: error.localizedDescription)
                }
                problems += try reader.read(
                    data: data, file: files.isEmpty ? "Standards/\(url.lastPathComponent)" : url.path
                )
                .missingArabic
            }
            if global.json {
                try Console.json(problems)
            } else if problems.isEmpty {
                Console.out("\(urls.count) catalogue(s) valid; every text has its Arabic translation.")
            } else {
                for problem in problems { Console.out(problem.description) }
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}
