import QMSCore

/// An audit plan's schedule and a checklist item as people type them, assembled once for the CLI,
/// the web form and the JSON API.
public enum AuditPlanInput {
    /// The sittings of a schedule written one per line, `day | time | site | process | auditees |
    /// auditors`, names separated by commas; trailing parts may be left out and any part left empty.
    public static func visits(_ text: String) throws(DomainError) -> [AuditVisit] {
        var visits: [AuditVisit] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map {
                String($0).trimmingWhitespace()
            }
            guard parts.contains(where: { !$0.isEmpty }) else { continue }
            guard parts.count <= 6 else {
                throw .invalidValue(
                    field: "visit", value: String(line),
                    expected: .written(format: "day | time | site | process | auditees | auditors", example: example))
            }
            let part = { (index: Int) -> String? in index < parts.count ? parts[index].nilIfEmpty : nil }
            let on: CalendarDate
            do { on = try CalendarDate(parsing: parts[0]) } catch {
                throw .invalidValue(field: "visit", value: parts[0], expected: .day(example: "2026-09-10"))
            }
            visits.append(
                AuditVisit(
                    on: on, at: part(1), site: part(2), process: part(3), auditees: names(part(4)),
                    auditors: names(part(5))))
        }
        return visits
    }

    /// The schedule written back one sitting per line, as ``visits(_:)`` reads it.
    public static func lines(_ visits: [AuditVisit]) -> String {
        visits.map { visit in
            [
                visit.on.description, visit.at ?? "", visit.site ?? "", visit.process ?? "",
                visit.auditees.joined(separator: ", "), visit.auditors.joined(separator: ", "),
            ].joined(separator: " | ")
        }.joined(separator: "\n")
    }

    /// A checklist item's result, grade and evidence from their raw texts; each that does not
    /// parse names its field.
    public static func check(
        requirement: String, result: String, grade: String?, notes: String?, sample: String?, evidence: [String]
    ) throws(DomainError) -> AuditCheck {
        let key: RequirementKey
        do { key = try RequirementKey(parsing: requirement.trimmingWhitespace()) } catch {
            throw .invalidValue(
                field: "requirement", value: requirement, expected: .requirement(example: "iso-9001-2015:8.5.1"))
        }
        guard let outcome = AuditCheckResult(rawValue: result.trimmingWhitespace()) else {
            throw .invalidValue(
                field: "result", value: result, expected: .listed(AuditCheckResult.allCases.map(\.rawValue)))
        }
        var graded: NonconformityGrade?
        if let grade = grade?.trimmingWhitespace().nilIfEmpty {
            guard let value = NonconformityGrade(rawValue: grade) else {
                throw .invalidValue(
                    field: "grade", value: grade, expected: .listed(NonconformityGrade.allCases.map(\.rawValue)))
            }
            graded = value
        }
        var seen: [EvidenceID] = []
        for text in evidence.flatMap({ $0.split(whereSeparator: { $0 == "," || $0.isWhitespace }) }) {
            do { seen.append(try EvidenceID(parsing: String(text))) } catch {
                throw .invalidValue(field: "evidence", value: String(text), expected: .format("EV-YYYY-NNNN"))
            }
        }
        return AuditCheck(
            requirement: key, result: outcome, grade: graded, notes: notes, sample: sample, evidence: seen)
    }

    private static let example = "2026-09-10 | 09:00 | Irbid field office | EP-04 | Ahmad Saleh | Omar Khalil"

    private static func names(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}
