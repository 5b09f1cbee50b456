/// Per-area version counters (issue 23): the table `data_areas` and, on every table, triggers that
/// move its area's counter in the writing transaction (see ``DataAreas``). The web server keeps each
/// page under the versions of the areas it reads, instead of under one number that any commit moved.
///
/// The counters are not records of the quality system: no audit trail, and they are left out of
/// ``StoreReader/tables`` (a copy or a restore must never carry counters back to older values, which
/// a server still holding pages of the newer ones would take for unchanged). The triggers differ by
/// dialect, so they are created in the data step rather than in the shared SQL.
enum Migration0026DataAreas {
    static let migration = Migration(
        name: "0026-data-areas", sql: "",
        data: { session in
            let existing = try session.tableNames()
            for statement in DataAreas.install(dialect: session.dialect, existing: existing) {
                try session.execute(statement, [])
            }
        })
}
