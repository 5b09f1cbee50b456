import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// Interested parties (ISO 9001 4.2): voters, candidates, political organizations, observers,
/// media, judiciary, donors, government, staff; their needs and expectations, and how they are
/// monitored and reviewed.
public struct PartyService: Sendable {
    let qms: QMS

    /// Records an interested party, numbered `IP-YYYY-NN` in the year recorded.
    @discardableResult
    public func add(_ draft: PartyDraft) async throws -> InterestedParty {
        try draft.validate()
        let actor = qms.actor
        let day = qms.today
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            try RegisterChecks.requirementsExist(draft.requirements, writer.reader)
            let year = writer.instant.date.year
            let id = InterestedPartyID(year: year, number: try writer.nextSequenceValue("IP", year: year))
            var party = InterestedParty(id: id, content: draft, recordedAt: writer.instant, recordedBy: actor)
            party.evidence = try RegisterEvidence.sync(
                party.evidenceSpec(on: day), current: nil, reason: "", writer: writer)
            try writer.saveParty(party, before: nil, action: "party.add")
            return party
        }
    }

    /// Records a review of a party's needs and expectations; given ones replace the recorded ones.
    @discardableResult
    public func review(
        _ id: InterestedPartyID, next: CalendarDate?, note: String?, needs: [String] = [], expectations: [String] = [],
        monitoring: String? = nil
    ) async throws -> InterestedParty {
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            guard let before = try writer.reader.interestedParties(id: id).first else {
                throw RegisterChecks.notFound(.interestedParty, id, record: .party)
            }
            let day = writer.instant.date
            var after = try before.reviewing(
                next: next, note: note, needs: needs, expectations: expectations, monitoring: monitoring, by: actor,
                on: day)
            after.evidence = try RegisterEvidence.sync(
                after.evidenceSpec(on: day), current: before.evidence, reason: "", writer: writer)
            try writer.saveParty(after, before: before, action: "party.review")
            return after
        }
    }

    /// One party with what needs attention today.
    public func show(_ id: InterestedPartyID) async throws -> RegisterEntry<InterestedParty> {
        guard let party = try await qms.store.reading({ try $0.interestedParties(id: id) }).first else {
            throw RegisterChecks.notFound(.interestedParty, id, record: .party)
        }
        return RegisterEntry(party, alerts: party.alerts(on: qms.today))
    }

    /// The register of interested parties, or those of one category.
    public func list(category: PartyCategory? = nil) async throws -> [RegisterEntry<InterestedParty>] {
        let today = qms.today
        return try await qms.store.reading { try $0.interestedParties() }
            .filter { category == nil || $0.content.category == category }
            .map { RegisterEntry($0, alerts: $0.alerts(on: today)) }
    }

    /// Writes the register to a CSV file; returns the number of rows.
    @discardableResult
    public func exportCSV(to url: URL) async throws -> Int {
        let parties = try await qms.store.reading { try $0.interestedParties() }
        return try RegisterChecks.write(RegistersCSV.parties(parties), to: url)
    }
}

extension QMS {
    /// Interested parties (ISO 9001 4.2).
    public var parties: PartyService { PartyService(qms: self) }
}
