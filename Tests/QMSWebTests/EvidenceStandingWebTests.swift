import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QMSCore
import QMSServices
import QMSWeb
import Testing

@Suite("Web application: the evidence behind a status, and the status the matrix uses")
struct EvidenceStandingWebTests {
    /// The evidence identifiers a page links to, in page order, each once.
    static func evidenceLinks(_ html: String) -> [String] {
        var seen = Set<String>()
        return html.matches(of: /href="\/evidence\/(EV-\d{4}-\d{4})"/).map { String($0.output.1) }
            .filter { seen.insert($0).inserted }
    }

    @Test("a satisfied requirement shows what satisfies it, and the register filtered by it lists the same records")
    func satisfiedShowsEvidence() async throws {
        let fixture = try await WebFixture()
        defer { fixture.remove() }
        let qms = fixture.qms.acting(as: "amal")
        // A risk under review keeps an evidence record for ISO 9001 6.1.1 and 6.1.2.
        let risk = try await qms.risks.add(
            RiskDraft(
                title: "Voter-register errors", owner: "Voter registration", process: "EP-01",
                inherent: try RiskRating(likelihood: 4, impact: 4), identifiedOn: qms.today,
                reviewOn: qms.today.adding(days: 60)))
        let riskRecord = try #require(risk.evidence)
        let all = try await qms.evidence.list()
        let policy = try #require(all.first { $0.content.title.hasPrefix("Quality policy") })
        let matrix = try await qms.compliance.matrix()

        try await fixture.application().test(.router) { client in
            var browser = Browser(client)
            #expect(try await browser.signIn("viewer") == .seeOther)

            // The demo's quality policy is logged against ISO/TS 54001 5.2.2; ISO 9001 5.2.2 counts it
            // through the crosswalk.
            let crosswalked = try await browser.get("/catalogue/iso-9001-2015/5.2.2")
            #expect(crosswalked.body.contains("status-satisfied"))
            #expect(Self.evidenceLinks(crosswalked.body).contains(policy.id.description))
            #expect(crosswalked.body.contains("through iso-54001-2019 5.2.2"))
            #expect(crosswalked.body.contains(policy.content.title))

            // The risk's record, with the register entry it is kept for and a link to it.
            let riskPage = try await browser.get("/catalogue/iso-9001-2015/6.1.2")
            #expect(riskPage.body.contains("status-satisfied"))
            #expect(riskPage.body.contains("register entry: risk \(risk.id)"))
            #expect(riskPage.body.contains("href=\"/registers/risks/\(risk.id)\""))
            #expect(Self.evidenceLinks(riskPage.body).contains(riskRecord.description))

            // A clause's status is its leaves': the page lists their evidence, saying which leaf.
            let clause = try await browser.get("/catalogue/iso-9001-2015/6.1")
            #expect(Self.evidenceLinks(clause.body).contains(riskRecord.description))
            #expect(clause.body.contains("for iso-9001-2015 6.1.1"))

            // The register filtered by a requirement lists what the matrix counts for it.
            for key in ["iso-9001-2015:5.2.2", "iso-9001-2015:6.1.2", "iso-9001-2015:6.1", "iso-54001-2019:EP-05"] {
                let counted = matrix.evidence(for: try RequirementKey(parsing: key))
                let expected = Set(counted.map(\.contribution.evidence.description))
                let register = try await browser.get("/evidence?requirement=\(key)")
                #expect(register.status == .ok)
                #expect(Set(Self.evidenceLinks(register.body)) == expected, "\(key)")
                let page = try await browser.get("/catalogue/\(key.replacingOccurrences(of: ":", with: "/"))")
                #expect(Set(Self.evidenceLinks(page.body)) == expected, "\(key)")
            }
            #expect(
                Set(Self.evidenceLinks(try await browser.get("/evidence?requirement=iso-9001-2015:5.2.2").body))
                    .contains(policy.id.description))
        }
    }
}
