import Foundation
import QMSCore
import TestSupport
import Testing

@testable import QMSPresentation

/// The message catalogues as files: valid for gettext, complete in every language, every key
/// used, every domain word as the glossary says.
@Suite("Message catalogues")
struct CatalogueTests {
    static let folder = Repository.root.appendingPathComponent("Sources/QMSPresentation/Catalogues")

    static func file(_ language: Language) throws -> POFile {
        let data = try Data(contentsOf: folder.appendingPathComponent(language.rawValue + ".po"))
        return try POReader().read(Array(data), file: language.rawValue + ".po")
    }

    @Test("the shipped catalogues load, with the Plural-Forms the CLDR rules assume")
    func loads() throws {
        let messages = try Messages.load()
        #expect(messages.keys.count > 500)
        #expect(messages.text("evidence_status_current", .arabic) == "ساري")
        #expect(messages.text("no_such_key", .arabic) == "no_such_key")
    }

    @Test("msgfmt --check accepts every catalogue", arguments: Language.allCases)
    func msgfmt(_ language: Language) throws {
        let path = try #require(
            Program.locate("msgfmt"), "gettext is not installed: run scripts/ensure-packages.sh gettext")
        let result = try Program.run(
            path, ["--check", "-o", "/dev/null", Self.folder.appendingPathComponent(language.rawValue + ".po").path])
        #expect(result.status == 0, "\(result.errors)")
    }

    @Test("every language has every key, in the same order, with the English source text")
    func sameKeys() throws {
        let english = try Self.file(.english)
        for language in Language.allCases {
            let file = try Self.file(language)
            #expect(file.entries.map(\.context) == english.entries.map(\.context), "\(language)")
            #expect(file.entries.map(\.id) == english.entries.map(\.id), "\(language)")
            #expect(file.entries.allSatisfy { !$0.references.isEmpty }, "\(language): an entry without #:")
        }
    }

    /// Expected to fail for French and Spanish until their translations are filled in.
    @Test("no key is missing from any language (an empty msgstr is missing)", arguments: Language.allCases)
    func complete(_ language: Language) throws {
        let missing = try Self.file(language).entries.filter { $0.strings.contains("") }.compactMap(\.context)
        #expect(missing.isEmpty, "\(language.rawValue): \(missing.count) missing, such as \(missing.prefix(8))")
    }

    @Test("keys are snake_case ASCII without dots, as Mustache reads {{t.key}}")
    func keyShape() throws {
        for entry in try Self.file(.english).entries {
            let key = entry.context ?? ""
            #expect(
                !key.isEmpty && key.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" },
                "\(key)")
        }
    }

    /// Every Swift source and template of the front ends, the places a key can be used.
    static func sources(suffixes: [String] = [".swift", ".mustache"]) throws -> String {
        var text = ""
        for module in ["QMSWeb", "QMSDossier", "eqms", "QMSPresentation", "QMSServices", "QMSFormats"] {
            let root = Repository.sources.appendingPathComponent(module)
            guard let walker = FileManager.default.enumerator(atPath: root.path) else { continue }
            for case let path as String in walker where suffixes.contains(where: path.hasSuffix) {
                text += (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
            }
        }
        return text
    }

    /// The keys of status and category values, read through ``Messages/term(_:_:)``: the glossary
    /// lists each with its key.
    static func glossary() throws -> [[String]] {
        let text = try String(contentsOf: folder.appendingPathComponent("glossary.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test("every key is used: by a source or a template, built from a prefix, or a term of the glossary")
    func used() throws {
        let sources = try Self.sources()
        let terms = Set(try Self.glossary().compactMap { $0.count == 5 ? $0[4] : nil })
        // Keys built at run time: `"lang_" + code`, `"standard_status_" + status`, and the transition
        // report's `"transition_" + change kind` and `"transition_status_" + status`, and the errors'
        // `"error_" + message code` (`Messages.errorKey`; ErrorLanguageTests checks each exists), and
        // the work-plan steps an error names (`Messages.termKey`), and a corrective action's `"ca_step_" + state`,
        // and the fixes' `"fix_advice_" + advice`, `"fix_run_" + operation` and `"record_kind_" + kind`
        // (`Messages.fix`; FixWordingTests checks each exists), the certification cycle's due rules
        // (`Messages.termKey`; `terms()` below checks each exists), and the reminders' `"due_kind_" + kind`,
        // `"due_routing_" + routing` and `"due_threshold_" + threshold` (`DueWording`), and `org_ref`, the
        // label of the IATI export's `org-ref` field that an error names (`ErrorWording`), and an
        // engagement's `"engagement_window_" + window`, `"engagement_access_" + kind` and
        // `"engagement_done_" + step` (`EngagementRoutes`), and a certificate's `"certificate_done_" + step`
        // (`CertificateRoutes`), statuses and the cycle's steps (`Messages.termKey`, checked by `terms()`).
        let prefixes = [
            "lang_", "standard_status_", "transition_status_", "transition_new", "transition_changed",
            "transition_unchanged", "error_", "awp_step_", "ca_step_", "fix_advice_", "fix_run_", "record_kind_",
            "certification_due_rule_", "due_kind_", "due_routing_", "due_threshold_", "org_ref",
            // The e-mailed reminders' delivery states and digest frequencies (`DueWording`, `ReminderRoutes`).
            "reminder_status_", "reminder_frequency_", "reminder_source_",
            "engagement_window_", "engagement_access_", "engagement_done_", "certificate_done_", "certificate_status_",
            "certification_step_",
            // An evidence request's status and steps (`Messages.term`) and `"request_done_" + step`
            // (`EvidenceRequestRoutes`).
            "evidence_request_status_", "evidence_request_step_kind_", "request_done_",
        ]
        var unused: [String] = []
        for entry in try Self.file(.english).entries {
            guard let key = entry.context else { continue }
            if terms.contains(key) || prefixes.contains(where: key.hasPrefix) { continue }
            if sources.contains("\"\(key)\"") || sources.contains("t.\(key)}") || sources.contains("t.\(key) ") {
                continue
            }
            unused.append(key)
        }
        #expect(unused.isEmpty, "\(unused.count) keys used nowhere: \(unused)")
    }

    @Test("every key a source names exists in the catalogue")
    func known() throws {
        let messages = try Messages.load()
        let sources = try Self.sources(suffixes: [".mustache"])
        let pattern = try Regex(#"\{\{[#^/]?t\.([a-z0-9_]+)"#)
        let named = Set(sources.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) })
        let unknown = named.filter { !messages.keys.contains($0) }
        #expect(unknown.isEmpty, "templates name unknown keys: \(unknown.sorted())")
    }

    @Test("every status and category value shown has its term")
    func terms() throws {
        let messages = try Messages.load()
        func keys<Value: CaseIterable & RawRepresentable>(_ type: Value.Type) -> [String]
        where Value.RawValue == String {
            type.allCases.map { Messages.termKey($0) }
        }
        let all =
            keys(EvidenceKind.self) + keys(Confidentiality.self) + keys(EvidenceStatus.self)
            + keys(ComplianceStatus.self) + keys(RequirementKind.self) + keys(DocumentedInformationType.self)
            + keys(AuditKind.self) + keys(AuditStatus.self) + keys(CorrectiveActionState.self)
            + keys(EffectivenessResult.self) + keys(NonconformitySource.self) + keys(NonconformityGrade.self)
            + keys(RecommendationPriority.self) + keys(RecommendationAddressee.self)
            + keys(RecommendationStatus.self) + keys(Role.self) + keys(AWPStatus.self) + keys(AWPDecisionKind.self)
            + keys(ExpenditureKind.self)
            + keys(ActivityStatus.self) + keys(ElectoralCyclePhase.self) + keys(DocumentKind.self)
            + keys(DocumentStatus.self) + keys(ContextIssueKind.self) + keys(ClimateDetermination.self)
            + keys(RiskKind.self) + keys(RiskTreatment.self) + keys(RiskStage.self) + keys(RiskStatus.self)
            + keys(ProviderKind.self) + keys(ProviderStatus.self) + keys(EffectivenessRating.self)
            + keys(KPICategory.self) + keys(KPIDirection.self) + keys(ProcessCategory.self)
            + keys(PartyInfluence.self) + keys(PartyCategory.self) + keys(TrainingKind.self)
            + keys(EvidenceState.self) + keys(RegisterEntryLink.Register.self) + keys(CertificationDueRule.self)
            + keys(CertificateStatus.self) + keys(CertificationStep.self)
            + keys(CertificationRecommendation.self)
        let missing = all.filter { !messages.keys.contains($0) }
        #expect(missing.isEmpty, "\(missing)")
        #expect(Messages.termKey(AWPStatus.underReview) == "awp_status_under_review")
        #expect(Messages.termKey(NonconformityGrade.major) == "nonconformity_grade_major")
        #expect(Messages.termKey(AuditKind.stage1) == "audit_kind_stage_1")
    }

    @Test("the catalogue uses the glossary's term for each domain word and each value")
    func glossary() throws {
        let messages = try Messages.load()
        var wrong: [String] = []
        for row in try Self.glossary() where row.count == 5 {
            let (english, source) = (row[0], row[4])
            let terms: [(Language, String)] = [(.arabic, row[1]), (.french, row[2]), (.spanish, row[3])]
            if messages.keys.contains(source) {
                for (language, term) in terms where messages.text(source, language) != term {
                    wrong.append("\(source) (\(language.rawValue)): \(messages.text(source, language)) ≠ \(term)")
                }
                continue
            }
            // A domain word: any message whose English is exactly that word says it the glossary's way.
            for (language, term) in terms where !term.contains("/") {
                for key in messages.keys where messages.text(key, .english).lowercased() == english.lowercased() {
                    if messages.has(key, language), messages.text(key, language).lowercased() != term.lowercased() {
                        wrong.append("\(key) (\(language.rawValue)): \(messages.text(key, language)) ≠ \(term)")
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong)")
    }
}
