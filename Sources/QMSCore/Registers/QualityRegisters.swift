/// Every register of the quality system in one value: what the web index, the CLI's JSON and
/// audit dossiers show.
public struct QualityRegisters: Sendable, Hashable, Codable {
    public var documents: [ControlledDocument]
    public var contextIssues: [ContextIssue]
    public var risks: [Risk]
    public var parties: [InterestedParty]
    public var processes: [QMSProcess]
    public var providers: [ExternalProvider]
    public var roles: [CompetenceRole]
    public var trainings: [TrainingEvent]
    public var kpis: [MonitoredKPI]

    /// Creates the set.
    public init(
        documents: [ControlledDocument] = [], contextIssues: [ContextIssue] = [], risks: [Risk] = [],
        parties: [InterestedParty] = [], processes: [QMSProcess] = [], providers: [ExternalProvider] = [],
        roles: [CompetenceRole] = [], trainings: [TrainingEvent] = [], kpis: [MonitoredKPI] = []
    ) {
        self.documents = documents
        self.contextIssues = contextIssues
        self.risks = risks
        self.parties = parties
        self.processes = processes
        self.providers = providers
        self.roles = roles
        self.trainings = trainings
        self.kpis = kpis
    }

    /// The climate-change determination of ISO 9001 Amendment 1:2024, when one is recorded (the latest).
    public var climateDetermination: ContextIssue? { contextIssues.last { $0.content.climate != nil } }

    /// The process map of the processes register.
    public var processMap: ProcessMap { ProcessMap(processes) }
}
