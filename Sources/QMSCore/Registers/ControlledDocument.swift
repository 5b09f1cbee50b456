/// What kind of controlled document (ISO 9001 7.5).
public enum DocumentKind: String, Sendable, Hashable, Codable, CaseIterable {
    case policy
    case manual
    case procedure
    case form
    case workInstruction = "work-instruction"
    /// A document of external origin the organisation controls: the electoral law, a regulation,
    /// a standard (ISO 9001 7.5.3.2).
    case external
}

/// Where a version of a controlled document is in its life.
///
/// draft → in-review → approved → issued → obsolete. A version in review may be returned to
/// draft. Issuing a version makes the version issued before it obsolete; an obsolete version is
/// kept and marked, never issued again.
public enum DocumentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case inReview = "in-review"
    case approved
    case issued
    case obsolete

    /// The statuses a version may go to next.
    public var allowedNext: [DocumentStatus] {
        switch self {
        case .draft: return [.inReview]
        case .inReview: return [.approved, .draft]
        case .approved: return [.issued]
        case .issued: return [.obsolete]
        case .obsolete: return []
        }
    }
}

/// A controlled document as registered: what it is, who owns it, how often it is reviewed and
/// who holds copies.
public struct DocumentDraft: Sendable, Hashable, Codable {
    public var code: RegisterCode
    public var title: String
    public var kind: DocumentKind
    /// Who answers for the document (keeps it up to date).
    public var owner: String
    /// The QMS process or electoral process (EP-01 … EP-08) it belongs to.
    public var process: String?
    /// Where the document can be read (the intranet, the official gazette).
    public var link: String?
    /// Who issues a document of external origin: the legislature, ISO, a ministry.
    public var origin: String?
    /// How many months an issued version stays valid before it must be reviewed.
    public var reviewMonths: Int
    /// Who holds controlled copies: offices, roles, people.
    public var distribution: [String]
    /// The requirements the document answers; once issued it is evidence for them.
    public var requirements: [RequirementKey]

    /// Creates a draft; ``validate()`` checks it.
    public init(
        code: RegisterCode, title: String, kind: DocumentKind, owner: String, process: String? = nil,
        link: String? = nil, origin: String? = nil, reviewMonths: Int = 12, distribution: [String] = [],
        requirements: [RequirementKey] = []
    ) {
        self.code = code
        self.title = title.trimmingWhitespace()
        self.kind = kind
        self.owner = owner.trimmingWhitespace()
        self.process = ProcessName.normalised(process)
        self.link = link.trimmedOrNil
        self.origin = origin.trimmedOrNil
        self.reviewMonths = reviewMonths
        self.distribution = distribution.trimmedUnique
        self.requirements = requirements.uniqueKeys
    }

    /// Checks the rules every controlled document obeys; each problem names the field at fault.
    public func validate() throws(DomainError) {
        try TextCheck.required(title, field: "title")
        try TextCheck.required(owner, field: "owner", maximum: 200)
        try ProcessName.check(process)
        try TextCheck.link(link)
        try TextCheck.optional(origin, field: "origin", maximum: 300)
        try TextCheck.list(distribution, field: "distribution", maximum: 200)
        guard (1...60).contains(reviewMonths) else {
            throw .invalidValue(
                field: "review interval", value: String(reviewMonths), expected: .months(minimum: 1, maximum: 60))
        }
        if kind == .external, origin == nil {
            throw .ruleViolated(
                .externalDocumentNeedsOrigin, fix: .give(["origin"], example: "House of Representatives, ISO"))
        }
    }
}

/// One version of a controlled document, with who wrote, approved and issued it.
public struct DocumentVersion: Sendable, Hashable, Codable {
    /// 1 for the first version.
    public var number: Int
    public var status: DocumentStatus
    /// What changed from the version before.
    public var changes: String?
    public var author: String
    public var createdOn: CalendarDate
    public var submittedOn: CalendarDate?
    public var approvedBy: String?
    public var approvedOn: CalendarDate?
    public var issuedBy: String?
    public var issuedOn: CalendarDate?
    /// When the issued version must next be reviewed.
    public var nextReview: CalendarDate?
    public var obsoleteOn: CalendarDate?
    /// Why it became obsolete ("superseded by version 3", or the reason it was withdrawn).
    public var obsoleteReason: String?
    /// Why it was last returned to draft from review.
    public var returnedNote: String?

    /// Creates a version.
    public init(
        number: Int, status: DocumentStatus, changes: String? = nil, author: String, createdOn: CalendarDate,
        submittedOn: CalendarDate? = nil, approvedBy: String? = nil, approvedOn: CalendarDate? = nil,
        issuedBy: String? = nil, issuedOn: CalendarDate? = nil, nextReview: CalendarDate? = nil,
        obsoleteOn: CalendarDate? = nil, obsoleteReason: String? = nil, returnedNote: String? = nil
    ) {
        self.number = number
        self.status = status
        self.changes = changes.trimmedOrNil
        self.author = author
        self.createdOn = createdOn
        self.submittedOn = submittedOn
        self.approvedBy = approvedBy
        self.approvedOn = approvedOn
        self.issuedBy = issuedBy
        self.issuedOn = issuedOn
        self.nextReview = nextReview
        self.obsoleteOn = obsoleteOn
        self.obsoleteReason = obsoleteReason
        self.returnedNote = returnedNote
    }
}

/// A controlled document with every version it has had, as stored (ISO 9001 7.5).
public struct ControlledDocument: Sendable, Hashable, Codable, Identifiable {
    public var content: DocumentDraft
    /// Every version, oldest first; obsolete ones are kept.
    public var versions: [DocumentVersion]
    /// Periodic reviews of the issued version that changed nothing.
    public var reviews: [RegisterReview]
    /// The evidence record the issued document keeps (see ``evidenceSpec``).
    public var evidence: EvidenceID?
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored document.
    public init(
        content: DocumentDraft, versions: [DocumentVersion], reviews: [RegisterReview] = [],
        evidence: EvidenceID? = nil, recordedAt: Instant, recordedBy: String
    ) {
        self.content = content
        self.versions = versions
        self.reviews = reviews
        self.evidence = evidence
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    public var id: RegisterCode { content.code }

    /// A document just registered: version 1, a draft written by `actor`.
    public static func drafted(_ content: DocumentDraft, changes: String? = nil, by actor: String, at instant: Instant)
        -> ControlledDocument
    {
        ControlledDocument(
            content: content,
            versions: [
                DocumentVersion(number: 1, status: .draft, changes: changes, author: actor, createdOn: instant.date)
            ], recordedAt: instant, recordedBy: actor)
    }

    /// The newest version (the one in work, or the one in force).
    public var latest: DocumentVersion? { versions.last }

    /// The version in force: the one issued and not yet obsolete.
    public var inForce: DocumentVersion? { versions.last { $0.status == .issued } }

    /// The document's status: its newest version's.
    public var status: DocumentStatus { latest?.status ?? .draft }

    /// Whether the whole document is obsolete (its newest version is).
    public var isObsolete: Bool { status == .obsolete }

    /// The steps the newest version may take next.
    public var allowedNext: [DocumentStatus] { latest?.status.allowedNext ?? [] }

    /// The document with its newest version taken to `target` by `actor` on `day`.
    ///
    /// Approving and issuing are refused to the version's author; issuing an obsolete document is
    /// refused; returning a version to draft needs the reason in `note`; making the document
    /// obsolete needs the reason too. Issuing makes the version issued before it obsolete
    /// ("superseded by version N") and sets the next review `reviewMonths` ahead.
    public func advancing(to target: DocumentStatus, by actor: String, on day: CalendarDate, note: String? = nil)
        throws(RegisterError) -> ControlledDocument
    {
        let code = content.code.description
        guard let index = versions.indices.last else {
            throw .illegalTransition(entry: code, from: "empty", to: target.rawValue, allowed: [])
        }
        let version = versions[index]
        guard version.status.allowedNext.contains(target) else {
            if target == .issued, version.status == .obsolete { throw .obsoleteCannotBeIssued(document: code) }
            throw .illegalTransition(
                entry: "\(code) version \(version.number)", from: version.status.rawValue, to: target.rawValue,
                allowed: version.status.allowedNext.map(\.rawValue))
        }
        let isAuthor = version.author.lowercased() == actor.lowercased()
        var document = self
        var updated = version
        updated.status = target
        switch target {
        case .inReview:
            updated.submittedOn = day
        case .draft:
            guard let reason = note.trimmedOrNil else {
                throw .missingField(step: "return to draft", field: .requestedChanges, inputs: ["note"])
            }
            updated.returnedNote = reason
        case .approved:
            if isAuthor { throw .authorCannotApprove(document: code, version: version.number, actor: actor) }
            updated.approvedBy = actor
            updated.approvedOn = day
        case .issued:
            if isAuthor { throw .authorCannotIssue(document: code, version: version.number, actor: actor) }
            updated.issuedBy = actor
            updated.issuedOn = day
            updated.nextReview = day.adding(months: content.reviewMonths)
            for earlier in document.versions.indices where document.versions[earlier].status == .issued {
                document.versions[earlier].status = .obsolete
                document.versions[earlier].obsoleteOn = day
                document.versions[earlier].obsoleteReason = "superseded by version \(version.number)"
            }
        case .obsolete:
            guard let reason = note.trimmedOrNil else {
                throw .missingField(step: "obsolete", field: .withdrawalReason, inputs: ["reason"])
            }
            updated.obsoleteOn = day
            updated.obsoleteReason = reason
        }
        document.versions[index] = updated
        return document
    }

    /// The document with a new version in draft, written by `actor`, while the issued one stays in
    /// force. Only an issued document is revised: one version is in work at a time, and an
    /// obsolete document is never revised.
    public func revising(changes: String, by actor: String, on day: CalendarDate) throws(RegisterError)
        -> ControlledDocument
    {
        let code = content.code.description
        guard let latest else { throw .illegalTransition(entry: code, from: "empty", to: "draft", allowed: []) }
        if latest.status == .obsolete { throw .obsoleteCannotBeIssued(document: code) }
        guard latest.status == .issued else {
            throw .illegalTransition(
                entry: "\(code) version \(latest.number)", from: latest.status.rawValue, to: "revised",
                allowed: latest.status.allowedNext.map(\.rawValue))
        }
        guard let changes = changes.trimmingWhitespace().nilIfEmpty else {
            throw .missingField(step: "revise", field: .changes, inputs: ["changes"])
        }
        var document = self
        document.versions.append(
            DocumentVersion(number: latest.number + 1, status: .draft, changes: changes, author: actor, createdOn: day))
        return document
    }

    /// The document reviewed without change: the issued version's next review moves
    /// `reviewMonths` on from `day`.
    public func reviewed(by actor: String, on day: CalendarDate, note: String?) throws(RegisterError)
        -> ControlledDocument
    {
        let code = content.code.description
        guard let index = versions.lastIndex(where: { $0.status == .issued }) else {
            throw .illegalTransition(
                entry: code, from: status.rawValue, to: "reviewed", allowed: allowedNext.map(\.rawValue))
        }
        var document = self
        let next = day.adding(months: content.reviewMonths)
        document.versions[index].nextReview = next
        document.reviews.append(RegisterReview(on: day, by: actor, note: note, next: next))
        return document
    }

    /// The document with more holders of controlled copies.
    public func distributing(to holders: [String]) -> ControlledDocument {
        var document = self
        document.content.distribution = (content.distribution + holders).trimmedUnique
        return document
    }

    /// The review due or overdue on `day`, for the version in force.
    public func alerts(on day: CalendarDate) -> [RegisterAlert] {
        [RegisterAlert.review(content.code.description, due: inForce?.nextReview, on: day)].compactMap { $0 }
    }

    /// The evidence the document is while a version is in force: for the requirements it names
    /// and for the control of documented information, due for review with the version.
    public var evidenceSpec: RegisterEvidenceSpec? {
        guard let version = inForce, let issuedOn = version.issuedOn else { return nil }
        var lines = [
            "Controlled \(content.kind.rawValue) \(content.code), version \(version.number), owner \(content.owner).",
            "Written by \(version.author); approved by \(version.approvedBy ?? "—") on "
                + "\(version.approvedOn?.description ?? "—"); issued by \(version.issuedBy ?? "—") on \(issuedOn).",
        ]
        if let origin = content.origin { lines.append("Of external origin: \(origin).") }
        if !content.distribution.isEmpty {
            lines.append("Distributed to: " + content.distribution.joined(separator: "; ") + ".")
        }
        if let changes = version.changes { lines.append("Changes: \(changes)") }
        return RegisterEvidenceSpec(
            title: "\(content.code) v\(version.number): \(content.title)", description: lines.joined(separator: "\n"),
            link: content.link, owner: content.owner, process: content.process, effectiveFrom: issuedOn,
            reviewDue: version.nextReview,
            requirements: content.requirements + RegisterClauses.keys(RegisterClauses.documents),
            tags: ["controlled-document", content.kind.rawValue])
    }
}
