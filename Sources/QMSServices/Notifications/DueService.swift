import QMSCore
import QMSStore

/// What is due on a day: the reminders owed, and the day and settings they were computed for.
public struct DueReport: Sendable, Hashable, Codable {
    public var asOf: CalendarDate
    public var settings: DueSettings
    public var items: [DueItem]

    /// Creates a report.
    public init(asOf: CalendarDate, settings: DueSettings, items: [DueItem]) {
        self.asOf = asOf
        self.settings = settings
        self.items = items
    }
}

/// The due-date engine over the store: reads every register's dated records once (one query per
/// register, never one per record) and says which reminders each user is owed.
public struct DueService: Sendable {
    let qms: QMS

    /// Every dated obligation that may be due on `asOf` within the settings' horizon, and the users.
    ///
    /// Evidence is read only when its expiry or review day falls before the horizon: at 100k
    /// records most are far from due, and the rest of the registers are small.
    public func snapshot(asOf: CalendarDate, settings: DueSettings = .standard) async throws -> DueSnapshot {
        let horizon = asOf.adding(days: settings.horizon)
        return try await qms.store.reading { reader in
            let users = try reader.users()
            var candidates: [DueCandidate] = []
            for record in try reader.evidenceNeedingAttention(
                expiringBy: horizon, reviewDueBefore: horizon.adding(days: 1))
            {
                candidates += DueSources.evidence(record)
            }
            for finding in try reader.nonconformities(matching: NonconformityFilter(openOnly: true)) {
                candidates += DueSources.nonconformity(finding)
            }
            for document in try reader.controlledDocuments() { candidates += DueSources.document(document) }
            for risk in try reader.risks(openOnly: true) { candidates += DueSources.risk(risk) }
            for provider in try reader.externalProviders() { candidates += DueSources.provider(provider) }
            for training in try reader.trainingEvents() { candidates += DueSources.training(training) }
            for kpi in try reader.monitoredKPIs() { candidates += DueSources.kpi(kpi) }
            for issue in try reader.contextIssues() { candidates += DueSources.contextIssue(issue) }
            for party in try reader.interestedParties() { candidates += DueSources.party(party) }
            for process in try reader.qmsProcesses() { candidates += DueSources.process(process) }
            candidates += DueSources.audits(try reader.audits())
            for review in try reader.managementReviews() { candidates += DueSources.managementReview(review) }
            for request in try reader.evidenceRequests() { candidates += DueSources.evidenceRequest(request) }
            let committee = users.filter { $0.active && $0.role == .tcMember }.map(\.username)
            for listing in try reader.awpListings() {
                candidates += DueSources.workPlan(
                    awp: listing.awp, version: listing.latestVersion, year: listing.year, status: listing.status,
                    title: listing.project.en, committee: committee)
            }
            return DueSnapshot(candidates: candidates, users: users)
        }
    }

    /// The reminders owed on `asOf` (today when nil), to everyone or to one user.
    /// - Throws: `DomainError.notFound` when `user` names nobody.
    public func due(asOf: CalendarDate? = nil, user: String? = nil, settings: DueSettings = .standard)
        async throws -> DueReport
    {
        let day = asOf ?? qms.today
        let snapshot = try await snapshot(asOf: day, settings: settings)
        if let user, !snapshot.users.contains(where: { $0.username == user }) {
            throw DomainError.notFound(kind: .user, id: user, hint: .lookUp(.user))
        }
        var items = DueEngine.due(snapshot, asOf: day, settings: settings)
        if let user { items = items.filter { $0.user == user } }
        return DueReport(asOf: day, settings: settings, items: items)
    }
}

extension QMS {
    /// The due-date engine over the store.
    public var due: DueService { DueService(qms: self) }
}
