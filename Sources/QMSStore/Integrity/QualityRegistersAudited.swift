import QMSCore

extension AuditedRegisters {
    /// The quality registers of migration 0007: every event on their entities records the entry's
    /// whole content as `after`, so each is compared as a whole.
    public static let registers: [AuditedRegister] = [
        register(
            "document", "controlled documents", references: [requirementLinks],
            {
                try $0.controlledDocuments().map {
                    (RegisterEntity.document($0.content.code), try CanonicalJSON.encode($0))
                }
            }),
        register(
            "context", "context issues",
            { try $0.contextIssues().map { (RegisterEntity.context($0.id), try CanonicalJSON.encode($0)) } }),
        register(
            "risk", "risks and opportunities",
            { try $0.risks().map { (RegisterEntity.risk($0.id), try CanonicalJSON.encode($0)) } }),
        register(
            "party", "interested parties",
            { try $0.interestedParties().map { (RegisterEntity.party($0.id), try CanonicalJSON.encode($0)) } }),
        register(
            "process", "processes",
            { try $0.qmsProcesses().map { (RegisterEntity.process($0.content.code), try CanonicalJSON.encode($0)) } }),
        register(
            "provider", "external providers",
            { try $0.externalProviders().map { (RegisterEntity.provider($0.id), try CanonicalJSON.encode($0)) } }),
        register(
            "role", "competence roles",
            { try $0.competenceRoles().map { (RegisterEntity.role($0.content.code), try CanonicalJSON.encode($0)) } }),
        register(
            "training", "training events",
            { try $0.trainingEvents().map { (RegisterEntity.training($0.id), try CanonicalJSON.encode($0)) } }),
        register(
            "kpi", "monitored KPIs",
            { try $0.monitoredKPIs().map { (RegisterEntity.kpi($0.content.code), try CanonicalJSON.encode($0)) } }),
    ]

    private static func register(
        _ kind: String, _ noun: String, references: [RecordReference] = [],
        _ entries: @escaping @Sendable (StoreReader) throws -> [(String, String)]
    ) -> AuditedRegister {
        AuditedRegister(
            kind: kind, noun: noun, contentActions: nil,
            current: { reader in Dictionary(try entries(reader), uniquingKeysWith: { first, _ in first }) },
            references: references)
    }

    /// Requirements named by any register entry that are no longer in a loaded catalogue. One
    /// table holds them for every register, so the check is listed once (with the documents).
    private static let requirementLinks = RecordReference(
        target: .requirement,
        danglingQuery: """
            SELECT t.entity AS record, t.standard_id || ':' || t.number AS target
            FROM register_requirements t LEFT JOIN requirements q ON q.standard_id = t.standard_id AND q.number = t.number
            WHERE q.number IS NULL
            """)
}
