import Foundation
import Hummingbird
import QMSCore
import QMSPresentation

/// What a register list was asked for in its address: the search (`q`), the column sorted on
/// (`sort`, `dir`), the page (`page`, from 1) and the list's own filters, which every link of the
/// list keeps.
struct TableQuery: Sendable {
    var search = ""
    var sort: String?
    var descending = false
    var page = 1
    /// The list's other filters as sent (the evidence register's requirement, status …), in order.
    var filters: [(name: String, value: String)] = []

    init(search: String = "", sort: String? = nil, descending: Bool = false, page: Int = 1) {
        self.search = search
        self.sort = sort
        self.descending = descending
        self.page = page
    }

    /// Reads the address of a request; `filters` names the list's own parameters to keep.
    init(_ request: Request, filters: [String] = []) {
        search = Forms.query(request, "q")?.trimmingWhitespace() ?? ""
        sort = Forms.query(request, "sort")
        descending = Forms.query(request, "dir") == "desc"
        page = max(1, Forms.query(request, "page").flatMap { Int($0) } ?? 1)
        self.filters = filters.compactMap { name in Forms.query(request, name).map { (name, $0) } }
    }

    /// The address of the list with these parameters; the first page and the default order are
    /// left out, so that the plain address stays plain.
    func link(_ path: String, search: String? = nil, sort: String? = nil, descending: Bool? = nil, page: Int? = nil)
        -> String
    {
        var parts = filters.map { "\($0.name)=\($0.value.addingPercentEncodingForQuery)" }
        let search = search ?? self.search
        if !search.isEmpty { parts.append("q=" + search.addingPercentEncodingForQuery) }
        if let sort = sort ?? self.sort {
            parts.append("sort=" + sort.addingPercentEncodingForQuery)
            if descending ?? self.descending { parts.append("dir=desc") }
        }
        let page = page ?? self.page
        if page > 1 { parts.append("page=\(page)") }
        return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
    }
}

/// A value a column sorts by: text compared as people read it (case, accents and the numbers in
/// codes such as `RSK-2026-10` understood), or a number; an empty value sorts last either way.
enum SortKey {
    case text(String)
    case number(Double?)

    /// Whether `self` comes before `other` in ascending order (nil when they are equal).
    func precedes(_ other: SortKey) -> Bool? {
        switch (self, other) {
        case (.number(let left), .number(let right)):
            guard let left, let right else { return left == nil && right == nil ? nil : left != nil }
            return left == right ? nil : left < right
        default:
            let left = text
            let right = other.text
            if left.isEmpty || right.isEmpty { return left.isEmpty && right.isEmpty ? nil : !left.isEmpty }
            switch left.compare(right, options: [.caseInsensitive, .diacriticInsensitive, .numeric]) {
            case .orderedAscending: return true
            case .orderedDescending: return false
            case .orderedSame: return nil
            }
        }
    }

    private var text: String {
        switch self {
        case .text(let value): return value
        case .number(let value): return value.map { String($0) } ?? ""
        }
    }
}

/// A column of a register list: its heading and, when it can be sorted on, the value it sorts by.
struct TableColumn<Record> {
    /// The `sort` value that names it in the address.
    let key: String
    /// The heading, in the page's language.
    let label: String
    let sortKey: ((Record) -> SortKey)?
    /// Whether its heading sorts the list: by ``sortKey``, or by the store for a list paged in SQL.
    let sortable: Bool

    init(_ key: String, _ label: String, sort: ((Record) -> SortKey)? = nil) {
        self.key = key
        self.label = label
        self.sortKey = sort
        self.sortable = sort != nil
    }

    /// A column of a list the store sorts (in SQL), by `key`.
    init(_ key: String, _ label: String, sortedByStore: Bool) {
        self.key = key
        self.label = label
        self.sortKey = nil
        self.sortable = sortedByStore
    }

    /// A column sorted by its text.
    init(_ key: String, _ label: String, text: @escaping (Record) -> String) {
        self.init(key, label, sort: { .text(text($0)) })
    }
}

/// The search, sort and paging of every register list, written once: given the records, the
/// columns and the query, it keeps the records the search matches, orders them, cuts the page and
/// returns the page's `table` context, which the `register-table` template lays out (search box,
/// sortable headings, the "Showing 1–50 of 230" line, the pager and the empty states). Only the
/// page's records are turned into rows, so formatting costs the same whatever the register's size.
struct RegisterTable<Record> {
    /// Rows on a page.
    static var pageSize: Int { 50 }

    /// The list's address, without its query.
    let path: String
    let columns: [TableColumn<Record>]
    /// The texts a search looks in (code, title and the other text the row shows).
    let searchText: (Record) -> [String]

    /// The page of `records` the query asks for, with the table's context.
    func values(
        _ records: [Record], query: TableQuery, locale: PresentationLocale, row: (Record) -> [String: Any]
    ) -> [String: Any] {
        let needle = TableSearch.fold(query.search)
        var kept =
            needle.isEmpty
            ? records
            : records.filter { record in searchText(record).contains { TableSearch.fold($0).contains(needle) } }
        if let column = columns.first(where: { $0.key == query.sort }), let key = column.sortKey {
            let keyed = kept.enumerated().map { (offset: $0.offset, key: key($0.element), record: $0.element) }
            // Stable: equal values keep the register's own order; empty values stay last.
            kept = keyed.sorted { left, right in
                guard let before = left.key.precedes(right.key) else { return left.offset < right.offset }
                let emptyInvolved =
                    switch (left.key, right.key) {
                    case (.text(let a), .text(let b)): a.isEmpty || b.isEmpty
                    case (.number(let a), .number(let b)): a == nil || b == nil
                    default: false
                    }
                return query.descending && !emptyInvolved ? !before : before
            }.map(\.record)
        }
        let total = kept.count
        let lastPage = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        let page = min(query.page, lastPage)
        let start = (page - 1) * Self.pageSize
        let slice = kept[min(start, total)..<min(start + Self.pageSize, total)]
        return context(rows: slice.map(row), total: total, page: page, query: query, locale: locale)
    }

    /// The table's context for a page already cut (by the store, in SQL): its rows and the total.
    func context(rows: [[String: Any]], total: Int, page: Int, query: TableQuery, locale: PresentationLocale)
        -> [String: Any]
    {
        let language = locale.language
        let format = NumberFormatting(locale)
        let first = rows.isEmpty ? 0 : (page - 1) * Self.pageSize + 1
        let last = rows.isEmpty ? 0 : first + rows.count - 1
        let headings: [[String: Any]] = columns.map { column in
            guard column.sortable else {
                return ["colLabel": column.label, "colHref": false, "colSort": false]
            }
            let sorted = query.sort == column.key
            // A sorted column's link turns the order round; another column's sorts ascending.
            let descending = sorted && !query.descending
            return [
                "colLabel": column.label,
                "colHref": query.link(path, sort: column.key, descending: descending, page: 1),
                "colSort": sorted ? (query.descending ? "descending" : "ascending") : false,
                "colArrow": sorted ? (query.descending ? "▼" : "▲") : "↕",
            ]
        }
        var hidden: [[String: Any]] = query.filters.map { ["hiddenName": $0.name, "hiddenValue": $0.value] }
        if let sort = query.sort {
            hidden.append(["hiddenName": "sort", "hiddenValue": sort])
            if query.descending { hidden.append(["hiddenName": "dir", "hiddenValue": "desc"]) }
        }
        // What a list's own filter form keeps when it is sent: the search and the order.
        let kept: [[String: Any]] =
            (query.search.isEmpty ? [] : [["hiddenName": "q", "hiddenValue": query.search]])
            + hidden.filter { $0["hiddenName"] as? String == "sort" || $0["hiddenName"] as? String == "dir" }
        return [
            "tablePath": path, "tableKept": kept, "tableSearch": query.search, "tableHidden": hidden,
            "tableColumns": headings,
            "tableRows": rows, "tableSearching": !query.search.isEmpty,
            "tableCount": Messages.shared.text(
                "table_showing", language,
                ["from": format.integer(first), "to": format.integer(last), "total": format.integer(total)]),
            "tableNoMatch": Messages.shared.text("table_no_match", language, ["search": query.search]),
            "tableClear": query.link(path, search: "", page: 1),
            "tablePrevious": page > 1 ? query.link(path, page: page - 1) : false,
            "tableNext": page * Self.pageSize < total ? query.link(path, page: page + 1) : false,
            "tablePaged": total > Self.pageSize,
        ]
    }
}

/// How a search compares text: case, accents and Arabic's optional marks (short vowels, the
/// forms of alef with hamza, tatweel) make no difference, so `صلاحية` finds `صَلاحِيَّة` and
/// `electoral` finds `Électoral`.
enum TableSearch {
    static func fold(_ text: String) -> String {
        var folded = ""
        for scalar in text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .unicodeScalars
        {
            switch scalar.value {
            case 0x064B...0x065F, 0x0670, 0x0640: continue  // harakat, superscript alef, tatweel
            case 0x0622, 0x0623, 0x0625, 0x0671: folded.unicodeScalars.append("\u{0627}")  // alef forms
            case 0x0649: folded.unicodeScalars.append("\u{064A}")  // alef maksura as yeh
            case 0x0629: folded.unicodeScalars.append("\u{0647}")  // teh marbuta as heh
            default: folded.unicodeScalars.append(scalar)
            }
        }
        return folded
    }
}
