import QMSCore
import QMSPresentation

/// The side navigation, grouped by task, and the breadcrumbs that follow from it: written once
/// here so that every page shows where it sits without each template repeating the menu.
struct Navigation: Sendable {
    struct Item: Sendable {
        var path: String
        var label: String
        var permission: Permission?
    }

    struct Group: Sendable {
        var heading: String?
        var items: [Item]
    }

    static let groups: [Group] = [
        Group(heading: nil, items: [Item(path: "/", label: "nav_dashboard")]),
        Group(
            heading: "nav_group_compliance",
            items: [
                Item(path: "/catalogue", label: "nav_catalogue"),
                Item(path: "/compliance", label: "nav_compliance"),
                Item(path: "/compliance/transition", label: "nav_transition"),
                Item(path: "/evidence", label: "nav_evidence"),
            ]),
        Group(
            heading: "nav_group_improvement",
            items: [
                Item(path: "/findings", label: "nav_findings"),
                Item(path: "/audits", label: "audits_title"),
                Item(path: "/requests", label: "nav_requests"),
                Item(path: "/reviews", label: "reviews_title"),
                Item(path: "/recommendations", label: "nav_recommendations"),
            ]),
        Group(heading: "nav_group_planning", items: [Item(path: "/plans", label: "nav_plans")]),
        Group(
            heading: "nav_registers",
            items: [
                Item(path: "/registers", label: "nav_registers_overview"),
                Item(path: "/registers/risks", label: "reg_risks"),
                Item(path: "/registers/documents", label: "reg_documents"),
                Item(path: "/registers/providers", label: "reg_providers"),
                Item(path: "/registers/training", label: "reg_training"),
                Item(path: "/registers/kpis", label: "reg_kpis_short"),
                Item(path: "/registers/parties", label: "reg_parties"),
                Item(path: "/registers/processes", label: "reg_processes"),
            ]),
        Group(
            heading: "nav_group_assurance",
            items: [
                Item(path: "/trail", label: "nav_trail"),
                Item(path: "/dossier", label: "nav_dossier", permission: .exportDossiers),
                Item(path: "/certificates", label: "nav_certificates"),
                Item(path: "/engagements", label: "nav_engagements", permission: .manageQuality),
                Item(path: "/users", label: "nav_users", permission: .manageUsers),
                Item(path: "/organisation", label: "nav_organisation", permission: .manageUsers),
                Item(path: "/outbox", label: "nav_outbox", permission: .manageUsers),
            ]),
    ]

    /// The item a path belongs to: the longest item path that is the path or a folder above it.
    static func current(for path: String) -> String? {
        var best: String?
        for group in groups {
            for item in group.items where Self.path(path, isUnder: item.path) {
                if item.path.count > (best?.count ?? -1) { best = item.path }
            }
        }
        return best
    }

    static func path(_ path: String, isUnder folder: String) -> Bool {
        if folder == "/" { return path == "/" }
        return path == folder || path.hasPrefix(folder + "/")
    }

    /// The groups as the layout shows them, for one user and language, with the current item marked.
    /// An engagement account's menu holds only the pages its engagement opens (`within`).
    static func menu(path: String, user: User, language: Language, within: [String]? = nil) -> [[String: Any]] {
        let current = current(for: path)
        return groups.compactMap { group -> [String: Any]? in
            let items = group.items.filter { item in
                (item.permission.map(user.can) ?? true)
                    && (within.map { item.path == "/" || EngagementMiddleware.allows(item.path, in: $0) } ?? true)
            }
            guard !items.isEmpty else { return nil }
            var shown: [String: Any] = [
                "items": items.map { item -> [String: Any] in
                    [
                        "href": item.path, "label": Messages.shared.text(item.label, language),
                        "current": item.path == current,
                    ]
                }
            ]
            // Always set, so that a page's own `heading` never shows through a group without one.
            if let heading = group.heading {
                shown["navHeading"] = Messages.shared.text(heading, language)
            } else {
                shown["navHeading"] = false
            }
            return shown
        }
    }

    /// The trail above the page's title: the task group, then the register or list the page
    /// belongs to when the page is one of its records.
    static func breadcrumbs(path: String, language: Language) -> [[String: Any]] {
        guard path != "/", let current = current(for: path) else { return [] }
        var crumbs: [[String: Any]] = [["label": Messages.shared.text("nav_dashboard", language), "href": "/"]]
        for group in groups {
            guard let item = group.items.first(where: { $0.path == current }) else { continue }
            if let heading = group.heading, let first = group.items.first, first.path != item.path {
                crumbs.append(["label": Messages.shared.text(heading, language), "href": first.path])
            }
            if item.path != path {
                crumbs.append(["label": Messages.shared.text(item.label, language), "href": item.path])
            }
        }
        return crumbs
    }
}
