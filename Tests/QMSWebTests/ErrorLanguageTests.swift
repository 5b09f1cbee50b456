import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSDossier
import QMSFormats
import QMSPresentation
import QMSServices
import QMSStore
import Testing

@testable import QMSWeb

/// Errors are worded by the catalogues, in the reader's language: every message code of every
/// error a user can meet has its sentence in English, Arabic, French and Spanish, with the same
/// placeholders, and the web's pages and API answer in the language the reader chose.
@Suite("Errors in the reader's language")
struct ErrorLanguageTests {
    /// One error of each case of each error type a user can meet, with its arguments filled.
    static func samples() throws -> [any QMSError] {
        let nc = try NonconformityID(parsing: "NC-2026-007")
        let awp = try PlanID("hnec-2018")
        var errors: [any QMSError] = [
            DomainError.invalidValue(field: "date", value: "2026-13-01", expected: .dateWritten),
            DomainError.alreadyExists(kind: .user, id: "amal", hint: nil),
            CorrectiveActionError.illegalTransition(nonconformity: nc, from: .reported, to: .closed, allowed: []),
            CorrectiveActionError.cannotReopen(nonconformity: nc, state: .planned, allowed: []),
            CorrectiveActionError.verifierIsImplementer(nonconformity: nc, actor: "omar"),
            RegisterError.illegalTransition(entry: "QP-01", from: "draft", to: "issued", allowed: ["in-review"]),
            RegisterError.authorCannotApprove(document: "QP-01", version: 2, actor: "salma"),
            RegisterError.authorCannotIssue(document: "QP-01", version: 2, actor: "salma"),
            RegisterError.obsoleteCannotBeIssued(document: "QP-01"),
            AWPWorkflowError.illegalStep(awp: awp, version: 1, status: .approved, step: .approve, allowed: []),
            AWPWorkflowError.versionUnderReview(awp: awp, version: 2, status: .underReview),
            AWPWorkflowError.notTechnicalCommittee(actor: "amal", role: .auditor, active: true),
            AWPWorkflowError.notTechnicalCommittee(actor: "amal", role: .auditor, active: false),
            AWPWorkflowError.mayNotComment(actor: "amal", role: .viewer, active: true),
            AWPWorkflowError.mayNotComment(actor: "amal", role: .viewer, active: false),
            AccessError.invalidCredentials, AccessError.throttled(seconds: 300),
            PasswordError.tooShort(minimum: 15, length: 9), PasswordError.tooLong(maximum: 128, length: 130),
            PasswordError.common, PasswordError.contextual, PasswordError.repetitive,
            ServiceError.noDatabase(path: "/srv/eqms.sqlite"),
            ServiceError.cannotReadFile(path: "plan.xml", reason: "permission denied"),
            ServiceError.cannotWriteFile(path: "out.csv"),
            IntegrityError.backupUnsupported(store: "postgres://eqms"),
            IntegrityError.noFolder(path: "/backups"),
            IntegrityError.unreadableBackup(path: "/backups/1", reason: "no manifest.json"),
            IntegrityError.damagedBackup(path: "/backups/1", problems: ["files/ab/cd: hash differs"]),
            IntegrityError.cannotWrite(path: "/backups/1", reason: "disk full"),
            FileStoreError.cannotRead(path: "scan.pdf", reason: "permission denied"),
            FileStoreError.notARegularFile(path: "/dev/null"),
            FileStoreError.tooLarge(path: "scan.tiff", limit: 10_485_760),
            FileStoreError.cannotWrite(path: "files", reason: "read-only"), FileStoreError.missing(sha256: "ab12"),
            StoreError.cannotOpen(path: "eqms.sqlite", reason: "locked"),
            StoreError.notInitialised(path: "eqms.sqlite"),
            StoreError.migrationFailed(name: "v9", reason: "syntax"),
            StoreError.newerSchema(path: "eqms.sqlite", unknown: ["v10", "v11"]), StoreError.constraint("UNIQUE"),
            StoreError.corrupt(column: "evidence.collected_on", reason: "is not a date"), StoreError.busy("locked"),
            StoreError.database("I/O error"),
            DossierError.badKey(path: "k.key", reason: "too short"), DossierError.noKey,
            DossierError.cannotRead(path: "d.zip", reason: "missing"),
            DossierError.cannotWrite(path: "d", reason: "full"),
            DossierError.noFolder(path: "d"), DossierError.alreadyExists(path: "d.zip"),
            DossierError.cannotSign(reason: "bad key"),
            DossierError.damagedStoredFile(sha256: "ab12", reason: "differs"),
            DossierError.notADossier(path: "x.zip", reason: "no manifest"), DossierError.noChromium,
            DossierError.printFailed(reason: "timeout"), DossierError.missingResource(name: "dossier.mustache"),
            PlanIssue(.workPlan, DomainError.ruleViolated(.nothingToImport, fix: nil)),
        ]
        let code = try PlanCode("OUT-1")
        let subjects: [PlanSubject] = [
            .planSet, .strategicPlan, .goal(code), .objective(code), .kpi(code), .output(code), .fundingSource(code),
            .envelope(source: code, year: 2019), .commitment(0), .workPlan, .activity(try ActivityCode("1.3.2")),
            .budgetLine(
                BudgetLineKey(activity: try ActivityCode("1.3.2"), account: try PlanCode("6100"), source: code)),
        ]
        errors += subjects.map { PlanIssue($0, .ruleViolated(.codeUsedTwice, fix: nil)) }
        errors += WebInputError.samples
        let administration: [UserAdministrationError] = [
            .lastAdministrator("hana"), .selfDeactivation, .selfDemotion,
            .noSuchToken(username: "hana", name: "laptop"), .noSuchSession(username: "hana"),
        ]
        errors += administration.map { $0 as any QMSError }
        errors += ErrorSubject.allCases.map { DomainError.notFound(kind: $0, id: "X-1", hint: nil) }
        errors += StepNeed.allCases.map { CorrectiveActionError.missingField(step: "contained", field: $0, inputs: []) }
        errors += WorkflowStepName.all.map { RegisterError.missingField(step: $0, field: .changes, inputs: []) }
        errors += ["decide on the annual work plan", "comment on the annual work plan"].map {
            AWPWorkflowError.unknownActor(actor: "nobody", needed: $0)
        }
        errors += ["the backup folder", "the database file", "the file store folder"].map {
            IntegrityError.alreadyExists(path: "/backups/1", what: $0)
        }
        return errors
    }

    /// Every message code the samples and the domain's rules name, nested messages included.
    static func codes() throws -> Set<String> {
        var codes = Set(Rule.allCases.map { DomainError.ruleViolated($0, fix: nil).messageCode })
        func collect(_ argument: ErrorArgument) {
            switch argument {
            case .message(let code, let arguments):
                codes.insert(code)
                arguments.values.forEach(collect)
            case .list(let items): items.forEach(collect)
            case .text, .number, .term: break
            }
        }
        for error in try samples() {
            codes.insert(error.messageCode)
            error.arguments.values.forEach(collect)
        }
        return codes
    }

    /// The placeholders of a message: `{name}` → `name`.
    static func placeholders(_ text: String) -> Set<String> {
        Set(text.matches(of: #/\{([a-zA-Z]+)\}/#).map { String($0.output.1) })
    }

    @Test("every error code and rule has its message in the four catalogues, with English's placeholders")
    func catalogues() throws {
        let messages = try Messages.load()
        let codes = try Self.codes()
        #expect(codes.count > Rule.allCases.count + 50, "\(codes.count) codes")
        var problems: [String] = []
        for code in codes.sorted() {
            let key = Messages.errorKey(code)
            guard messages.has(key, .english) else {
                problems.append("\(key): no English")
                continue
            }
            let english = Self.placeholders(messages.text(key, .english))
            for language in Language.allCases where language != .english {
                if !messages.has(key, language) {
                    problems.append("\(key): no \(language.rawValue)")
                } else if Self.placeholders(messages.text(key, language)) != english {
                    problems.append(
                        "\(key) (\(language.rawValue)): placeholders differ from English \(english.sorted())")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("every error is worded with its placeholders filled and its terms translated, in each language")
    func filled() throws {
        let messages = try Messages.load()
        for error in try Self.samples() {
            for language in Language.allCases {
                let text = messages.error(error, language)
                #expect(Self.placeholders(text).isEmpty, "\(error.messageCode) (\(language.rawValue)): \(text)")
                #expect(!text.contains(error.messageCode), "\(language.rawValue): \(text)")
            }
            // The terms a message names are the catalogue's values, in Arabic as elsewhere.
            for case .term(let type, let value) in error.arguments.values {
                #expect(messages.has(Messages.termKey(type: type, value: value), .arabic), "\(type) \(value)")
            }
        }
        let transition = CorrectiveActionError.illegalTransition(
            nonconformity: try NonconformityID(parsing: "NC-2026-007"), from: .reported, to: .closed, allowed: [])
        #expect(messages.error(transition, .english) == "NC-2026-007 is reported and cannot go to closed")
        #expect(
            messages.error(transition, .arabic)
                == "حالة NC-2026-007 هي «\(messages.term(CorrectiveActionState.reported, .arabic))» ولا يمكن نقلها إلى «"
                + messages.term(CorrectiveActionState.closed, .arabic) + "»")
        let located = FormatError(
            DomainError.ruleViolated(.linkNeedsAddress, fix: nil),
            at: SourceLocation(file: "evidence.csv", field: "link", row: 14))
        #expect(
            messages.error(located, .english)
                == "evidence.csv: row 14, column \"link\": a link record needs its address")
        #expect(messages.error(located, .french).hasPrefix("evidence.csv : ligne 14, colonne « link » : "))
    }

    @Test("a page and the API word an error in the reader's language; the API answers English by default")
    func arabic() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let token = try await fixture.qms.access.createToken(for: "admin", name: "test")
        let missing = DomainError.notFound(kind: .nonconformity, id: "NC-2026-999", hint: nil)
        let arabic = Messages.shared.error(missing, .arabic, location: false)
        #expect(arabic.contains("لم يُعثر على"))
        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("admin") == .seeOther)
            browser.cookies["eqms_lang"] = "ar"
            let page = try await browser.get("/findings/NC-2026-999")
            #expect(page.status == .notFound)
            #expect(page.body.contains(arabic), "\(page.body.prefix(2000))")
            #expect(!page.body.contains("no nonconformity"))

            let body = #"{"title":"Evidence of nothing","requirements":[],"kind":"note"}"#
            var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let english = try await client.execute(
                uri: "/api/v1/evidence", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(english.status == .badRequest)
            let englishError = try #require(try Self.json(english)["error"] as? String)
            #expect(englishError == Messages.shared.text("error_rule_evidence_needs_requirement", .english))
            #expect(try Self.json(english)["code"] as? String == "domain.rule-violated")

            headers[.acceptLanguage] = "ar-JO,ar;q=0.9,en;q=0.5"
            let translated = try await client.execute(
                uri: "/api/v1/evidence", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(translated.status == .badRequest)
            let arabicError = try #require(try Self.json(translated)["error"] as? String)
            #expect(arabicError == Messages.shared.text("error_rule_evidence_needs_requirement", .arabic))
            #expect(arabicError.contains("يجب أن يدعم الدليل"))
        }
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }
}
