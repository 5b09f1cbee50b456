import ArgumentParser
import QMSServices

/// `eqms migrate --to postgres://…`: moving from one office's SQLite file to a shared PostgreSQL server.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy the SQLite database and its files into an empty PostgreSQL database.",
        discussion: """
            Every table and every stored file is copied; then the row counts are compared table by table
            and the audit trail's hash chain is verified on the target. The source is not changed.
            Example: eqms migrate --db eqms.sqlite --to postgres://eqms@db.iec.example:5432/eqms
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The PostgreSQL database to copy into.", valueName: "url")) var to: String

    func validate() throws {
        guard to.hasPrefix("postgres://") || to.hasPrefix("postgresql://") else {
            throw ValidationError("--to must be a postgres:// address")
        }
    }

    func run() async throws {
        let source = try await QMS.openSQLite(
            path: global.databasePath, actor: global.actorName, files: global.filesFolder)
        let bar = ProgressBar()
        let report: DatabaseCopyReport
        do {
            report = try await DatabaseCopy.copy(from: source, toPostgres: to, progress: bar.update)
            bar.finish()
        } catch {
            bar.finish()
            throw error
        }
        if global.json { return try Console.json(report) }
        let rows = report.tables.reduce(0) { $0 + $1.rows }
        Console.out(
            "Copied \(rows) rows in \(report.tables.count) tables and \(report.files) file(s) (\(report.bytes) bytes) to \(report.target)."
        )
        Console.out("Counts match and the audit trail verifies; its end is \(report.trailEnd).")
    }
}
