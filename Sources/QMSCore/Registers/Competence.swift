/// A role and the competence it requires (ISO 9001 7.2 a), with the people who hold it.
public struct RoleDraft: Sendable, Hashable, Codable {
    public var code: RegisterCode
    public var title: String
    /// Education, training, skills and experience the role needs.
    public var competences: [String]
    /// The people in the role.
    public var holders: [String]
    public var processes: [String]
    public var requirements: [RequirementKey]

    /// Creates a draft; ``validate()`` checks it.
    public init(
        code: RegisterCode, title: String, competences: [String], holders: [String] = [], processes: [String] = [],
        requirements: [RequirementKey] = []
    ) {
        self.code = code
        self.title = title.trimmingWhitespace()
        self.competences = competences.trimmedUnique
        self.holders = holders.trimmedUnique
        self.processes = processes.compactMap { ProcessName.normalised($0) }.trimmedUnique
        self.requirements = requirements.uniqueKeys
    }

    /// Checks the rules every role obeys.
    public func validate() throws(DomainError) {
        try TextCheck.required(title, field: "title")
        guard !competences.isEmpty else {
            throw .ruleViolated(.roleNeedsCompetence, fix: .give(["competence"]))
        }
        try TextCheck.list(competences, field: "competence")
        try TextCheck.list(holders, field: "holder", maximum: 200)
        for process in processes { try ProcessName.check(process) }
    }
}

/// A role as stored.
public struct CompetenceRole: Sendable, Hashable, Codable, Identifiable {
    public var content: RoleDraft
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored role.
    public init(content: RoleDraft, recordedAt: Instant, recordedBy: String) {
        self.content = content
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    public var id: RegisterCode { content.code }

    /// The role with more people in it.
    public func assigning(_ people: [String]) throws(DomainError) -> CompetenceRole {
        let added = people.trimmedUnique
        guard !added.isEmpty else { throw .ruleViolated(.nobodyToAssign, fix: .give(["person"])) }
        var role = self
        role.content.holders = (content.holders + added).trimmedUnique
        try role.content.validate()
        return role
    }
}

/// What kind of training event.
public enum TrainingKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Training of trainers, who then train polling staff in cascade.
    case trainingOfTrainers = "training-of-trainers"
    case workshop
    case course
    case briefing
    case other
}

/// Sex, as training reports disaggregate participants.
public enum Sex: String, Sendable, Hashable, Codable, CaseIterable {
    case female
    case male
}

/// A named participant of a training event.
public struct Participant: Sendable, Hashable, Codable {
    public var name: String
    public var sex: Sex?
    /// Whether the participant is a person with disabilities.
    public var disability: Bool

    /// Creates a participant.
    public init(name: String, sex: Sex? = nil, disability: Bool = false) {
        self.name = name.trimmingWhitespace()
        self.sex = sex
        self.disability = disability
    }
}

/// How many took part, disaggregated by sex and disability as donors' reports ask.
public struct Attendance: Sendable, Hashable, Codable {
    public var total: Int
    public var women: Int
    public var men: Int
    public var withDisabilities: Int

    /// Creates counts; ``validate(named:)`` checks them.
    public init(total: Int, women: Int, men: Int? = nil, withDisabilities: Int = 0) {
        self.total = total
        self.women = women
        self.men = men ?? max(0, total - women)
        self.withDisabilities = withDisabilities
    }

    /// The counts implied by named participants alone.
    public init(counting participants: [Participant]) {
        self.init(
            total: participants.count, women: participants.filter { $0.sex == .female }.count,
            men: participants.filter { $0.sex == .male }.count,
            withDisabilities: participants.filter(\.disability).count)
    }

    /// Checks the counts add up and leave room for the named participants.
    public func validate(named participants: [Participant]) throws(DomainError) {
        guard total >= 1, women >= 0, men >= 0, withDisabilities >= 0 else {
            throw .invalidValue(
                field: "participants", value: String(total), expected: .participants
            )
        }
        guard women + men <= total else {
            throw .ruleViolated(
                .genderCountsOverTotal, ["women": .number(women), "men": .number(men), "total": .number(total)],
                fix: .advice(.checkCounts))
        }
        guard withDisabilities <= total else {
            throw .ruleViolated(
                .disabilityCountOverTotal, ["count": .number(withDisabilities), "total": .number(total)],
                fix: .advice(.checkCounts))
        }
        let named = Attendance(counting: participants)
        guard named.total <= total, named.women <= women, named.men <= men,
            named.withDisabilities <= withDisabilities
        else {
            throw .ruleViolated(
                .namedParticipantsOverCounts,
                [
                    "total": .number(named.total), "women": .number(named.women),
                    "disabilities": .number(named.withDisabilities),
                ], fix: .give(["participants", "women", "disabilities"]))
        }
    }
}

/// A training event as held.
public struct TrainingDraft: Sendable, Hashable, Codable {
    public var title: String
    public var kind: TrainingKind
    public var startsOn: CalendarDate
    public var endsOn: CalendarDate
    public var place: String
    public var trainers: [String]
    /// The roles it trains for, by code.
    public var roles: [RegisterCode]
    /// The competences it builds.
    public var competences: [String]
    public var attendance: Attendance
    public var participants: [Participant]
    public var processes: [String]
    public var requirements: [RequirementKey]

    /// Creates a draft; without `attendance`, the named participants are counted.
    public init(
        title: String, kind: TrainingKind = .workshop, startsOn: CalendarDate, endsOn: CalendarDate, place: String,
        trainers: [String], roles: [RegisterCode] = [], competences: [String] = [], attendance: Attendance? = nil,
        participants: [Participant] = [], processes: [String] = [], requirements: [RequirementKey] = []
    ) {
        self.title = title.trimmingWhitespace()
        self.kind = kind
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.place = place.trimmingWhitespace()
        self.trainers = trainers.trimmedUnique
        var seen = Set<RegisterCode>()
        self.roles = roles.filter { seen.insert($0).inserted }
        self.competences = competences.trimmedUnique
        var names = Set<String>()
        self.participants = participants.filter { !$0.name.isEmpty && names.insert($0.name.lowercased()).inserted }
        self.attendance = attendance ?? Attendance(counting: self.participants)
        self.processes = processes.compactMap { ProcessName.normalised($0) }.trimmedUnique
        self.requirements = requirements.uniqueKeys
    }

    /// Checks the rules every training event obeys.
    public func validate() throws(DomainError) {
        try TextCheck.required(title, field: "title")
        try TextCheck.required(place, field: "place")
        guard startsOn <= endsOn else {
            throw .ruleViolated(.trainingEndsBeforeStart, ["end": "\(endsOn)", "start": "\(startsOn)"], fix: nil)
        }
        guard !trainers.isEmpty else {
            throw .ruleViolated(.trainingNeedsTrainers, fix: .give(["trainer"]))
        }
        try TextCheck.list(trainers + participants.map(\.name), field: "name", maximum: 200)
        try TextCheck.list(competences, field: "competence")
        try attendance.validate(named: participants)
        for process in processes { try ProcessName.check(process) }
    }
}

/// The effectiveness of a training as evaluated.
public enum EffectivenessRating: String, Sendable, Hashable, Codable, CaseIterable {
    case effective
    case partlyEffective = "partly-effective"
    case notEffective = "not-effective"
}

/// The evaluation of whether a training achieved the competence it aimed at (ISO 9001 7.2 c).
public struct TrainingEvaluation: Sendable, Hashable, Codable {
    public var on: CalendarDate
    public var by: String
    /// Pre- and post-tests, observation on the job, supervisors' assessment …
    public var method: String
    public var result: EffectivenessRating
    public var note: String?

    /// Creates an evaluation.
    public init(on: CalendarDate, by: String, method: String, result: EffectivenessRating, note: String? = nil) {
        self.on = on
        self.by = by
        self.method = method.trimmingWhitespace()
        self.result = result
        self.note = note.trimmedOrNil
    }
}

/// A training event with its effectiveness evaluation, as stored.
public struct TrainingEvent: Sendable, Hashable, Codable, Identifiable {
    public var id: TrainingID
    public var content: TrainingDraft
    public var evaluation: TrainingEvaluation?
    public var evidence: EvidenceID?
    public var recordedAt: Instant
    public var recordedBy: String

    /// Creates a stored event.
    public init(
        id: TrainingID, content: TrainingDraft, evaluation: TrainingEvaluation? = nil, evidence: EvidenceID? = nil,
        recordedAt: Instant, recordedBy: String
    ) {
        self.id = id
        self.content = content
        self.evaluation = evaluation
        self.evidence = evidence
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// The event with its effectiveness evaluated, once, after it ended.
    public func evaluating(_ evaluation: TrainingEvaluation) throws(DomainError) -> TrainingEvent {
        guard self.evaluation == nil else {
            throw .ruleViolated(.effectivenessAlreadyEvaluated, ["id": "\(id)"], fix: nil)
        }
        guard evaluation.on >= content.endsOn else {
            throw .ruleViolated(
                .effectivenessBeforeEnd, ["id": "\(id)", "end": "\(content.endsOn)"],
                fix: .advice(.evaluateOnOrAfter(day: "\(content.endsOn)")))
        }
        try TextCheck.required(evaluation.method, field: "method", maximum: 1000)
        try TextCheck.optional(evaluation.note, field: "note")
        var event = self
        event.evaluation = evaluation
        return event
    }

    /// An evaluation still missing thirty days after the event ended.
    public func alerts(on day: CalendarDate) -> [RegisterAlert] {
        guard evaluation == nil else { return [] }
        let due = content.endsOn.adding(days: RegisterAlert.warningDays)
        guard due < day else { return [] }
        return [
            RegisterAlert(kind: .evaluationMissing, reference: id.description, date: due, days: day.days(until: due))
        ]
    }

    /// The evidence a training with its effectiveness evaluated is (7.2); nil before the
    /// evaluation, and when it found the training not effective.
    public var evidenceSpec: RegisterEvidenceSpec? {
        guard let evaluation, evaluation.result != .notEffective else { return nil }
        let people = content.attendance
        var lines = [
            "\(content.kind.rawValue.sentenceCased), \(content.startsOn) to \(content.endsOn), \(content.place).",
            "Trainers: " + content.trainers.joined(separator: "; ") + ".",
            "Participants: \(people.total), of whom \(people.women) women, \(people.men) men and "
                + "\(people.withDisabilities) with disabilities.",
            "Effectiveness evaluated on \(evaluation.on) by \(evaluation.by) (\(evaluation.method)): "
                + "\(evaluation.result.rawValue).",
        ]
        if let note = evaluation.note { lines.append(note) }
        if !content.competences.isEmpty {
            lines.insert("Competences: " + content.competences.joined(separator: "; ") + ".", at: 1)
        }
        return RegisterEvidenceSpec(
            title: "\(id) \(content.title)", description: lines.joined(separator: "\n"), owner: evaluation.by,
            process: content.processes.first, effectiveFrom: content.endsOn,
            requirements: content.requirements + RegisterClauses.keys(RegisterClauses.competence),
            tags: ["training", content.kind.rawValue])
    }
}

/// One person's competence record: the roles they hold, what those require, the training they
/// attended or gave, and the required competences no effective training has covered yet.
public struct PersonRecord: Sendable, Hashable, Codable {
    /// A training the person attended or gave.
    public struct Training: Sendable, Hashable, Codable {
        public var id: TrainingID
        public var title: String
        public var startsOn: CalendarDate
        public var endsOn: CalendarDate
        /// Whether they took part or trained others.
        public var asTrainer: Bool
        public var result: EffectivenessRating?
    }

    public var name: String
    public var roles: [RoleDraft]
    public var trainings: [Training]
    /// Competences their roles require that no effective (or partly effective) training they
    /// attended names.
    public var notYetCovered: [String]

    /// Gathers the record of `name` (compared without regard to case) from the registers.
    public init(name: String, roles: [CompetenceRole], trainings: [TrainingEvent]) {
        let key = name.trimmingWhitespace().lowercased()
        self.name = name.trimmingWhitespace()
        self.roles = roles.map(\.content).filter { $0.holders.contains { $0.lowercased() == key } }
        var attended: [Training] = []
        var covered = Set<String>()
        for event in trainings.sorted(by: { $0.content.startsOn < $1.content.startsOn }) {
            let asTrainer = event.content.trainers.contains { $0.lowercased() == key }
            let asParticipant = event.content.participants.contains { $0.name.lowercased() == key }
            guard asTrainer || asParticipant else { continue }
            attended.append(
                Training(
                    id: event.id, title: event.content.title, startsOn: event.content.startsOn,
                    endsOn: event.content.endsOn, asTrainer: asTrainer && !asParticipant,
                    result: event.evaluation?.result))
            if asParticipant, let result = event.evaluation?.result, result != .notEffective {
                covered.formUnion(event.content.competences.map { $0.lowercased() })
            }
        }
        self.trainings = attended
        self.notYetCovered = self.roles.flatMap(\.competences).trimmedUnique.filter {
            !covered.contains($0.lowercased())
        }
    }

    /// Whether the registers know the person at all.
    public var isKnown: Bool { !roles.isEmpty || !trainings.isEmpty }
}
