import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSPresentation
import QMSServices
import Testing

@testable import QMSWeb

/// A real operation that fails is worded for its reader whole: what was expected and how to fix it,
/// in the reader's language, with no English sentence left and no command or flag.
@Suite("A failed operation in the reader's language, fix included")
struct FixLanguageTests {
    @Test("logging evidence with a day that does not exist answers in Arabic and French, expectation and fix")
    func badDate() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let token = try await fixture.qms.access.createToken(for: "admin", name: "test")
        let body = #"""
            {"title":"Polling station audit","requirements":["iso-9001-2015:9.2"],"kind":"note","validUntil":"2026-02-30"}
            """#
        // The error the operation raises, worded here as the reference each answer must equal.
        let expected = try #require(
            throws: DomainError.self,
            performing: {
                _ = try EvidenceInput(
                    title: "Polling station audit", kind: "note", validUntil: "2026-02-30",
                    requirements: ["iso-9001-2015:9.2"]
                ).draft(owner: "admin", today: fixture.qms.today)
            })
        let fix = try #require(expected.fix)
        let before = try await fixture.qms.evidence.list().count
        try await fixture.application().test(.router) { client in
            for language in [Language.arabic, .french] {
                let headers: HTTPFields = [
                    .authorization: "Bearer \(token)", .contentType: "application/json",
                    .acceptLanguage: language.rawValue,
                ]
                let response = try await client.execute(
                    uri: "/api/v1/evidence", method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(response.status == .badRequest)
                let json = try ErrorLanguageTests.json(response)
                #expect(json["code"] as? String == "domain.invalid-value")
                let error = try #require(json["error"] as? String)
                let advice = try #require(json["fix"] as? String)
                #expect(error == Messages.shared.error(expected, language, location: false))
                #expect(advice == Messages.shared.fix(fix, language))
                #expect(error.contains("2026-02-30"))
                // No English sentence of the message, the expectation or the fix is left.
                for english in ["is not valid", "expected", "a date written", "give ", " as "] {
                    #expect(!error.contains(english) && !advice.contains(english), "\(language): \(error) — \(advice)")
                }
                #expect(!advice.contains("--") && !advice.contains("eqms"), "\(advice)")
                if language == .arabic {
                    #expect(error.contains("تاريخًا بالصيغة YYYY-MM-DD"), "\(error)")
                    #expect(advice.contains("أدخِل"), "\(advice)")
                } else {
                    #expect(error.contains("une date au format"), "\(error)")
                    #expect(advice.contains("indiquez"), "\(advice)")
                }
            }
            // Nothing was logged.
            #expect(try await fixture.qms.evidence.list().count == before)
        }
    }

    @Test("an unknown work plan's fix points at the Plans page by its name, in the reader's language")
    func lookUpPage() throws {
        for language in [Language.arabic, .french, .spanish] {
            let text = WebFixWording.text(for: .lookUp(.plan), language)
            #expect(text.contains(Messages.shared.text("nav_plans", language)), "\(text)")
            #expect(!text.contains("/plans") && !text.contains("look up the"), "\(text)")
        }
    }
}
