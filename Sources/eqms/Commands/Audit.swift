import ArgumentParser
import Foundation
import QMSCore
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
        subcommands: [Plan.self, Add.self, Report.self, List.self, Show.self])

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

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
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

        func validate() throws {
            _ = try FindingsArgument.audit(id)
            _ = try FindingsArgument.evidence(evidence)
            for (text, option) in [(date, "--date"), (issued, "--issued"), (validUntil, "--valid-until")] {
                _ = try DayArgument.date(text, option: option)
            }
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
                certificate: granted, reportedBy: global.actorName)
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
        }
    }
}
