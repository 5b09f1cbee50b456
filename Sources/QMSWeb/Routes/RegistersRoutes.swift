import Foundation
import Hummingbird
import QMSCore
import QMSPresentation
import QMSServices
import QMSStore

/// The quality registers: the index, and each register's pages (in their own files). Everyone who
/// may read reads them; keeping them needs `manage-quality`.
struct RegistersRoutes {
    let qms: QMS
    let renderer: Renderer

    func register(on router: RouterGroup<WebContext>) {
        router.get("registers") { _, context in
            _ = try context.require(.read)
            let language = context.language
            let locale = context.locale
            let summary = try await qms.registers.summary()
            let pages = [
                "context": "risks", "parties": "parties", "processes": "processes", "risks": "risks",
                "roles": "training", "training": "training", "documents": "documents", "providers": "providers",
                "kpis": "kpis",
            ]
            let rows: [[String: Any]] = summary.map { line in
                [
                    "name": Messages.shared.text("reg_\(line.register)", language), "path": pages[line.register] ?? "",
                    "clause": line.clause, "entries": NumberFormatting(locale).integer(line.entries),
                    "evidence": NumberFormatting(locale).integer(line.evidence),
                    "alerts": NumberFormatting(locale).integer(line.alerts),
                    "hasAlerts": line.alerts > 0,
                ]
            }
            return renderer.page(
                "registers", title: Messages.shared.text("reg_title", language), context: context,
                values: ["registers": rows], section: "registers")
        }
        DocumentRoutes(qms: qms, renderer: renderer).register(on: router)
        RiskRoutes(qms: qms, renderer: renderer).register(on: router)
        PartyProcessRoutes(qms: qms, renderer: renderer).register(on: router)
        ProviderRoutes(qms: qms, renderer: renderer).register(on: router)
        TrainingRoutes(qms: qms, renderer: renderer).register(on: router)
        KPIRoutes(qms: qms, renderer: renderer).register(on: router)
    }
}

/// Reading the register forms: lists one per line, dates, numbers and enumerations, each
/// refused with a message naming the field when malformed (400).
enum RegisterForm {
    /// The non-blank lines of a text area.
    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    static func text(_ value: String?) -> String? { value?.trimmingWhitespace().nilIfEmpty }

    static func day(_ value: String?, field: String) throws -> CalendarDate? {
        guard let text = text(value) else { return nil }
        do { return try CalendarDate(parsing: text) } catch {
            // The form's field, not the parser's generic `date`, is the one at fault; the error page
            // words it in the reader's language.
            guard case .invalidValue(_, let value, let expected) = error else { throw error }
            throw DomainError.invalidValue(field: field, value: value, expected: expected)
        }
    }

    static func requiredDay(_ value: String?, field: String) throws -> CalendarDate {
        guard let day = try day(value, field: field) else {
            throw WebInputError.needsDate(field: field)
        }
        return day
    }

    static func int(_ value: String?, field: String) throws -> Int? {
        guard let text = text(value) else { return nil }
        guard let number = Int(text) else { throw WebInputError.needsWholeNumber(field: field) }
        return number
    }

    static func choice<T: RawRepresentable>(_ type: T.Type, _ value: String?, field: String) throws -> T
    where T.RawValue == String {
        guard let text = text(value), let choice = T(rawValue: text) else {
            throw WebInputError.choose(field: field)
        }
        return choice
    }

    static func optionalChoice<T: RawRepresentable>(_ type: T.Type, _ value: String?) -> T? where T.RawValue == String {
        text(value).flatMap { T(rawValue: $0) }
    }

    static func code(_ value: String?, field: String) throws -> RegisterCode {
        try RegisterCode(value ?? "", field: field)
    }

    static func keys(_ value: String?) throws -> [RequirementKey] { try FindingsRoutes.keys(value) }

    /// Alerts as short phrases.
    static func alerts(_ alerts: [RegisterAlert], _ locale: PresentationLocale) -> [String] {
        alerts.map {
            "\(Messages.shared.term($0.kind, locale.language)) \($0.reference) \(NumberFormatting(locale).date($0.date))"
        }
    }

    /// Requirement links for a page.
    static func requirementLinks(_ keys: [RequirementKey]) -> [[String: Any]] {
        keys.map { ["key": $0.description, "path": "/catalogue/\($0.standard)/\($0.number)"] }
    }

    /// The values every form of a register page needs: whether the user may keep it.
    static func canKeep(_ context: WebContext) -> Bool { context.user?.can(.manageQuality) ?? false }

    /// Decodes a form, checks its CSRF token and the `manage-quality` permission; returns the acting system.
    static func decode<Form: Decodable & CSRFForm>(
        _ type: Form.Type, _ request: Request, _ context: WebContext, qms: QMS
    )
        async throws -> (Form, QMS)
    {
        let user = try context.require(.manageQuality)
        let form = try await Forms.decode(type, from: request)
        try Forms.verify(form._csrf, context: context)
        return (form, qms.acting(as: user.username))
    }
}

/// A form that carries the CSRF token.
protocol CSRFForm {
    var _csrf: String? { get }
}
