import Foundation
import QMSCore
import Testing

@testable import QMSPresentation

/// What a value should look like and how to get past an error are data (`Expectation`, `Advice`,
/// `Operation`, `RecordKind`); the catalogues word each of them in the four languages, and a reader
/// of pages reads a fix in the web's terms: pages by their navigation names, never a command.
@Suite("Fixes and expectations in the reader's language")
struct FixWordingTests {
    /// The placeholders of a message: `{name}` → `name`.
    static func placeholders(_ text: String) -> Set<String> {
        Set(text.matches(of: #/\{([a-zA-Z]+)\}/#).map { String($0.output.1) })
    }

    /// Every key the fixes and expectations are worded from, with the placeholders their values fill.
    static func keys() -> [(key: String, arguments: Set<String>)] {
        var keys: [(String, Set<String>)] = []
        for expectation in Expectation.allExamples {
            keys.append((Messages.errorKey(expectation.messageCode), Set(expectation.arguments.keys)))
        }
        for advice in Advice.allExamples {
            keys.append((Messages.adviceKey(advice), Set(advice.arguments.keys)))
        }
        for operation in Operation.allExamples {
            var arguments: Set<String> = Messages.page(of: operation) == nil ? [] : ["page"]
            switch operation {
            case .addUser(let role?) where !role.isEmpty: arguments.insert("role")
            case .reviseDocument: arguments.insert("code")
            case .linkRecommendation: arguments.insert("id")
            case .showHistory: arguments.insert("entity")
            default: break
            }
            keys.append((Messages.operationKey(operation), arguments))
        }
        for kind in RecordKind.allCases {
            keys.append((Messages.recordKindKey(kind), []))
        }
        keys += [
            ("fix_look_up", ["kind"]), ("fix_look_up_page", ["kind", "page"]),
            ("fix_look_up_standard", ["scope", "page"]), ("fix_look_up_plan", ["scope", "page"]),
        ]
        return keys
    }

    @Test("the examples cover every case: each case's name appears once or more")
    func examplesCoverCases() {
        // A case added to an enum without an example would escape the catalogue check below; the
        // names also are the catalogue keys, so two cases never share one.
        #expect(Set(Expectation.allExamples.map(\.name)).count == 78)
        #expect(Set(Advice.allExamples.map(\.name)).count == Advice.allExamples.count)
        #expect(Set(Operation.allExamples.map(\.name)).count == 21)
    }

    @Test("every key is in the four catalogues with the placeholders its values fill")
    func catalogues() throws {
        let messages = try Messages.load()
        var problems: [String] = []
        for (key, arguments) in Self.keys() {
            for language in Language.allCases {
                guard messages.has(key, language) else {
                    problems.append("\(key): no \(language.rawValue)")
                    continue
                }
                let found = Self.placeholders(messages.text(key, language))
                if found != arguments {
                    problems.append("\(key) (\(language.rawValue)): \(found.sorted()) ≠ \(arguments.sorted())")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems)")
        #expect(Self.keys().count > 250)
    }

    @Test("the English of an expectation and an advice reads as the command line always printed it")
    func english() throws {
        let messages = try Messages.load()
        let error = DomainError.invalidValue(
            field: "confidentiality", value: "secret", expected: .either(["public", "internal", "restricted"]))
        #expect(
            messages.error(error, .english)
                == "confidentiality \"secret\" is not valid: expected public, internal or restricted")
        #expect(
            messages.fix(try #require(error.fix), .english) == "give confidentiality as public, internal or restricted")
        let title = DomainError.invalidValue(field: "title", value: "", expected: .title(maximum: 300))
        #expect(messages.error(title, .english) == "title \"\" is not valid: expected a title of 1 to 300 characters")
        #expect(
            messages.advice(.nextSteps(["analysed", "planned"]), .english)
                == "the next steps allowed are analysed, planned")
        #expect(
            messages.advice(.revisionFiles(id: "EV-2026-0042", revision: 2, count: 1), .english)
                == "EV-2026-0042 revision 2 has 1 file(s)")
    }

    @Test("a look-up or an operation is worded in the web's terms: the page by its navigation name, no command")
    func webTerms() throws {
        let messages = try Messages.load()
        for language in Language.allCases {
            let plans = messages.fix(.lookUp(.plan), language)
            #expect(plans.contains(messages.text("nav_plans", language)), "\(plans)")
            #expect(plans.contains(messages.text("record_kind_plan", language)), "\(plans)")
            let standard = messages.fix(.lookUp(.standard, scope: "iso-9001-2015"), language)
            #expect(standard.contains("iso-9001-2015") && standard.contains(messages.text("nav_catalogue", language)))
            let user = messages.fix(.run(.addUser(role: "auditor")), language)
            #expect(
                user.contains(messages.text("nav_users", language))
                    && user.contains(messages.term(Role.auditor, language)))
            let organisation = messages.fix(.run(.setOrganisation), language)
            #expect(organisation.contains(messages.text("nav_organisation", language)))
            let dossier = messages.fix(.run(.exportDossier), language)
            #expect(dossier.contains(messages.text("nav_dossier", language)))
            for operation in Operation.allExamples {
                let text = messages.fix(.run(operation), language)
                #expect(!text.contains("eqms") && !text.contains("--") && !text.contains("`"), "\(text)")
                #expect(Self.placeholders(text).isEmpty, "\(text)")
            }
            for kind in RecordKind.allCases {
                let text = messages.fix(.lookUp(kind), language)
                #expect(!text.contains("eqms") && !text.contains("--") && Self.placeholders(text).isEmpty, "\(text)")
            }
        }
        #expect(messages.fix(.run(.verify), .arabic) != messages.fix(.run(.verify), .english))
    }

    @Test("no string literal is an expectation or an advice in the sources: each is a coded case")
    func noFreeText() throws {
        var folder = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { folder.deleteLastPathComponent() }
        let sources = folder.appendingPathComponent("Sources")
        var offending: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        var scanned = 0
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            scanned += 1
            let text = try String(contentsOf: url, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("expected: \"") || line.contains(".advice(\"") {
                offending.append("\(url.lastPathComponent):\(number + 1): \(line)")
            }
        }
        #expect(scanned > 100)
        #expect(offending.isEmpty, "\(offending.joined(separator: "\n"))")
    }

    @Test("a value's field is named by its form label in Arabic, French and Spanish, by its name in English")
    func fieldLabel() throws {
        let messages = try Messages.load()
        let error = DomainError.invalidValue(field: "valid-until", value: "2026-02-30", expected: .realDay)
        #expect(messages.error(error, .english).contains("valid-until"))
        for language in [Language.arabic, .french, .spanish] {
            let text = messages.error(error, language)
            #expect(text.contains(messages.text("valid_until", language)), "\(text)")
            #expect(!text.contains("valid-until"), "\(text)")
            // Its fix too: "أدخِل «صالح حتى» …", never "أدخِل valid-until …".
            let fix = messages.fix(.advice(.giveAs(field: "valid-until", expected: .dateWritten)), language)
            #expect(fix.contains(messages.text("valid_until", language)), "\(fix)")
            #expect(!fix.contains("valid-until"), "\(fix)")
        }
    }
}
