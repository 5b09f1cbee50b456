/// Where in the electoral cycle an output falls.
public enum ElectoralCyclePhase: String, Sendable, Hashable, Codable, CaseIterable {
    case preElectoral = "pre-electoral"
    case electoral
    case postElectoral = "post-electoral"

    /// Parses the phase's name.
    public init(name: String) throws(DomainError) {
        guard let phase = ElectoralCyclePhase(rawValue: name.trimmingWhitespace().lowercased()) else {
            throw .invalidValue(
                field: "phase", value: name, expected: .either(["pre-electoral", "electoral", "post-electoral"]))
        }
        self = phase
    }
}

/// An output of the operational plan for a year, linked to the strategic objectives it serves.
/// Activities of the annual work plan deliver outputs.
public struct PlanOutput: Sendable, Hashable, Codable {
    public var code: PlanCode
    public var title: LocalizedText
    public var year: Int
    public var phase: ElectoralCyclePhase
    /// The strategic objectives it serves, by code.
    public var objectives: [PlanCode]

    /// Creates an output.
    public init(
        code: PlanCode, title: LocalizedText, year: Int, phase: ElectoralCyclePhase, objectives: [PlanCode] = []
    ) {
        self.code = code
        self.title = title
        self.year = year
        self.phase = phase
        var seen = Set<PlanCode>()
        self.objectives = objectives.filter { seen.insert($0).inserted }
    }
}

/// A donor or other source of funds: `EU`, `USAID`, `GOV`.
public struct FundingSource: Sendable, Hashable, Codable {
    public var code: PlanCode
    public var name: LocalizedText

    /// Creates a funding source.
    public init(code: PlanCode, name: LocalizedText) {
        self.code = code
        self.name = name
    }
}

/// What a funding source makes available in a year.
public struct FundingEnvelope: Sendable, Hashable, Codable {
    public var source: PlanCode
    public var year: Int
    public var amount: Money

    /// Creates an envelope.
    public init(source: PlanCode, year: Int, amount: Money) {
        self.source = source
        self.year = year
        self.amount = amount
    }
}

/// Money committed against an envelope (a signed contract, a purchase order): an obligation
/// that payments settle.
public struct Commitment: Sendable, Hashable, Codable {
    public var source: PlanCode
    public var year: Int
    /// The amount committed when the order or contract was signed, paid or not.
    public var amount: Money
    /// The contract or order number.
    public var reference: String?
    public var description: String
    /// The activity the order is for. Payments recorded on it, from the same source in the same
    /// year, settle the commitment, as a voucher paid against a purchase order liquidates it in
    /// UNDP's books; a commitment without one stays outstanding in full.
    public var activity: ActivityCode?

    /// Creates a commitment.
    public init(
        source: PlanCode, year: Int, amount: Money, reference: String? = nil, description: String,
        activity: ActivityCode? = nil
    ) {
        self.source = source
        self.year = year
        self.amount = amount
        self.reference = reference?.trimmingWhitespace().nilIfEmpty
        self.description = description.trimmingWhitespace()
        self.activity = activity
    }
}

/// The financial plan: the funding sources, their envelopes per year, and what is committed.
public struct FinancialPlan: Sendable, Hashable, Codable {
    public var sources: [FundingSource]
    public var envelopes: [FundingEnvelope]
    public var commitments: [Commitment]

    /// Creates a financial plan.
    public init(sources: [FundingSource] = [], envelopes: [FundingEnvelope] = [], commitments: [Commitment] = []) {
        self.sources = sources
        self.envelopes = envelopes
        self.commitments = commitments
    }

    /// A source by code.
    public func source(_ code: PlanCode) -> FundingSource? { sources.first { $0.code == code } }
}
