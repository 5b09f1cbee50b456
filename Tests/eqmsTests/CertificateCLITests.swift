import Foundation
import Testing

@Suite("CLI: eqms certification-body and eqms certificate")
struct CertificateCLITests {
    @Test(
        "a body is registered, a certificate recorded, shown with its schedule, suspended, reinstated and withdrawn; a report's certificate joins the register"
    )
    func journey() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        let unknown = try cli.run([
            "certificate", "add", "--number", "EMB-QMS-001", "--body", "Cert Body", "--issued", "2026-01-15",
            "--standards", "iso-9001-2015",
        ])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("is not in the register of certification bodies"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("--body"), "the fix names the option: \(unknown.stderr)")

        let body = try cli.run([
            "certification-body", "add", "--name", "Cert Body", "--accredited-by", "National Accreditation Body",
            "--accreditation-number", "CB-123",
        ])
        #expect(body.status == 0, "\(body.stderr)")
        #expect(try cli.run(["certification-body", "list"]).stdout.contains("National Accreditation Body"))

        let badExclusion = try cli.run([
            "certificate", "add", "--number", "EMB-QMS-001", "--body", "Cert Body", "--issued", "2026-01-15",
            "--standards", "iso-9001-2015", "--exclusions", "8.3 without a justification",
        ])
        #expect(badExclusion.status == 1)
        #expect(badExclusion.stderr.contains("requirement = justification"), "\(badExclusion.stderr)")

        let added = try cli.run([
            "certificate", "add", "--number", "EMB-QMS-001", "--body", "Cert Body", "--issued", "2026-01-15",
            "--standards", "iso-9001-2015", "--sites", "Headquarters", "--exclusions",
            "8.3 = no design of electoral products",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("valid until 2029-01-14"))

        let shown = try cli.run(["certificate", "show", "EMB-QMS-001", "--json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        let schedule = try #require(json["schedule"] as? [String: Any])
        let entries = try #require(schedule["entries"] as? [[String: Any]])
        let dues = Dictionary(
            uniqueKeysWithValues: entries.compactMap { entry in
                (entry["step"] as? String).map { ($0, entry["dueBy"] as? String ?? "") }
            })
        #expect(dues["surveillance-1"] == "2027-01-15")
        #expect(dues["surveillance-2"] == "2028-01-15")
        #expect(dues["recertification"] == "2029-01-14")
        let table = try cli.run(["certificate", "show", "EMB-QMS-001"])
        #expect(table.stdout.contains("surveillance 1") && table.stdout.contains("2027-01-15"), "\(table.stdout)")
        #expect(table.stdout.contains("no design of electoral products"))

        let suspended = try cli.run([
            "certificate", "status", "EMB-QMS-001", "suspended", "--reason", "Major nonconformity open", "--date",
            "2026-06-01",
        ])
        #expect(suspended.status == 0, "\(suspended.stderr)")
        let early = try cli.run([
            "certificate", "status", "EMB-QMS-001", "valid", "--reason", "Too early", "--date", "2026-05-01",
        ])
        #expect(early.status == 1 && early.stderr.contains("comes before 2026-06-01"), "\(early.stderr)")
        #expect(early.stderr.contains("--date"), "\(early.stderr)")
        #expect(
            try cli.run([
                "certificate", "status", "EMB-QMS-001", "valid", "--reason", "Correction verified", "--date",
                "2026-07-01",
            ]).status == 0)
        #expect(
            try cli.run([
                "certificate", "status", "EMB-QMS-001", "withdrawn", "--reason", "At the organisation's request",
                "--date", "2026-09-01",
            ]).status == 0)
        let final = try cli.run(["certificate", "status", "EMB-QMS-001", "valid", "--reason", "Again"])
        #expect(final.status == 1 && final.stderr.contains("a withdrawal is final"), "\(final.stderr)")
        let list = try cli.run(["certificate", "list"])
        #expect(list.stdout.contains("EMB-QMS-001") && list.stdout.contains("withdrawn"), "\(list.stdout)")
        let arabic = try cli.run(["certificate", "list", "--lang", "ar"])
        #expect(arabic.stdout.contains("مسحوبة"), "\(arabic.stdout)")

        // A stage 2 report with a certificate records the certificate (and its body) in the register.
        let stage2 = try cli.run([
            "audit", "add", "--kind", "stage-2", "--title", "Stage 2 certification audit", "--start", "2026-11-02",
            "--end", "2026-11-04", "--lead-auditor", "A. Lead", "--certification-body", "Other Body",
            "--process", "EP-04", "--json",
        ])
        #expect(stage2.status == 0, "\(stage2.stderr)")
        let audit = try #require(
            (try JSONSerialization.jsonObject(with: Data(stage2.stdout.utf8)) as? [String: Any])?["id"] as? String)
        let reported = try cli.run([
            "audit", "report", audit, "--summary", "Recommended for certification", "--date", "2026-11-05",
            "--certificate", "EMB-QMS-002", "--issued", "2026-11-20",
        ])
        #expect(reported.status == 0, "\(reported.stderr)")
        let records = try #require(
            try JSONSerialization.jsonObject(with: Data(try cli.run(["certificate", "list", "--json"]).stdout.utf8))
                as? [[String: Any]])
        let linked = try #require(
            records.first { ($0["certificate"] as? [String: Any])?["number"] as? String == "EMB-QMS-002" })
        #expect(linked["audit"] as? String == audit)
        #expect(linked["body"] as? String == "Other Body")
        #expect(try cli.run(["certification-body", "list"]).stdout.contains("Other Body"))
        #expect(try cli.run(["verify"]).status == 0, "the trail holds the certificates as the tables do")
    }
}
