import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// External providers (ISO 9001 8.4): suppliers and contractors, the criteria they are
/// evaluated on, evaluations and re-evaluations with scores, and the approved-provider list. An
/// approved provider with a current evaluation is evidence for 8.4.1 until its re-evaluation is due.
public struct ProviderService: Sendable {
    let qms: QMS

    /// Registers a provider, numbered `EXT-YYYY-NN`, status `proposed` until evaluated.
    @discardableResult
    public func add(_ draft: ProviderDraft) async throws -> ExternalProvider {
        try draft.validate()
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            try RegisterChecks.requirementsExist(draft.requirements, writer.reader)
            let year = writer.instant.date.year
            let id = ProviderID(year: year, number: try writer.nextSequenceValue("EXT", year: year))
            let provider = ExternalProvider(id: id, content: draft, recordedAt: writer.instant, recordedBy: actor)
            try writer.saveProvider(provider, before: nil, action: "provider.add")
            return provider
        }
    }

    /// Evaluates (or re-evaluates) a provider: one score from 1 to 5 per criterion, in order.
    @discardableResult
    public func evaluate(_ id: ProviderID, scores: [Int], note: String?) async throws -> ExternalProvider {
        try await update(id, action: "provider.evaluate") { provider, day, actor in
            try provider.evaluating(scores, note: note, by: actor, on: day)
        }
    }

    /// Takes a provider off the approved list, with the reason.
    @discardableResult
    public func suspend(_ id: ProviderID, reason: String) async throws -> ExternalProvider {
        try await update(id, action: "provider.suspend") { provider, _, _ in try provider.suspending(reason: reason) }
    }

    /// One provider with its evaluations and what needs attention today.
    public func show(_ id: ProviderID) async throws -> RegisterEntry<ExternalProvider> {
        guard let provider = try await qms.store.reading({ try $0.externalProviders(id: id) }).first else {
            throw RegisterChecks.notFound(.externalProvider, id, record: .provider)
        }
        return RegisterEntry(provider, alerts: provider.alerts(on: qms.today), status: provider.status.rawValue)
    }

    /// The providers, or those of one status (`approved`: the approved-provider list).
    public func list(status: ProviderStatus? = nil) async throws -> [RegisterEntry<ExternalProvider>] {
        let today = qms.today
        return try await qms.store.reading { try $0.externalProviders() }
            .filter { status == nil || $0.status == status }
            .map { RegisterEntry($0, alerts: $0.alerts(on: today), status: $0.status.rawValue) }
    }

    /// Writes the providers to a CSV file; returns the number of rows.
    @discardableResult
    public func exportCSV(to url: URL) async throws -> Int {
        let providers = try await qms.store.reading { try $0.externalProviders() }
        return try RegisterChecks.write(RegistersCSV.providers(providers, asOf: qms.today), to: url)
    }

    private func update(
        _ id: ProviderID, action: String,
        _ change: @escaping @Sendable (ExternalProvider, CalendarDate, String) throws -> ExternalProvider
    ) async throws -> ExternalProvider {
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            guard let before = try writer.reader.externalProviders(id: id).first else {
                throw RegisterChecks.notFound(.externalProvider, id, record: .provider)
            }
            var after = try change(before, writer.instant.date, actor)
            after.evidence = try RegisterEvidence.sync(
                after.evidenceSpec, current: before.evidence,
                reason: "\(id) is \(after.status.rawValue): no longer an approved provider", writer: writer)
            try writer.saveProvider(after, before: before, action: action)
            return after
        }
    }
}

extension QMS {
    /// External providers and their evaluations (ISO 9001 8.4).
    public var providers: ProviderService { ProviderService(qms: self) }
}
