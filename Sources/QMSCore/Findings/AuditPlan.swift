/// One sitting of an audit plan's schedule (ISO 19011 6.3.2): a day, perhaps a time, the site,
/// the process audited there, who is audited and who audits.
public struct AuditVisit: Sendable, Hashable, Codable {
    public var on: CalendarDate
    /// The time it starts, `HH:MM`, when fixed.
    public var at: String?
    public var site: String?
    /// A process of the audit's scope: EP-01 … EP-08 or a QMS process.
    public var process: String?
    public var auditees: [String]
    /// The auditors of this sitting; none means the whole audit team.
    public var auditors: [String]

    /// Creates a sitting; ``AuditPlan/validate(for:owners:)`` checks it against its audit.
    public init(
        on: CalendarDate, at: String? = nil, site: String? = nil, process: String? = nil, auditees: [String] = [],
        auditors: [String] = []
    ) {
        self.on = on
        self.at = at.trimmedOrNil
        self.site = site.trimmedOrNil
        let process = process.trimmedOrNil
        self.process = process.map { $0.uppercased().hasPrefix("EP-") ? $0.uppercased() : $0 }
        self.auditees = auditees.trimmedUnique
        self.auditors = auditors.trimmedUnique
    }

    /// Whether `text` is a time of day written `HH:MM` (00:00 to 23:59).
    static func isTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return false }
        return (0...23).contains(hour) && (0...59).contains(minute)
    }
}

/// The plan of one audit (ISO 19011 6.3.2): its objectives, its criteria, and the schedule by
/// day, site and process with the auditees and auditors of each sitting.
public struct AuditPlan: Sendable, Hashable, Codable {
    public var objectives: String
    /// The audit criteria beyond the requirements in scope: "the electoral law, the procedures manual".
    public var criteria: String?
    /// The sittings, in the order given.
    public var schedule: [AuditVisit]

    /// Creates a plan; ``validate(for:owners:)`` checks it.
    public init(objectives: String, criteria: String? = nil, schedule: [AuditVisit]) {
        self.objectives = objectives.trimmingWhitespace()
        self.criteria = criteria.trimmedOrNil
        self.schedule = schedule
    }

    /// Checks the plan against its audit: objectives given, every sitting within the audit's days,
    /// its time a time, its process a real one, its auditors on the audit team, and none of them
    /// auditing a process they own (ISO 9001 9.2.2 c): `owners` gives, for each person, the
    /// processes they are responsible for.
    public func validate(for audit: AuditDraft, owners: [String: [String]]) throws(DomainError) {
        try TextCheck.required(objectives, field: "objectives", maximum: 4000)
        try TextCheck.optional(criteria, field: "criteria")
        guard !schedule.isEmpty else {
            throw .ruleViolated(.auditPlanNeedsSchedule, fix: .give(["visit"], example: "2026-09-10"))
        }
        let team = Set(audit.team.map { $0.lowercased() })
        for visit in schedule {
            guard (audit.startsOn...audit.endsOn).contains(visit.on) else {
                throw .ruleViolated(
                    .visitOutsideAudit,
                    ["day": "\(visit.on)", "start": "\(audit.startsOn)", "end": "\(audit.endsOn)"],
                    fix: .advice(.checkDates))
            }
            if let time = visit.at, !AuditVisit.isTime(time) {
                throw .invalidValue(field: "time", value: time, expected: .format("HH:MM"))
            }
            try TextCheck.optional(visit.site, field: "site", maximum: 300)
            try TextCheck.list(visit.auditees + visit.auditors, field: "auditee or auditor")
            if let process = visit.process, process.hasPrefix("EP-") { _ = try ElectoralProcess(code: process) }
            for auditor in visit.auditors where !team.contains(auditor.lowercased()) {
                throw .ruleViolated(
                    .visitAuditorNotInTeam, ["auditor": "\(auditor)", "team": "\(audit.team.joined(separator: ", "))"],
                    fix: .give(["auditor"]))
            }
        }
        if let conflict = independenceConflicts(of: audit, owners: owners).first {
            throw .ruleViolated(
                .auditorOwnsProcess, ["auditor": "\(conflict.auditor)", "process": "\(conflict.process)"],
                fix: .advice(.independentAuditor(process: "\(conflict.process)")))
        }
    }

    /// The auditors of a sitting who own the process it audits. Only internal audits are checked;
    /// a certification body's auditors are independent by accreditation.
    public func independenceConflicts(of audit: AuditDraft, owners: [String: [String]]) -> [(
        auditor: String, process: String
    )] {
        guard audit.kind == .internal else { return [] }
        var conflicts: [(auditor: String, process: String)] = []
        for visit in schedule {
            guard let process = visit.process else { continue }
            let auditors = visit.auditors.isEmpty ? audit.team : visit.auditors
            conflicts += Independence.conflicts(auditors: auditors, processes: [process], owners: owners)
        }
        return conflicts
    }
}

/// The rule that an internal auditor does not audit their own work (ISO 9001 9.2.2 c).
public enum Independence {
    /// The pairs of an auditor and a process of `processes` that `owners` says the auditor owns;
    /// names and processes compare without regard to case.
    public static func conflicts(auditors: [String], processes: [String], owners: [String: [String]]) -> [(
        auditor: String, process: String
    )] {
        let scoped = Set(processes.map { $0.lowercased() })
        var byPerson: [String: [String]] = [:]
        for (person, owned) in owners { byPerson[person.lowercased(), default: []] += owned }
        var conflicts: [(auditor: String, process: String)] = []
        for auditor in auditors {
            var seen = Set<String>()
            for process in byPerson[auditor.lowercased()] ?? []
            where scoped.contains(process.lowercased()) && seen.insert(process.lowercased()).inserted {
                conflicts.append((auditor, process))
            }
        }
        return conflicts
    }
}
