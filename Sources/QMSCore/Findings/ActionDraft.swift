/// An action as planned: what is to be done, by whom, by when. Corrective actions and the actions
/// a management review decides are both planned this way.
public struct ActionDraft: Sendable, Hashable, Codable {
    public var text: String
    /// Who answers for it.
    public var owner: String
    public var due: CalendarDate

    /// Creates an action; ``validate(notBefore:)`` checks it.
    public init(text: String, owner: String, due: CalendarDate) {
        self.text = text.trimmingWhitespace()
        self.owner = owner.trimmingWhitespace()
        self.due = due
    }

    /// Checks the text and owner, and that the due date is not before `earliest` (the day the
    /// finding was raised or the review held).
    public func validate(notBefore earliest: CalendarDate) throws(DomainError) {
        guard !text.isEmpty, text.count <= 1000 else {
            throw .invalidValue(field: "action", value: text, expected: .actionText(maximum: 1000))
        }
        guard !owner.isEmpty, owner.count <= 200 else {
            throw .invalidValue(field: "owner", value: owner, expected: .personResponsible)
        }
        guard due >= earliest else {
            throw .ruleViolated(
                .actionDueTooEarly, ["action": "\(text)", "due": "\(due)", "earliest": "\(earliest)"],
                fix: .later("due", after: earliest.description))
        }
    }
}

extension Optional where Wrapped == String {
    /// The text trimmed, or nil when absent or blank.
    var trimmedOrNil: String? { self?.trimmingWhitespace().nilIfEmpty }
}

extension Array where Element == String {
    /// The texts trimmed, blank ones and repeats left out, in their order.
    var trimmedUnique: [String] {
        var seen = Set<String>()
        return map { $0.trimmingWhitespace() }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
