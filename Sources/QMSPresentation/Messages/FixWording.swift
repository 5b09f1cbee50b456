import QMSCore

/// Words a fix for a reader who has pages, not a command line (the web, e-mails): fields by their
/// labels on the forms, look-ups and operations by the page that does them, advice from the
/// catalogues. The CLI words the look-ups and operations with its own commands and flags.
extension Messages {
    /// The catalogue key of an advice: `fix_advice_` and its case in snake case.
    public static func adviceKey(_ advice: Advice) -> String { "fix_advice_" + snakeCase(advice.name) }

    /// The catalogue key of an operation for a reader of pages: `fix_run_` and its case in snake case;
    /// adding a user for a named role has its own entry.
    public static func operationKey(_ operation: Operation) -> String {
        if case .addUser(let role?) = operation, !role.isEmpty { return "fix_run_add_user_as" }
        return "fix_run_" + snakeCase(operation.name)
    }

    /// The catalogue key of a kind of record, as the fixes name it (`record_kind_evidence`).
    public static func recordKindKey(_ kind: RecordKind) -> String { termKey(kind) }

    /// The navigation entry of the page that lists records of `kind`, when there is one.
    public static func page(of kind: RecordKind) -> String? {
        switch kind {
        case .evidence: return "nav_evidence"
        case .nonconformity, .audit, .review, .action: return "nav_findings"
        case .recommendation: return "nav_recommendations"
        case .user: return "nav_users"
        case .plan: return "nav_plans"
        case .standard: return "nav_catalogue"
        case .organisation: return "nav_organisation"
        case .document, .risk, .party, .process, .provider, .training, .kpi, .context, .role: return "nav_registers"
        }
    }

    /// The navigation entry of the page that performs `operation`, when there is one.
    public static func page(of operation: Operation) -> String? {
        switch operation {
        case .addUser: return "nav_users"
        case .replaceCatalogue: return "nav_catalogue"
        case .importPlan, .decideWorkPlan: return "nav_plans"
        case .addDocument, .reviseDocument, .completeRiskAction, .assignRole: return "nav_registers"
        case .addEvidence: return "nav_evidence"
        case .planAudit: return "nav_findings"
        case .linkRecommendation: return "nav_recommendations"
        case .setOrganisation: return "nav_organisation"
        case .exportDossier: return "nav_dossier"
        case .showHistory: return "nav_trail"
        case .initialise, .verify, .pruneStray, .restore, .generateKeys, .locateStandards, .withoutPDF: return nil
        }
    }

    /// An advice in `language`, its values in the reader's digits when `format` is given.
    public func advice(_ advice: Advice, _ language: Language, format: PresentationLocale? = nil) -> String {
        guard let template = tables[language]?[Messages.adviceKey(advice)] else { return advice.logText }
        return Messages.fill(template, filled(advice.arguments, language, format: format))
    }

    /// A fix in `language` for a reader of pages: what to fill in, which page to open, what to do.
    public func fix(_ fix: Fix, _ language: Language, format: PresentationLocale? = nil) -> String {
        switch fix {
        case .advice(let advice):
            return self.advice(advice, language, format: format)
        case .give(let fields, let example):
            let labels = fields.map { label($0, language) }.joined(separator: " / ")
            return text("fix_give", language) + " " + labels + (example.map { " (\($0))" } ?? "")
        case .later(let field, let after):
            return text("fix_later", language) + " " + label(field, language) + (after.map { " (> \($0))" } ?? "")
        case .someoneElse:
            return text("fix_someone_else", language)
        case .lookUp(let kind, let scope):
            return lookUp(kind, scope: scope, language)
        case .run(let operation):
            return run(operation, language)
        case .steps(let fixes):
            return fixes.map { self.fix($0, language, format: format) }.joined(
                separator: language == .arabic ? "؛ " : "; ")
        }
    }

    /// A field's label on the forms, or its name when no form shows it.
    public func label(_ field: Field, _ language: Language) -> String {
        let key = field.rawValue.replacingOccurrences(of: "-", with: "_")
        let label = text(key, language)
        return label == key ? field.rawValue : label
    }

    private func lookUp(_ kind: RecordKind, scope: String?, _ language: Language) -> String {
        var arguments = ["kind": text(Messages.recordKindKey(kind), language)]
        if let page = Messages.page(of: kind) { arguments["page"] = text(page, language) }
        if let scope, kind == .standard || kind == .plan {
            arguments["scope"] = scope
            return text(kind == .standard ? "fix_look_up_standard" : "fix_look_up_plan", language, arguments)
        }
        return text(arguments["page"] == nil ? "fix_look_up" : "fix_look_up_page", language, arguments)
    }

    private func run(_ operation: Operation, _ language: Language) -> String {
        var arguments: [String: String] = [:]
        if let page = Messages.page(of: operation) { arguments["page"] = text(page, language) }
        switch operation {
        case .addUser(let role?) where !role.isEmpty:
            arguments["role"] = Role(rawValue: role).map { term($0, language) } ?? role
        case .reviseDocument(let code): arguments["code"] = code
        case .linkRecommendation(let id): arguments["id"] = id
        case .showHistory(let entity): arguments["entity"] = entity
        default: break
        }
        return text(Messages.operationKey(operation), language, arguments)
    }
}
