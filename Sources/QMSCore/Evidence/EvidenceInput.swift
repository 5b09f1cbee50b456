/// An evidence record's fields as a person gave them, before any parsing: from the CLI's options,
/// the web form, the API's JSON or a CSV row. ``draft(owner:today:memo:)`` turns them into a draft
/// in one place, where the defaults are decided (kind, location, dates, confidentiality, status),
/// so that every front end accepts the same input and refuses it with the same field named.
///
/// Field names in errors are the input's own (`effective`, `valid-until`, `requirement`): the CLI
/// has an option of each name, the web a form field, the CSV import a column it maps them to.
public struct EvidenceInput: Sendable, Hashable {
    public var title: String?
    public var description: String?
    /// `document`, `record`, `link` or `note`; when absent, decided from the files and the link.
    public var kind: String?
    public var link: String?
    /// The person responsible; when absent, whoever logs it.
    public var owner: String?
    public var process: String?
    /// When absent, ``EvidenceDraft/defaultLocation``.
    public var location: String?
    /// `YYYY-MM-DD`; when absent, today.
    public var effective: String?
    public var effectiveTo: String?
    /// `YYYY-MM-DD`; when absent, today.
    public var collected: String?
    public var validUntil: String?
    public var reviewDue: String?
    /// `public`, `internal` or `restricted`; when absent, internal.
    public var confidentiality: String?
    /// `current` or `draft`; when absent, current.
    public var status: String?
    /// Requirement keys, each entry holding one or several separated by new lines (LF or CRLF),
    /// semicolons or commas.
    public var requirements: [String]
    public var tags: [String]
    /// Whether files come with the record (they decide the kind when none is given).
    public var hasFiles: Bool

    /// An input with every field absent.
    public init(
        title: String? = nil, description: String? = nil, kind: String? = nil, link: String? = nil,
        owner: String? = nil, process: String? = nil, location: String? = nil, effective: String? = nil,
        effectiveTo: String? = nil, collected: String? = nil, validUntil: String? = nil, reviewDue: String? = nil,
        confidentiality: String? = nil, status: String? = nil, requirements: [String] = [], tags: [String] = [],
        hasFiles: Bool = false
    ) {
        self.title = title
        self.description = description
        self.kind = kind
        self.link = link
        self.owner = owner
        self.process = process
        self.location = location
        self.effective = effective
        self.effectiveTo = effectiveTo
        self.collected = collected
        self.validUntil = validUntil
        self.reviewDue = reviewDue
        self.confidentiality = confidentiality
        self.status = status
        self.requirements = requirements
        self.tags = tags
        self.hasFiles = hasFiles
    }

    /// Values already parsed: a bulk import repeats a few requirement lists and dates on every
    /// row, and parsing them again cost more than writing the rows.
    public struct Memo: Sendable {
        var requirements: [String: [RequirementKey]] = [:]
        var dates: [String: CalendarDate] = [:]
        /// An empty memo.
        public init() {}
    }

    /// The draft these fields describe. Each value that does not parse is refused with its field;
    /// the rules between fields are ``EvidenceDraft/validate(hasFiles:)``'s.
    public func draft(owner defaultOwner: String, today: CalendarDate) throws(DomainError) -> EvidenceDraft {
        var memo = Memo()
        return try draft(owner: defaultOwner, today: today, memo: &memo)
    }

    /// The draft, reusing and filling `memo`.
    public func draft(owner defaultOwner: String, today: CalendarDate, memo: inout Memo) throws(DomainError)
        -> EvidenceDraft
    {
        func present(_ text: String?) -> String? { text?.trimmingWhitespace().nilIfEmpty }
        func date(_ text: String?, _ field: String) throws(DomainError) -> CalendarDate? {
            guard let text = present(text) else { return nil }
            if let known = memo.dates[text] { return known }
            let parsed: CalendarDate
            do {
                parsed = try CalendarDate(parsing: text)
            } catch {
                throw .invalidValue(field: field, value: text, expected: .dateWritten)
            }
            if memo.dates.count < 10_000 { memo.dates[text] = parsed }
            return parsed
        }
        let kind: EvidenceKind
        if let text = present(self.kind) {
            guard let parsed = EvidenceKind(rawValue: text.lowercased()) else {
                throw .invalidValue(
                    field: "kind", value: text,
                    expected: .listed(EvidenceKind.allCases.map(\.rawValue)))
            }
            kind = parsed
        } else {
            kind = hasFiles ? .document : present(link) != nil ? .link : .note
        }
        var confidentiality = Confidentiality.internal
        if let text = present(self.confidentiality) {
            guard let parsed = Confidentiality(rawValue: text.lowercased()) else {
                throw .invalidValue(
                    field: "confidentiality", value: text, expected: .either(["public", "internal", "restricted"]))
            }
            confidentiality = parsed
        }
        var status = EvidenceStatus.current
        if let text = present(self.status) {
            guard let parsed = EvidenceStatus(rawValue: text.lowercased()), parsed == .current || parsed == .draft
            else {
                throw .invalidValue(field: "status", value: text, expected: .either(["current", "draft"]))
            }
            status = parsed
        }
        var keys: [RequirementKey] = []
        for entry in requirements {
            if let known = memo.requirements[entry] {
                keys += known
                continue
            }
            var parsed: [RequirementKey] = []
            // Browsers send a text area's lines with CRLF; "\r\n" is one Character, so split on scalars.
            for part in entry.unicodeScalars.split(whereSeparator: { "\n\r;,".unicodeScalars.contains($0) }) {
                let text = String(String.UnicodeScalarView(part)).trimmingWhitespace()
                guard !text.isEmpty else { continue }
                do {
                    parsed.append(try RequirementKey(parsing: text))
                } catch {
                    throw .invalidValue(
                        field: "requirement", value: text,
                        expected: .written(format: "STANDARD:NUMBER", example: "iso-9001-2015:7.5.3"))
                }
            }
            if memo.requirements.count < 10_000 { memo.requirements[entry] = parsed }
            keys += parsed
        }
        return EvidenceDraft(
            title: title ?? "", description: description, kind: kind, link: link,
            owner: present(owner) ?? defaultOwner, process: process,
            location: present(location) ?? EvidenceDraft.defaultLocation,
            effectiveFrom: try date(effective, "effective") ?? today,
            effectiveTo: try date(effectiveTo, "effective-to"),
            collectedOn: try date(collected, "collected") ?? today,
            validUntil: try date(validUntil, "valid-until"), reviewDue: try date(reviewDue, "review-due"),
            confidentiality: confidentiality, status: status, requirements: keys,
            tags: tags.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == ";" }).map(String.init) })
    }
}
