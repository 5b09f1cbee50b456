import Foundation
import Mustache
import QMSCore
import QMSPresentation

/// The dossier's own Mustache templates and stylesheet, shipped in the module's resources.
/// Mustache escapes every `{{value}}`, so text from the records is always text, never markup;
/// the pages use no triple mustaches.
struct DossierTemplates {
    let library: MustacheLibrary
    let stylesheet: Data

    static let names = [
        "layout", "cover", "index", "requirement", "evidence", "nonconformities", "audits", "reviews", "registers",
        "transition", "recommendations", "plans", "trail", "bars",
    ]

    /// Loads the templates synchronously (the export runs inside one database read): the dossier's
    /// by default; `cssPartials` names stylesheets registered as partials (`NAME-css`), for a page
    /// that must carry its styles inside it.
    static func load(names: [String] = names, cssPartials: [String] = []) throws(DossierError) -> DossierTemplates {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates") else {
            throw .missingResource(name: "Templates")
        }
        var library = MustacheLibrary()
        for name in names {
            let url = folder.appendingPathComponent(name + ".mustache")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw .missingResource(name: name + ".mustache")
            }
            do {
                try library.register(text, named: name)
            } catch {
                throw .missingResource(name: "\(name).mustache (\(error))")
            }
        }
        for name in cssPartials {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(name + ".css"), encoding: .utf8)
            else { throw .missingResource(name: name + ".css") }
            do {
                try library.register(text, named: name + "-css")
            } catch {
                throw .missingResource(name: "\(name).css (\(error))")
            }
        }
        guard let stylesheet = try? Data(contentsOf: folder.appendingPathComponent("dossier.css")) else {
            throw .missingResource(name: "dossier.css")
        }
        return DossierTemplates(library: library, stylesheet: stylesheet)
    }

    /// Renders a page; a template that fails to render is an installation fault.
    func render(_ template: String, _ context: [String: Any]) throws(DossierError) -> String {
        guard let html = library.render(MustacheContext.prepare(context), withTemplate: template) else {
            throw .missingResource(name: template + ".mustache")
        }
        return html
    }
}

/// A language's messages as the pages read them (`{{t.key}}`), made once per export and handed
/// to Mustache as they are: a plain dictionary would be copied and checked entry by entry for
/// every page (some 1,500 strings, hundreds of pages), which cost more than rendering the pages.
struct MessageTable: MustacheParent {
    let messages: [String: String]

    init(_ language: Language) { messages = Messages.shared.table(language) }

    /// An empty message is absent, as ``MustacheContext/prepare(_:)`` makes every empty string.
    func child(named name: String) -> Any? { messages[name].flatMap { $0.isEmpty ? nil : $0 } }
}
