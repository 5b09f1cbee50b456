/// What kind of failure an error is. Front ends decide from it, never from a message's wording:
/// the web's HTTP status, the CLI's exit code, the API's `kind`.
public enum ErrorKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The input does not have the form or the value needed; the user fixes the input.
    case invalid
    /// A named record, file or standard does not exist.
    case notFound = "not-found"
    /// The state of the records refuses the change (an illegal step, a duplicate, a stale version).
    case conflict
    /// The actor's role or identity does not allow it.
    case forbidden
    /// Stored data is damaged, missing or altered behind the application's back.
    case damaged
    /// The environment lacks something (a database, a program, a key): set it up and try again.
    case unavailable
}

/// A field of an operation's input, named the same way by every front end: the CLI maps it to its
/// option (`note` → `--note TEXT`), the web to the form field of the same name, the API to the JSON
/// member. Raw values are stable: they appear in the API's error bodies.
public struct Field: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    /// The name as words (`valid-until` → `valid until`), for the English fallback wording.
    public var words: String { String(rawValue.map { $0 == "-" ? " " : $0 }) }
}

/// A kind of record users can list and look up.
public enum RecordKind: String, Sendable, Hashable, Codable, CaseIterable {
    case evidence, nonconformity, audit, review, recommendation, user, plan, standard, document, risk
    case party, process, provider, training, kpi, action, organisation, context, role
}

/// Something the user can do to get past an error, as data. Each front end words it for its
/// reader: the CLI with its commands and flags, the web with its pages and form fields. The
/// domain and the services never name a command or a flag.
public enum Fix: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Advice in the domain's own terms, naming no command, flag or page.
    case advice(Advice)
    /// Give these fields (one of them when several are named), with an example value if useful.
    case give([Field], example: String? = nil)
    /// Give a later date in this field, after the day named.
    case later(Field, after: String?)
    /// Someone other than the current actor must act (ISO 9001's independence rules).
    case someoneElse
    /// Look up the records of this kind (the CLI's `list`, the web's register); for a standard,
    /// `scope` names the standard whose numbers to list.
    case lookUp(RecordKind, scope: String? = nil)
    /// An operation of the system that would get past the problem.
    case run(Operation)
    /// Several fixes, to be tried in this order.
    indirect case steps([Fix])

    /// The English wording, for logs; advice, which the catalogues word, shows as its code and values.
    public var description: String {
        switch self {
        case .advice(let advice): return advice.logText
        case .give(let fields, let example):
            let names = fields.map { $0.words }
            let list =
                names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
            return "give the \(list)" + (example.map { ", such as \($0)" } ?? "")
        case .later(let field, let after):
            return "give a later \(field.words)"
                + (after.map { " (after \($0))" } ?? "")
        case .someoneElse: return "someone else must do it"
        case .lookUp(let kind, let scope):
            return "look up the \(kind.rawValue) records" + (scope.map { " of \($0)" } ?? "")
        case .run(let operation): return operation.description
        case .steps(let fixes): return fixes.map(\.description).joined(separator: "; ")
        }
    }
}

/// An operation a fix can point at.
public enum Operation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Create the database and load the standards.
    case initialise
    /// Check the database, the trail and the file store.
    case verify
    /// Remove stray files from the file store.
    case pruneStray
    /// Restore a backup into a new database.
    case restore
    /// Add a user account.
    case addUser(role: String?)
    /// Load a catalogue again as a revision of the loaded one.
    case replaceCatalogue
    /// Import a plan file.
    case importPlan
    /// Register a new controlled document.
    case addDocument
    /// Revise a controlled document.
    case reviseDocument(String)
    /// Log new evidence.
    case addEvidence
    /// Put an audit into the programme.
    case planAudit
    /// The Technical Committee's decision on a work plan.
    case decideWorkPlan
    /// Complete a risk's action.
    case completeRiskAction(String?)
    /// Assign a person to a role of the competence register.
    case assignRole
    /// Link evidence to an observer recommendation.
    case linkRecommendation(String)
    /// Make a signing key pair for dossiers.
    case generateKeys
    /// Set the organisation's name.
    case setOrganisation
    /// Point the application at the Standards folder.
    case locateStandards
    /// Export an audit dossier.
    case exportDossier
    /// Produce the dossier without its PDF.
    case withoutPDF
    /// Show a record's history from the audit trail.
    case showHistory(String)

    /// The name of the case, for the catalogues' `fix_run_` entries.
    public var name: String {
        // Written out: the operation's description is its English, so reflection would give that.
        switch self {
        case .initialise: return "initialise"
        case .verify: return "verify"
        case .pruneStray: return "pruneStray"
        case .restore: return "restore"
        case .addUser: return "addUser"
        case .replaceCatalogue: return "replaceCatalogue"
        case .importPlan: return "importPlan"
        case .addDocument: return "addDocument"
        case .reviseDocument: return "reviseDocument"
        case .addEvidence: return "addEvidence"
        case .planAudit: return "planAudit"
        case .decideWorkPlan: return "decideWorkPlan"
        case .completeRiskAction: return "completeRiskAction"
        case .assignRole: return "assignRole"
        case .linkRecommendation: return "linkRecommendation"
        case .generateKeys: return "generateKeys"
        case .setOrganisation: return "setOrganisation"
        case .locateStandards: return "locateStandards"
        case .exportDossier: return "exportDossier"
        case .withoutPDF: return "withoutPDF"
        case .showHistory: return "showHistory"
        }
    }

    /// One value of every case, for the checks that the catalogues word them all.
    public static let allExamples: [Operation] = [
        .initialise, .verify, .pruneStray, .restore, .addUser(role: nil), .addUser(role: "auditor"),
        .replaceCatalogue, .importPlan, .addDocument, .reviseDocument("QP-01"), .addEvidence, .planAudit,
        .decideWorkPlan, .completeRiskAction(nil), .completeRiskAction("RK-2026-001"), .assignRole,
        .linkRecommendation("OR-2026-001"), .generateKeys, .setOrganisation, .locateStandards, .exportDossier,
        .withoutPDF, .showHistory("EV-2026-0042"),
    ]

    public var description: String {
        switch self {
        case .initialise: return "initialise the database"
        case .verify: return "verify the database and the file store"
        case .pruneStray: return "prune the stray files"
        case .restore: return "restore the latest backup that verifies clean into a new database"
        case .addUser: return "add the user"
        case .replaceCatalogue: return "load the file as a revision of the loaded catalogue"
        case .importPlan: return "import a plan file"
        case .addDocument: return "register the replacement as a new document"
        case .reviseDocument(let code): return "revise \(code)"
        case .addEvidence: return "log new evidence"
        case .planAudit: return "put a future audit in the programme"
        case .decideWorkPlan: return "wait for the Technical Committee's decision"
        case .completeRiskAction: return "complete the risk's actions first"
        case .assignRole: return "assign the person to a role"
        case .linkRecommendation: return "link the evidence to the recommendation first"
        case .generateKeys: return "make a signing key pair"
        case .setOrganisation: return "set the organisation's name"
        case .locateStandards: return "point the application at the Standards folder of ElectoralQMS"
        case .exportDossier: return "export a dossier"
        case .withoutPDF: return "produce the dossier without the PDF, or print index.html from a browser"
        case .showHistory(let entity): return "the audit trail of \(entity) shows its recorded history"
        }
    }
}
