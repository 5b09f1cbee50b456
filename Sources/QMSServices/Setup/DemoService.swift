import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// A demonstration organisation, so that a new installation has something to look at: an
/// electoral commission with its users, a statement of applicability and evidence of every kind
/// (some current, some expiring, one expired, one draft). Marked as sample data throughout.
public enum DemoService {
    /// A demo account and its password (shown when the demo server starts).
    public struct Account: Sendable, Codable {
        public var username: String
        public var role: String
        public var password: String
    }

    /// The demo accounts; every password meets ``PasswordRules`` (passphrases of unrelated words,
    /// none built on the username or the organisation's name), since seeding sets them through it.
    public static let accounts: [Account] = [
        Account(username: "admin", role: "admin", password: "cedar-lantern-harbour"),
        Account(username: "amal", role: "quality-manager", password: "olive-compass-meadow"),
        Account(username: "omar", role: "process-owner", password: "river-falcon-pottery"),
        Account(username: "salma", role: "tc-member", password: "amber-quartz-orchard"),
        Account(username: "auditor", role: "auditor", password: "linen-beacon-summit"),
        Account(username: "viewer", role: "viewer", password: "copper-willow-atlas"),
    ]

    /// Whether the database already holds an organisation (then nothing is seeded).
    public static func isSeeded(_ qms: QMS) async throws -> Bool {
        try await qms.organisation.get() != nil
    }

    /// Seeds the demo organisation into an initialised database; with the Plans folder, also its
    /// sample work plans (the IEC's approved by the Technical Committee, HNEC's 2018 plan submitted
    /// and awaiting its review, with some expenditure and committee remarks, and HNEC's 2019 plan as
    /// a draft) and the quality registers of `Plans/demo/registers.json`. An internal audit with its
    /// findings and a management review are seeded in every case (``DemoFindings``).
    public static func seed(_ qms: QMS, plans: PlansLibrary? = nil) async throws {
        let qms = qms.acting(as: "demo")
        try await qms.organisation.set(
            try Organisation(
                name: LocalizedText(
                    en: "Independent Election Commission (sample data)",
                    ar: "الهيئة المستقلة للانتخاب (بيانات نموذجية)",
                    fr: "Commission électorale indépendante (données d'exemple)",
                    es: "Comisión Electoral Independiente (datos de ejemplo)"),
                // Jordan writes Arabic-Indic digits (CLDR ar-JO).
                shortName: "IEC", country: "JO", locale: "ar-JO", timeZone: "Asia/Amman"))
        let names = [
            "admin": "System Administrator", "amal": "Amal Haddad", "omar": "Omar Khalil", "salma": "Salma Nasser",
            "auditor": "Certification Auditor", "viewer": "Board Observer",
        ]
        for account in accounts {
            let role = try Role(name: account.role)
            try await qms.users.add(
                try User(
                    username: account.username, displayName: names[account.username], role: role,
                    processes: role == .processOwner ? ["EP-01", "EP-04"] : []))
            try await qms.access.setPassword(account.password, for: account.username)
        }
        try await qms.applicability.set(
            try RequirementKey(parsing: "iso-9001-2015:8.3"), excluded: true,
            justification: "The commission designs no products; electoral procedures are set by the Election Law.")
        try await qms.applicability.set(
            try RequirementKey(parsing: "iso-54001-2019:8.3"), excluded: true,
            justification: "The commission designs no products; electoral procedures are set by the Election Law.")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eqms-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let today = qms.today
        func file(_ name: String, _ text: String) throws -> URL {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url
        }
        struct Item {
            var title: String
            var keys: [String]
            var kind: EvidenceKind
            var process: String?
            var file: (String, String)?
            var link: String?
            var effective: Int
            var validFor: Int?
            var status: EvidenceStatus = .current
        }
        let items = [
            Item(
                title: "Quality policy approved by the Board of Commissioners", keys: ["iso-54001-2019:5.2.2"],
                kind: .document,
                file: ("quality-policy.txt", "SAMPLE — Quality policy of the commission."), effective: -200,
                validFor: 900),
            Item(
                title: "Scope of the quality management system", keys: ["iso-54001-2019:4.3"], kind: .document,
                file: ("qms-scope.txt", "SAMPLE — Scope statement and exclusions."), effective: -180, validFor: 700),
            Item(
                title: "Quality objectives 2026 with targets", keys: ["iso-54001-2019:6.2.1"], kind: .document,
                file: ("objectives-2026.txt", "SAMPLE — Quality objectives and KPIs."), effective: -120, validFor: 250),
            Item(
                title: "Voter register update procedure", keys: ["iso-54001-2019:EP-01"], kind: .document,
                process: "EP-01",
                file: ("voter-register-procedure.txt", "SAMPLE — Procedure for the voter register update."),
                effective: -300, validFor: 20),
            Item(
                title: "Polling-day observation minutes, Irbid", keys: ["iso-54001-2019:EP-04"], kind: .record,
                process: "EP-04", file: ("polling-minutes-irbid.txt", "SAMPLE — Minutes of polling stations."),
                effective: -60, validFor: nil),
            Item(
                title: "Results tabulation audit report", keys: ["iso-54001-2019:EP-05", "iso-54001-2019:9.1.1"],
                kind: .record, process: "EP-05", file: ("tabulation-audit.txt", "SAMPLE — Audit of tabulation."),
                effective: -90, validFor: nil),
            Item(
                title: "Internal audit programme 2026", keys: ["iso-54001-2019:9.2.2"], kind: .link,
                link: "https://iec.example.org/quality/audit-programme-2026", effective: -150, validFor: 400),
            Item(
                title: "Training records of polling staff", keys: ["iso-9001-2015:7.2"], kind: .record,
                file: ("training-records.txt", "SAMPLE — Training attendance."), effective: -400, validFor: 300),
            Item(
                title: "Management review minutes 2025", keys: ["iso-54001-2019:9.3.3"], kind: .record,
                file: ("management-review-2025.txt", "SAMPLE — Minutes of the management review."), effective: -330,
                validFor: nil),
            Item(
                title: "Electoral education campaign plan (draft)", keys: ["iso-54001-2019:EP-06"], kind: .note,
                process: "EP-06", effective: -10, validFor: nil, status: .draft),
        ]
        for item in items {
            let draft = EvidenceDraft(
                title: item.title + " (sample)", kind: item.kind, link: item.link, owner: "Amal Haddad",
                process: item.process,
                effectiveFrom: today.adding(days: item.effective), collectedOn: today.adding(days: item.effective),
                validUntil: item.validFor.map { today.adding(days: item.effective + $0) }, confidentiality: .internal,
                status: item.status, requirements: try item.keys.map { try RequirementKey(parsing: $0) },
                tags: ["sample"])
            let files = try item.file.map { [try file($0.0, $0.1)] } ?? []
            try await qms.evidence.add(draft, files: files)
        }
        if let plans {
            try await seedPlans(qms, library: plans)
            let registers = plans.directory.appendingPathComponent(DemoRegisters.path)
            if FileManager.default.fileExists(atPath: registers.path) {
                try await DemoRegisters.load(registers).seed(qms)
            }
        }
        try await DemoFindings.seed(qms, plans: plans != nil)
    }

    /// The sample plans and their review, as a commission would have them mid-year.
    static func seedPlans(_ qms: QMS, library: PlansLibrary) async throws {
        let manager = qms.acting(as: "amal")
        let committee = qms.acting(as: "salma")
        for file in try library.sampleFiles() { try await manager.plans.importFile(file, library: library) }
        let iec = try PlanID("iec-jordan-2019")
        let hnec = try PlanID("hnec-2018")
        try await manager.workPlanReview.submit(iec)
        try await committee.workPlanReview.comment(
            iec, activity: try ActivityCode("1.1"),
            text: "Agreed; report the regional conferences' participants by sex (sample comment).")
        try await committee.workPlanReview.decide(
            iec, .approve, minutes: "Technical Committee meeting 12: the 2019 work plan is approved (sample minutes).")
        try await manager.workPlanReview.submit(hnec)
        for (activity, amount, date, reference) in [
            ("1.1", "480000.00", "2018-09-20", "Payment against PO-2018-VEH-01, vehicles (sample)"),
            ("1.2", "1150000.00", "2018-11-30", "Payment against PO-2018-IT-02, IT equipment (sample)"),
            ("3.1", "21500.00", "2018-11-28", "Voting simulation workshops (sample)"),
        ] {
            try await manager.expenditure.add(
                hnec,
                ExpenditureDraft(
                    activity: try ActivityCode(activity),
                    amount: try Money(parsing: amount, currency: CurrencyCode("USD")),
                    date: try CalendarDate(parsing: date), reference: reference))
        }
        // A disbursement: money put at a partner's disposal, reported to donors apart (IATI type 3).
        try await manager.expenditure.add(
            hnec,
            ExpenditureDraft(
                activity: try ActivityCode("5.2"),
                amount: try Money(parsing: "12000.00", currency: CurrencyCode("USD")),
                date: try CalendarDate(parsing: "2018-08-16"),
                reference: "Grant agreement GA-2018-05, staff counselling (sample)", kind: .disbursement,
                recipient: "Tripoli psycho-social support partner (sample)"))
    }
}
