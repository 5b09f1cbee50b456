import Foundation
import QMSCore
import TestSupport
import Testing

/// Errors are data: the layers below the front ends never word a fix with a command or a flag,
/// since web and API readers have neither.
@Suite("Errors name no command or flag")
struct ErrorWordingTests {
    static let sources = Repository.sources

    /// Files whose strings are not errors: the command line Chromium is started with.
    static let notErrors: Set<String> = ["PDFPrinter.swift", "DossierStrings.swift"]

    /// A CLI flag (`--note`) or an `eqms` command inside a string literal.
    static func mentionsCommand(_ line: String) -> Bool {
        guard let quote = line.firstIndex(of: "\"") else { return false }
        let literal = line[quote...]
        if literal.contains("`eqms ") || literal.contains("\"eqms ") { return true }
        var previous: Character = "\""
        var index = literal.startIndex
        while index < literal.endIndex {
            let character = literal[index]
            let next = literal.index(after: index)
            if character == "-", next < literal.endIndex, literal[next] == "-",
                previous == " " || previous == "`"
                    || previous == "(" || previous == "\""
            {
                let after = literal.index(after: next)
                if after < literal.endIndex, literal[after].isLetter { return true }
            }
            previous = character
            index = next
        }
        return false
    }

    @Test("no source of the core, the formats, the store, the services or the dossier words a fix with a flag")
    func sourcesNameNoFlag() throws {
        var offending: [String] = []
        for module in ["QMSCore", "QMSFormats", "QMSStore", "QMSServices", "QMSDossier"] {
            let folder = Self.sources.appendingPathComponent(module)
            let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
            while let url = files?.nextObject() as? URL {
                guard url.pathExtension == "swift", !Self.notErrors.contains(url.lastPathComponent) else { continue }
                let text = try String(contentsOf: url, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") && Self.mentionsCommand(String(line)) {
                    offending.append("\(module)/\(url.lastPathComponent):\(number + 1): \(line)")
                }
            }
        }
        #expect(offending.isEmpty, "\(offending.joined(separator: "\n"))")
    }

    @Test("the detector finds a flag and a command, and leaves dashes in prose alone")
    func detector() {
        #expect(Self.mentionsCommand(#"fix: "give --note TEXT")"#))
        #expect(Self.mentionsCommand(#"hint: "list them with `eqms nc list`")"#))
        #expect(!Self.mentionsCommand(#"rule: "the 2026-12-06 review -- not before""#))
        #expect(!Self.mentionsCommand("let x = a -- b"))
    }

    @Test("every fix's own wording names no command or flag")
    func fixWording() {
        let fixes: [Fix] = [
            .give(["note"]), .give(["action", "owner", "due"], example: "x"), .later("due", after: "2026-01-01"),
            .someoneElse, .lookUp(.standard, scope: "iso-9001-2015"), .lookUp(.evidence), .run(.initialise),
            .run(.verify), .run(.pruneStray), .run(.restore), .run(.addUser(role: "tc-member")),
            .run(.replaceCatalogue), .run(.importPlan), .run(.addDocument), .run(.reviseDocument("QP-01")),
            .run(.addEvidence), .run(.planAudit), .run(.decideWorkPlan), .run(.completeRiskAction("RK-1")),
            .run(.assignRole), .run(.linkRecommendation("OR-2019-01")), .run(.generateKeys),
            .run(.setOrganisation), .run(.locateStandards), .run(.exportDossier), .run(.withoutPDF),
            .run(.showHistory("evidence:EV-2026-0001")),
        ]
        for fix in fixes {
            #expect(!Self.mentionsCommand("\"" + fix.description + "\""), "\(fix.description)")
            #expect(!fix.description.contains("eqms"))
        }
    }

    @Test("an error's kind, code and field are data")
    func structure() {
        let missing = DomainError.notFound(kind: .audit, id: "AU-2026-01", hint: .lookUp(.audit))
        #expect(missing.kind == .notFound)
        #expect(missing.code == "domain.not-found")
        let rule = DomainError.ruleViolated(.auditNeedsAuditors, fix: .give(["auditor"]))
        #expect(rule.kind == .invalid)
        #expect(rule.field == "auditor")
        let step = CorrectiveActionError.missingField(
            step: "contained", field: .correctionTaken, inputs: ["note"])
        #expect(step.field == "note")
        #expect(step.code == "correctiveAction.missing-field")
    }
}
