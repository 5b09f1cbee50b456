/// Accent-blind search (``SearchFolding``): PostgreSQL gets the function `eqms_fold`; SQLite
/// registers it on each connection instead, so its schema needs nothing.
enum Migration0032SearchFolding {
    static let migration = Migration(
        name: "0032-search-folding",
        sql: "",
        data: { session in
            if session.dialect == .postgres { try session.execute(SearchFolding.postgresFunction, []) }
        })
}
