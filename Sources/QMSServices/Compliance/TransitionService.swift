import QMSCore

/// The move from one edition of a standard to the next (ISO 9001:2015 → 2026): written once, used
/// by the command line, the web and the dossier.
public struct TransitionService: Sendable {
    let qms: QMS

    /// The edition a commission is certified to, by default.
    public static let defaultFrom = "iso-9001-2015"
    /// The new edition, by default.
    public static let defaultTo = "iso-9001-2026"

    /// The transition report from `from` to `to` on `asOf` (today when nil). The deadline is
    /// `deadline` when given, else three years after the new edition's publication.
    public func report(
        from: StandardID? = nil, to: StandardID? = nil, deadline: CalendarDate? = nil, asOf: CalendarDate? = nil
    ) async throws -> TransitionReport {
        let from = try from ?? StandardID(Self.defaultFrom)
        let to = try to ?? StandardID(Self.defaultTo)
        _ = try await qms.catalogues.catalogue(from)
        let new = try await qms.catalogues.catalogue(to)
        let crosswalks = try await qms.store.reading { try $0.crosswalks() }
        guard let crosswalk = crosswalks.first(where: { $0.from == from && $0.to == to }) else {
            throw DomainError.notFound(
                kind: .crosswalk, id: "\(from) → \(to)", hint: .advice(.loadCrosswalk(from: "\(from)", to: "\(to)")))
        }
        guard let due = deadline ?? TransitionReport.defaultDeadline(for: new.standard) else {
            throw DomainError.invalidValue(
                field: "deadline", value: new.standard.edition, expected: .transitionDeadline)
        }
        let matrix = try await qms.compliance.matrix(asOf: asOf)
        return try TransitionReport(
            from: from, to: to, matrix: matrix, crosswalk: crosswalk, deadline: due, deadlineGiven: deadline != nil)
    }

    /// Whether the report can be made: both catalogues and the crosswalk between them are loaded.
    public func isAvailable(from: StandardID? = nil, to: StandardID? = nil) async throws -> Bool {
        let from = try from ?? StandardID(Self.defaultFrom)
        let to = try to ?? StandardID(Self.defaultTo)
        return try await qms.store.reading { reader in
            try reader.standard(from) != nil && reader.standard(to) != nil
                && reader.crosswalks().contains { $0.from == from && $0.to == to }
        }
    }
}
