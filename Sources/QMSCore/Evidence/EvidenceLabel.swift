/// The register entry an evidence record is kept for: a quality register's entry in its evidence
/// state (``RegisterEvidenceSpec``), or a finding's record (``FindingsEvidenceTag``).
public struct RegisterEntryLink: Sendable, Hashable, Codable {
    /// The register that keeps the entry.
    public enum Register: String, Sendable, Hashable, Codable, CaseIterable {
        case document
        case context
        case risk
        case party
        case process
        case provider
        case training
        case kpi
        case nonconformity
        case audit
        case review
    }
    public var register: Register
    /// The entry's identifier or code, as the register shows it (`RISK-2026-003`, `DOC-QP`).
    public var id: String

    /// Creates a link.
    public init(register: Register, id: String) {
        self.register = register
        self.id = id
    }
}

/// What a page needs to name an evidence record beside its identifier: its title, the facts that
/// decide how it counts, and the register entry it is kept for, when a register keeps it.
public struct EvidenceLabel: Sendable, Hashable {
    public var id: EvidenceID
    public var title: String
    public var validity: EvidenceValidity
    public var entry: RegisterEntryLink?

    /// Creates a label.
    public init(id: EvidenceID, title: String, validity: EvidenceValidity, entry: RegisterEntryLink? = nil) {
        self.id = id
        self.title = title
        self.validity = validity
        self.entry = entry
    }
}
