import QMSCore
import QMSFormats
import QMSPresentation

/// Words an error's fix for the command line: fields become the options that carry them and
/// operations the commands that perform them. The core and the services name neither.
enum FixWording {
    /// The whole error as the CLI prints it: where, what, and the fix in the CLI's terms.
    static func describe(_ error: any QMSError) -> String {
        if let format = error as? any MultiProblemError {
            return format.problemDescriptions(wording: text(for:))
        }
        var text = message(error)
        if let fix = error.fix { text += "\n  fix: " + Self.text(for: fix) }
        return text
    }

    /// Where and what, in the English of the catalogues (the CLI's language), without the fix.
    static func message(_ error: any QMSError) -> String { Messages.shared.error(error, .english) }

    /// What went wrong, without where, in the CLI's English.
    static func what(_ error: any QMSError) -> String { Messages.shared.error(error, .english, location: false) }

    /// One fix in the CLI's terms.
    static func text(for fix: Fix) -> String {
        switch fix {
        case .advice(let advice):
            // Advice names no command: the catalogues' English is the CLI's.
            return Messages.shared.advice(advice, .english)
        case .give(let fields, let example):
            let options = fields.map(option)
            let list =
                options.count == 1
                ? options[0] : options.dropLast().joined(separator: ", ") + " or " + options[options.count - 1]
            return "give \(list)" + (example.map { ", such as \($0)" } ?? "")
        case .later(let field, let after):
            return "give a later --\(field.rawValue) date" + (after.map { " (after \($0))" } ?? "")
        case .someoneElse:
            return "someone else does it: give their name with --actor (or EQMS_ACTOR)"
        case .lookUp(let kind, let scope):
            return lookUp(kind, scope)
        case .run(let operation):
            return run(operation)
        case .steps(let fixes):
            return fixes.map(text(for:)).joined(separator: "; ")
        }
    }

    /// `note` → `--note TEXT`.
    static func option(_ field: Field) -> String {
        let flag = "--" + field.rawValue
        guard let placeholder = placeholders[field.rawValue] else { return flag }
        return flag + " " + placeholder
    }

    /// What each option takes, when the field's name does not say it.
    private static let placeholders: [String: String] = [
        "note": "TEXT", "cause": "TEXT", "action": "TEXT", "owner": "NAME", "due": "YYYY-MM-DD",
        "evidence": "EV-YYYY-NNNN", "result": "effective|ineffective", "update-risks": "yes|no",
        "change-qms": "yes|no", "reason": "TEXT", "changes": "TEXT", "requirement": "STANDARD:NUMBER",
        "file": "PATH", "link": "URL", "db": "PATH", "person": "NAME", "to": "NAME", "date": "YYYY-MM-DD",
        "criterion": "NAME[=WEIGHT]", "trainer": "NAME", "auditor": "NAME", "attendee": "NAME",
    ]

    private static func lookUp(_ kind: RecordKind, _ scope: String?) -> String {
        switch kind {
        case .standard:
            return scope.map { "list the numbers with `eqms catalogue show \($0)`" }
                ?? "list the loaded standards with `eqms catalogue list`"
        case .plan:
            return scope.map { "`eqms plan show \($0)` lists its activities" } ?? "list them with `eqms plan show`"
        case .action: return "see the actions with `eqms nc show` or `eqms review list`"
        case .user: return "act as a registered user with --actor NAME (or EQMS_ACTOR); `eqms user list` shows them"
        case .nonconformity: return "list them with `eqms nc list`"
        case .context: return "list them with `eqms risk context list`"
        case .role: return "list them with `eqms training role list`"
        case .organisation: return "show it with `eqms organisation show`"
        default: return "list them with `eqms \(kind.rawValue) list`"
        }
    }

    private static func run(_ operation: Operation) -> String {
        switch operation {
        case .initialise: return "run `eqms init` to create it, or point --db (or EQMS_DB) at an existing database"
        case .verify: return "run `eqms verify` to find every missing or damaged file, and restore them from a backup"
        case .pruneStray: return "harmless; `eqms verify --prune-stray` removes stray files left alone for an hour"
        case .restore: return "restore the latest backup that verifies clean (`eqms restore BACKUP --db NEW-PATH`)"
        case .addUser(let role):
            return "an administrator adds users with `eqms user add NAME --role \(role ?? "ROLE")`"
        case .replaceCatalogue:
            return "add --replace to load this file as a revision of the loaded catalogue, or give it another id"
        case .importPlan: return "list them with `eqms plan show`, or import one with `eqms plan import FILE`"
        case .addDocument: return "register the replacement as a new document with `eqms document add`"
        case .reviseDocument(let code): return "revise it with `eqms document revise \(code)`, or choose another code"
        case .addEvidence: return "log new evidence with `eqms evidence add`"
        case .planAudit: return "put a future audit in the programme with `eqms audit plan`"
        case .decideWorkPlan:
            return "wait for the Technical Committee's decision (`eqms awp decide`), then import the revision"
        case .completeRiskAction(let id):
            return
                "complete an action first (`eqms risk complete \(id.map { "\($0)-1" } ?? "ID-N")`), or record --treatment accept"
        case .assignRole:
            return "a person appears once named in a role (`eqms training role assign`) or a training event"
        case .linkRecommendation(let id):
            return "link the evidence first: eqms recommendation link \(id) --evidence EV-YYYY-NNNN"
        case .generateKeys:
            return "make a key pair with `eqms keys generate --out DIR` and pass --key DIR/dossier-signing.key "
                + "(or set EQMS_DOSSIER_KEY)"
        case .setOrganisation: return "set it with `eqms organisation set --name \"…\" --short-name …`"
        case .locateStandards: return "point --standards or EQMS_STANDARDS at the Standards folder of ElectoralQMS"
        case .exportDossier: return "give the folder or the .zip that `eqms dossier export` wrote"
        case .withoutPDF: return "run again without --pdf, or open index.html in a browser and print it"
        case .showHistory(let entity): return "`eqms log --entity \(entity)` shows its recorded history"
        }
    }
}

/// An error that carries several problems, each printed on its own line.
protocol MultiProblemError {
    /// Each problem, its fix worded by `wording`.
    func problemDescriptions(wording: (Fix) -> String) -> String
}

extension FormatError: MultiProblemError {
    func problemDescriptions(wording: (Fix) -> String) -> String {
        let shown = problems.prefix(20).map { problem in
            var text = FixWording.message(problem)
            if let fix = problem.fix { text += "\n  fix: " + wording(fix) }
            return text
        }
        let more = problems.count > 20 ? ["… and \(problems.count - 20) more problems"] : []
        return (shown + more).joined(separator: "\n")
    }
}
