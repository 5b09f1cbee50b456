import Foundation
import Testing

@Suite("eqms audit report: record, export signed, verify")
struct AuditReportCLITests {
    @Test("a report with its meetings is recorded, exported in Arabic with its PDF, verified, and a change is caught")
    func exportAndVerify() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["init"]).status == 0)
        #expect(try cli.run(["keys", "generate", "--out", "."]).status == 0)
        #expect(
            try cli.run([
                "audit", "plan", "--title", "Internal audit of polling day", "--start", "2026-09-09", "--end",
                "2026-09-11", "--auditor", "Omar Khalil", "--process", "EP-04", "--requirement",
                "iso-9001-2015:8.5.1",
            ]).status == 0)
        #expect(try cli.run(["audit", "checklist", "AUD-2026-01"]).status == 0)
        let checked = try cli.run([
            "audit", "check", "AUD-2026-01", "iso-9001-2015:8.5.1", "--result", "nonconforming", "--grade", "minor",
            "--notes", "Two result forms unsigned",
        ])
        #expect(checked.status == 0, "\(checked.stderr)")
        var report = [
            "audit", "report", "AUD-2026-01", "--summary", "Polling-day operations follow the procedure.",
            "--opening-date", "2026-09-09", "--opening-time", "9h", "--opening-attendees", "Omar Khalil, Amal Haddad",
            "--closing-date", "2026-09-11", "--closing-attendees", "Amal Haddad", "--conclusion",
            "Conforming and effective, but for the signatures of result forms.",
        ]
        let refused = try cli.run(report)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("opening-time") && refused.stderr.contains("HH:MM"))
        report[report.firstIndex(of: "9h") ?? 0] = "09:00"
        let recorded = try cli.run(report)
        #expect(recorded.status == 0, "\(recorded.stderr)")

        let exported = try cli.run([
            "audit", "report", "export", "AUD-2026-01", "--lang", "ar", "--out", "report", "--key",
            "dossier-signing.key", "--pdf",
        ])
        #expect(exported.status == 0, "\(exported.stderr)")
        let page = try String(
            contentsOf: cli.folder.appendingPathComponent("report/ar/AUD-2026-01-report.html"), encoding: .utf8)
        #expect(
            page.contains(#"dir="rtl""#) && page.contains("NC-2026-001") && page.contains("Two result forms unsigned"))
        let pdf = try Data(contentsOf: cli.folder.appendingPathComponent("report.ar.pdf"))
        #expect(pdf.starts(with: Data("%PDF".utf8)))
        #expect(try cli.run(["audit", "report", "verify", "report", "--key", "dossier-signing.pub"]).status == 0)
        #expect(try cli.run(["dossier", "verify", "report", "--key", "dossier-signing.pub"]).status == 0)

        let json = cli.folder.appendingPathComponent("report/report.json")
        try (try String(contentsOf: json, encoding: .utf8)).replacingOccurrences(of: "unsigned", with: "signed")
            .write(to: json, atomically: true, encoding: .utf8)
        let tampered = try cli.run(["audit", "report", "verify", "report", "--key", "dossier-signing.pub"])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("report.json"))
    }
}
