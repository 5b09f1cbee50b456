import ArgumentParser
import Foundation
import QMSCore
import QMSDossier
import QMSPresentation
import QMSServices

/// The fields of an audit as options, shared by `plan` and `add`.
struct AuditFields: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "internal, stage-1, stage-2, surveillance-1, surveillance-2 or recertification.", valueName: "kind"))
    var kind: AuditKind = .internal
    @Option(help: "What the audit is, such as \"Internal audit of vote counting\".") var title: String
    @Option(help: "The first day, YYYY-MM-DD.") var start: String
    @Option(help: "The last day (default: the first day).") var end: String?
    @Option(name: .customLong("auditor"), help: "An auditor (repeatable).") var auditors: [String] = []
    @Option(name: .customLong("auditee"), help: "A person or unit audited (repeatable).") var auditees: [String] = []
    @Option(help: "The lead auditor.") var leadAuditor: String?
    @Option(help: "The certification body (certification audits).") var certificationBody: String?
    @Option(name: .customLong("requirement"), help: "A requirement in scope (repeatable), STANDARD:NUMBER.")
    var requirements: [String] = []
    @Option(name: .customLong("process"), help: "A process in scope (repeatable): EP-01 … EP-08 or a QMS process.")
    var processes: [String] = []
    @Option(name: .customLong("site"), help: "A site in scope (repeatable): headquarters, a field office …")
    var sites: [String] = []
    @Option(help: "An electoral event the audit observes, such as \"Polling day\".") var event: String?
    @Option(help: "The day of the event.") var eventDate: String?

    func validate() throws {
        _ = try FindingsArgument.day(start, option: "--start")
        _ = try DayArgument.date(end, option: "--end")
        _ = try DayArgument.date(eventDate, option: "--event-date")
        _ = try DayArgument.keys(requirements)
        if (event == nil) != (eventDate == nil) { throw ValidationError("give --event and --event-date together") }
    }

    func draft() throws -> AuditDraft {
        let first = try FindingsArgument.day(start, option: "--start")
        let observed = try eventDate.map {
            ObservedEvent(name: event ?? "", on: try FindingsArgument.day($0, option: "--event-date"))
        }
        return AuditDraft(
            kind: kind, title: title,
            scope: AuditScope(
                requirements: try DayArgument.keys(requirements), processes: processes, sites: sites, event: observed),
            auditors: auditors, auditees: auditees, leadAuditor: leadAuditor, certificationBody: certificationBody,
            startsOn: first,
            endsOn: try DayArgument.date(end, option: "--end") ?? first)
    }
}

/// `eqms audit`: the internal audit programme and the certification audits.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Plan and record internal and certification audits, and their reports.",
        subcommands: [
            Plan.self, Add.self, Schedule.self, Checklist.self, Check.self, Report.self, List.self, Show.self,
        ])

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put an audit in the programme (numbered AUD-YYYY-NN).",
            discussion: """
                Example: eqms audit plan --title "Internal audit of polling-day operations" --start 2026-09-09 \\
                           --end 2026-09-11 --auditor "Omar Khalil" --process EP-04 --site "Irbid field office" \\
                           --event "Polling day" --event-date 2026-09-10
                Internal auditors must not own a process the audit covers.
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var fields: AuditFields

        func run() async throws {
            let qms = try await global.open()
            let audit = try await qms.audits.plan(try fields.draft())
            if global.json { return try Console.json(audit) }
            Console.out("Planned \(audit.id): \(audit.content.title), \(audit.content.startsOn).")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an audit that has taken place, such as a certification body's; its report follows.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var fields: AuditFields

        func run() async throws {
            let qms = try await global.open()
            let audit = try await qms.audits.add(try fields.draft())
            if global.json { return try Console.json(audit) }
            Console.out("Recorded \(audit.id): \(audit.content.title) (\(audit.content.kind.rawValue)).")
        }
    }

    /// `eqms audit report`: record a report (the default), export it signed, verify an export.
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an audit's report; export it signed (HTML, JSON, PDF); verify an export.",
            subcommands: [Record.self, ReportExport.self, ReportVerify.self], defaultSubcommand: Record.self)
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record an audit's report, and the certificate a stage 2 or recertification audit grants.",
            discussion: """
                Findings are raised with `eqms nc open --audit AUD-YYYY-NN …`.
                A certificate is valid three years less a day from --issued unless --valid-until says otherwise.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The audit, such as AUD-2026-01.") var id: String
        @Option(help: "The audit's conclusions in a few sentences.") var summary: String
        @Option(help: "The day of the report (default: today).") var date: String?
        @Option(name: .customLong("evidence"), help: "The report as evidence (repeatable), EV-YYYY-NNNN.")
        var evidence: [String] = []
        @Option(help: "The certificate's number.") var certificate: String?
        @Option(help: "The day the certificate was issued (default: the report's day).") var issued: String?
        @Option(help: "The certificate's last valid day.") var validUntil: String?
        @OptionGroup var meetings: AuditMeetingOptions
        @Option(help: "The audit's conclusion on the conformity and effectiveness of what it covered.")
        var conclusion: String?
        @Option(
            name: .customLong("certification-recommendation"),
            help: ArgumentHelp(
                "The team's recommendation (certification audits).",
                valueName: "grant|continue|after-corrections|do-not-grant|suspend"))
        var recommendation: CertificationRecommendation?

        func validate() throws {
            _ = try FindingsArgument.audit(id)
            _ = try FindingsArgument.evidence(evidence)
            for (text, option) in [(date, "--date"), (issued, "--issued"), (validUntil, "--valid-until")] {
                _ = try DayArgument.date(text, option: option)
            }
            try meetings.validate()
            if certificate == nil && (issued != nil || validUntil != nil) {
                throw ValidationError("--issued and --valid-until go with --certificate")
            }
        }

        func run() async throws {
            let qms = try await global.open()
            let day = try DayArgument.date(date, option: "--date") ?? qms.today
            let granted = try certificate.map { number in
                Certificate(
                    number: number, issuedOn: try DayArgument.date(issued, option: "--issued") ?? day,
                    validUntil: try DayArgument.date(validUntil, option: "--valid-until"))
            }
            let report = AuditReport(
                reportedOn: day, summary: summary, evidence: try FindingsArgument.evidence(evidence),
                certificate: granted, reportedBy: global.actorName, openingMeeting: try meetings.opening(),
                closingMeeting: try meetings.closing(), conclusion: conclusion, recommendation: recommendation)
            let audit = try await qms.audits.report(try FindingsArgument.audit(id), report)
            if global.json { return try Console.json(audit) }
            Console.out("Recorded the report of \(audit.id).")
            if let certificate = audit.report?.certificate {
                Console.out("Certificate \(certificate.number) valid until \(certificate.validUntil).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the audit programme and the certification audits, and the next audit due.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only the audits starting in this year.") var year: Int?
        @OptionGroup var export: ExportOption

        func validate() throws {
            if let year, !(1900...9999).contains(year) { throw ValidationError("--year takes a year such as 2026") }
        }

        func run() async throws {
            let qms = try await global.open()
            if let url = export.url {
                let rows = try await qms.audits.exportCSV(year: year, to: url)
                return try export.report(rows: rows, noun: "audits", json: global.json)
            }
            let entries = try await qms.audits.list(year: year)
            if global.json { return try Console.json(entries) }
            let language = global.lang
            var table = Table(
                Strings.headers(
                    ["id", "kind", "status", "reg_start", "reg_end", "title", "auditors", "findings_title"], language))
            table.maximumWidth = 48
            for entry in entries {
                let content = entry.audit.content
                table.add([
                    entry.audit.id.description, Strings.term(content.kind, language),
                    Strings.term(entry.audit.status, language), content.startsOn.description,
                    content.endsOn.description, content.title, content.team.joined(separator: ", "),
                    entry.findings.map(\.description).joined(separator: " "),
                ])
            }
            Console.out(table.render())
            let next = try await qms.audits.nextCertificationAudit()
            var line = "\(Strings.text("next_audit", language)): \(Strings.term(next.kind, language))"
            if let due = next.dueBy { line += ", \(Strings.text("due_by", language)) \(due)" }
            if let rule = next.rule { line += " (\(Strings.term(rule, language)))" }
            if let days = next.daysLeft(on: qms.today) {
                let count = Messages.shared.plural("days_count", count: abs(days), language)
                line +=
                    ", "
                    + Messages.shared.text(
                        days < 0 ? "cycle_days_overdue" : "cycle_days_left", language, ["days": count])
            }
            if let planned = next.planned { line += "; \(Strings.text("planned_as", language)) \(planned)" }
            if let certificate = next.certificate {
                line +=
                    "; \(Strings.text("audit_certificate", language)) \(certificate.number), "
                    + "\(Strings.text("valid_until", language)) \(certificate.validUntil)"
            }
            Console.note(line + ".")
            if next.isBlocked {
                Console.note(
                    Strings.text("cycle_blocked", language) + " "
                        + next.blockedBy.map(\.description).joined(separator: ", "))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an audit with its scope, report and findings.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The audit, such as AUD-2026-01.") var id: String

        func validate() throws { _ = try FindingsArgument.audit(id) }

        func run() async throws {
            let qms = try await global.open()
            let entry = try await qms.audits.show(try FindingsArgument.audit(id))
            if global.json { return try Console.json(entry) }
            let audit = entry.audit
            let content = audit.content
            Console.out("\(audit.id) — \(content.kind.rawValue), \(audit.status.rawValue)")
            var lines: [(String, String)] = [
                ("Title", content.title), ("Dates", "\(content.startsOn) to \(content.endsOn)"),
                ("Lead auditor", content.leadAuditor ?? ""), ("Auditors", content.auditors.joined(separator: ", ")),
                ("Auditees", content.auditees.joined(separator: ", ")),
                ("Body", content.certificationBody ?? ""),
                ("Requirements", content.scope.requirements.map(\.description).joined(separator: ", ")),
                ("Processes", content.scope.processes.joined(separator: ", ")),
                ("Sites", content.scope.sites.joined(separator: ", ")),
                ("Observes", content.scope.event.map { "\($0.name), \($0.on)" } ?? ""),
                ("Findings", entry.findings.map(\.description).joined(separator: ", ")),
            ]
            if let report = audit.report {
                lines.append(("Report", "\(report.reportedOn) by \(report.reportedBy): \(report.summary)"))
                lines.append(("Report evidence", report.evidence.map(\.description).joined(separator: ", ")))
                if let certificate = report.certificate {
                    lines.append(
                        (
                            "Certificate",
                            "\(certificate.number), issued \(certificate.issuedOn), valid until \(certificate.validUntil)"
                        ))
                }
            }
            for (label, value) in lines where !value.isEmpty {
                Console.out("  \(label.padding(toLength: 16, withPad: " ", startingAt: 0)) \(value)")
            }
            if let plan = audit.plan {
                Console.out("  \("Objectives".padding(toLength: 16, withPad: " ", startingAt: 0)) \(plan.objectives)")
                if let criteria = plan.criteria {
                    Console.out("  \("Criteria".padding(toLength: 16, withPad: " ", startingAt: 0)) \(criteria)")
                }
                AuditCommand.printSchedule(plan, global.lang)
            }
            if audit.checklist != nil { AuditCommand.printChecklist(audit, global.lang) }
        }
    }

    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set an audit's plan: objectives, criteria, and the schedule by day, site and process.",
            discussion: """
                Each --visit is one sitting: "DAY | TIME | SITE | PROCESS | AUDITEES | AUDITORS", names separated by
                commas, parts left empty when they do not apply. Setting the plan again replaces it.
                Example: eqms audit schedule AUD-2026-01 --objectives "Check polling-day operations against 8.5.1" \\
                           --visit "2026-09-10 | 09:00 | Irbid field office | EP-04 | Ahmad Saleh | Omar Khalil"
                An internal auditor must not audit a process they own (ISO 9001 9.2.2 c).
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The audit, such as AUD-2026-01.") var id: String
        @Option(help: "What the audit is to find out.") var objectives: String
        @Option(help: "Criteria beyond the requirements in scope, such as the electoral law.") var criteria: String?
        @Option(name: .customLong("visit"), help: "A sitting of the schedule (repeatable).") var visits: [String] = []

        func validate() throws { _ = try FindingsArgument.audit(id) }

        func run() async throws {
            let qms = try await global.open()
            let plan = AuditPlan(
                objectives: objectives, criteria: criteria,
                schedule: try AuditPlanInput.visits(visits.joined(separator: "\n")))
            let audit = try await qms.audits.schedule(try FindingsArgument.audit(id), plan)
            if global.json { return try Console.json(audit) }
            Console.out("Set the plan of \(audit.id): \(plan.schedule.count) sitting(s).")
            AuditCommand.printSchedule(plan, global.lang)
        }
    }

    struct Checklist: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate an audit's checklist from its scope, or show it.",
            discussion: """
                One item per requirement in scope, then per requirement the process register links to each process
                in scope. Generating again adds what the scope gained and keeps what was recorded.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The audit, such as AUD-2026-01.") var id: String
        @Flag(help: "Only show the checklist; do not generate it.") var show = false

        func validate() throws { _ = try FindingsArgument.audit(id) }

        func run() async throws {
            let qms = try await global.open()
            let id = try FindingsArgument.audit(id)
            let audit = try await show ? qms.audits.show(id).audit : qms.audits.generateChecklist(id)
            if global.json { return try Console.json(audit.checklist ?? AuditChecklist(items: [])) }
            AuditCommand.printChecklist(audit, global.lang)
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record what the auditor found on one checklist item.",
            discussion: """
                A nonconforming item (--grade major or minor) or an observation (--grade observation or ofi) raises
                its finding in the nonconformity register at once, linked to the audit and the requirement; saving
                the item again raises nothing more.
                Example: eqms audit check AUD-2026-01 iso-9001-2015:8.5.1 --result nonconforming --grade minor \\
                           --notes "Two result forms unsigned" --sample "12 of 140 result forms" --evidence EV-2026-0007
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The audit, such as AUD-2026-01.") var id: String
        @Argument(help: "The requirement of the item, STANDARD:NUMBER.") var requirement: String
        @Option(help: "not-yet, conforming, nonconforming or observation.") var result: String
        @Option(help: "major or minor (nonconforming); observation or ofi (observation).") var grade: String?
        @Option(help: "What was found; the first line titles the finding.") var notes: String?
        @Option(help: "The sample taken.") var sample: String?
        @Option(name: .customLong("evidence"), help: "Evidence seen (repeatable), EV-YYYY-NNNN.")
        var evidence: [String] = []

        func validate() throws { _ = try FindingsArgument.audit(id) }

        func run() async throws {
            let qms = try await global.open()
            let check = try AuditPlanInput.check(
                requirement: requirement, result: result, grade: grade, notes: notes, sample: sample,
                evidence: evidence)
            let outcome = try await qms.audits.check(try FindingsArgument.audit(id), check)
            if global.json { return try Console.json(outcome) }
            let language = global.lang
            Console.out(
                "\(outcome.audit.id) \(outcome.item.requirement): \(Strings.term(outcome.item.result, language)).")
            if let raised = outcome.raised {
                Console.out(
                    "Raised \(raised.id) (\(Strings.term(raised.content.grade, language))), "
                        + "\(Strings.term(raised.state, language)).")
            } else if let finding = outcome.item.finding {
                Console.note("Its finding is \(finding).")
            }
        }
    }

    /// The schedule as a table.
    static func printSchedule(_ plan: AuditPlan, _ language: Language) {
        var table = Table(
            Strings.headers(
                [
                    "audit_plan_day", "audit_plan_time", "audit_plan_site", "process", "audit_auditees",
                    "audit_auditors",
                ],
                language))
        table.maximumWidth = 32
        for visit in plan.schedule {
            table.add([
                visit.on.description, visit.at ?? "", visit.site ?? "", visit.process ?? "",
                visit.auditees.joined(separator: ", "),
                visit.auditors.isEmpty
                    ? Strings.text("audit_plan_whole_team", language) : visit.auditors.joined(separator: ", "),
            ])
        }
        Console.out(table.render())
    }

    /// The checklist as a table.
    static func printChecklist(_ audit: Audit, _ language: Language) {
        var table = Table(
            Strings.headers(
                [
                    "requirement", "process", "audit_check_result", "audit_check_grade", "audit_check_notes",
                    "audit_check_finding",
                ], language))
        table.maximumWidth = 40
        for item in audit.checklist?.items ?? [] {
            table.add([
                item.requirement.description, item.process ?? "", Strings.term(item.result, language),
                item.grade.map { Strings.term($0, language) } ?? "", item.notes ?? "",
                item.finding?.description ?? "",
            ])
        }
        Console.out(table.render())
    }
}

extension CertificationRecommendation: ExpressibleByArgument {}

/// The opening and closing meetings of an audit report as options.
struct AuditMeetingOptions: ParsableArguments {
    @Option(help: "The day of the opening meeting, YYYY-MM-DD.") var openingDate: String?
    @Option(help: "The time the opening meeting began, HH:MM.") var openingTime: String?
    @Option(name: .customLong("opening-attendees"), help: "Who attended the opening meeting (repeatable).")
    var openingAttendees: [String] = []
    @Option(help: "What was said at the opening meeting.") var openingNotes: String?
    @Option(help: "The day of the closing meeting, YYYY-MM-DD.") var closingDate: String?
    @Option(help: "The time the closing meeting began, HH:MM.") var closingTime: String?
    @Option(name: .customLong("closing-attendees"), help: "Who attended the closing meeting (repeatable).")
    var closingAttendees: [String] = []
    @Option(help: "What was said at the closing meeting.") var closingNotes: String?

    func validate() throws {
        _ = try DayArgument.date(openingDate, option: "--opening-date")
        _ = try DayArgument.date(closingDate, option: "--closing-date")
        if openingDate == nil && (openingTime != nil || !openingAttendees.isEmpty || openingNotes != nil) {
            throw ValidationError("--opening-time, --opening-attendees and --opening-notes go with --opening-date")
        }
        if closingDate == nil && (closingTime != nil || !closingAttendees.isEmpty || closingNotes != nil) {
            throw ValidationError("--closing-time, --closing-attendees and --closing-notes go with --closing-date")
        }
    }

    func opening() throws -> AuditMeeting? {
        try DayArgument.date(openingDate, option: "--opening-date").map {
            AuditMeeting(
                on: $0, at: openingTime, attendees: AuditMeetingOptions.names(openingAttendees), notes: openingNotes)
        }
    }

    func closing() throws -> AuditMeeting? {
        try DayArgument.date(closingDate, option: "--closing-date").map {
            AuditMeeting(
                on: $0, at: closingTime, attendees: AuditMeetingOptions.names(closingAttendees), notes: closingNotes)
        }
    }

    /// Names given one per option or separated by commas.
    static func names(_ given: [String]) -> [String] {
        given.flatMap { $0.split(separator: ",").map { String($0) } }
    }
}

/// `eqms audit report export`: the signed package of an audit's report.
struct ReportExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an audit's report, signed like the dossier, in the language of --lang.",
        discussion: """
            Writes a folder (or, when --out ends in .zip, a ZIP) holding LANG/AUD-YYYY-NN-report.html
            (one self-contained page), report.json (the audit and its findings), manifest.json and
            manifest.sig, the Ed25519 signature made with the dossier's key. With --pdf the report is
            printed with headless Chromium beside it (NAME.LANG.pdf), outside the signed manifest.
            Check it with `eqms audit report verify PATH` or `eqms dossier verify PATH`.

            Example: eqms audit report export AUD-2026-01 --lang ar --out aud-2026-01-report --pdf
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The audit, such as AUD-2026-01.") var id: String
    @Option(help: ArgumentHelp("The new folder, or a file ending in .zip.", valueName: "path")) var out: String
    @Option(
        help: ArgumentHelp(
            "The organisation's private signing key.", discussion: "Default: $EQMS_DOSSIER_KEY.",
            valueName: "path"))
    var key: String?
    @Flag(help: "Also print the report to PDF with headless Chromium (beside the output).") var pdf = false

    func validate() throws { _ = try FindingsArgument.audit(id) }

    func run() async throws {
        let signingKey = try DossierService.signingKey(path: key)
        let qms = try await global.open()
        let exported = try await qms.audits.exportReport(
            try FindingsArgument.audit(id), languages: [global.lang], key: signingKey,
            to: URL(fileURLWithPath: out), pdf: pdf)
        if global.json { return try Console.json(exported) }
        Console.out("Report of \(id) written to \(exported.path): \(exported.files) files.")
        Console.out("Signed with the Ed25519 key \(exported.fingerprint).")
        Console.out("manifest.json SHA-256: \(exported.manifestSHA256)")
        for pdf in exported.pdf { Console.out("PDF: \(pdf)") }
        Console.out("Check it with: eqms audit report verify \(exported.path) --key dossier-signing.pub")
    }
}

/// `eqms audit report verify PATH`: the dossier's verifier, on an exported report.
struct ReportVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an exported audit report against its signed manifest (no database needed).",
        discussion: "The same check as `eqms dossier verify`. Exit status 1 on any problem.")
    @Argument(help: ArgumentHelp("The report folder or .zip.", valueName: "path")) var path: String
    @Option(help: ArgumentHelp("The organisation's public key (dossier-signing.pub).", valueName: "path"))
    var key: String?
    @Flag(help: "Print JSON instead of text, for scripts.") var json = false

    func run() async throws {
        let arguments = [path] + (key.map { ["--key", $0] } ?? []) + (json ? ["--json"] : [])
        try await DossierVerifyCommand.parse(arguments).run()
    }
}
