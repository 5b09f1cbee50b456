import ArgumentParser
import Foundation
import QMSCore
import QMSFormats
import QMSServices

extension Language: ExpressibleByArgument {}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The database file.", discussion: "Default: $EQMS_DB, else ./eqms.sqlite.", valueName: "path"))
    var db: String?

    @Option(
        help: ArgumentHelp(
            "Who is acting; recorded in the audit trail.", discussion: "Default: $EQMS_ACTOR, else your login name.",
            valueName: "name"))
    var actor: String?

    @Option(help: ArgumentHelp("Language of titles and headings: en, ar, fr or es.", valueName: "en|ar|fr|es"))
    var lang: Language = ProcessInfo.processInfo.environment["EQMS_LANG"].flatMap(Language.init(rawValue:)) ?? .english

    @Flag(help: "Print JSON instead of a table, for scripts.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "A PostgreSQL database instead of the SQLite file: postgres://user:password@host:port/name.",
            discussion: "Default: $EQMS_DATABASE_URL. Evidence files are then kept in the database too.",
            valueName: "url"))
    var databaseURL: String?

    @Option(
        help: ArgumentHelp(
            "The folder of stored evidence files.",
            discussion: "Default: $EQMS_FILES, else beside the database (eqms.files).",
            valueName: "dir"))
    var files: String?

    @Option(
        help: ArgumentHelp(
            "The largest evidence file accepted, in MiB.", discussion: "Default: $EQMS_MAX_FILE_SIZE, else 2048.",
            valueName: "MiB"))
    var maxFileSize: Int?

    @Flag(
        help: ArgumentHelp(
            "On PostgreSQL, act as the database role the address signs in as, refusing any other --actor.",
            discussion: "Default: set when $EQMS_ACTOR_FROM_ROLE is 1. Whoever can open a SQLite file can name anyone.")
    )
    var actorFromRole = false

    /// The database path in effect.
    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["EQMS_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "eqms.sqlite"
    }

    /// The actor in effect.
    var actorName: String {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [actor, environment["EQMS_ACTOR"], environment["USER"], environment["LOGNAME"]]
        return candidates.compactMap { $0?.trimmingWhitespace() }.first { !$0.isEmpty } ?? "cli"
    }

    func validate() throws {
        if let actor, actor.trimmingWhitespace().isEmpty || actor.contains(where: { $0.isNewline }) {
            throw ValidationError("--actor must be a non-empty name on one line")
        }
        if let maxFileSize, maxFileSize < 1 {
            throw ValidationError("--max-file-size must be at least 1 (MiB)")
        }
    }

    /// The file store folder in effect, when set.
    var filesFolder: URL? {
        (files ?? ProcessInfo.processInfo.environment["EQMS_FILES"]).flatMap {
            $0.isEmpty ? nil : URL(fileURLWithPath: $0)
        }
    }

    /// The file size limit in effect, in bytes.
    var maximumFileSize: Int64 {
        let mebibytes =
            maxFileSize ?? ProcessInfo.processInfo.environment["EQMS_MAX_FILE_SIZE"].flatMap { Int($0) } ?? 2048
        return Int64(mebibytes) << 20
    }

    /// Whether the actor is the PostgreSQL role (`--actor-from-role` or `EQMS_ACTOR_FROM_ROLE=1`).
    var bindsActorToRole: Bool {
        actorFromRole || ProcessInfo.processInfo.environment["EQMS_ACTOR_FROM_ROLE"] == "1"
    }

    /// The PostgreSQL address in effect, when one is set.
    var postgresURL: String? {
        (databaseURL ?? ProcessInfo.processInfo.environment["EQMS_DATABASE_URL"]).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Opens the database, which must exist.
    func open() async throws -> QMS {
        if let url = postgresURL {
            guard bindsActorToRole else {
                return try await QMS.openPostgres(url: url, actor: actorName, maximumFileSize: maximumFileSize)
            }
            // Bound to the role: only an actor named on purpose is compared, never the login name.
            let named = [actor, ProcessInfo.processInfo.environment["EQMS_ACTOR"]].compactMap {
                $0?.trimmingWhitespace()
            }.first { !$0.isEmpty }
            return try await QMS.openPostgres(
                url: url, actor: named, actorFromRole: true, maximumFileSize: maximumFileSize)
        }
        return try await QMS.openSQLite(
            path: databasePath, actor: actorName, files: filesFolder, maximumFileSize: maximumFileSize)
    }
}

/// The `--standards` option of commands that read catalogues.
struct StandardsOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The Standards folder (catalogues, crosswalks and their schemas).",
            discussion: "Default: $EQMS_STANDARDS, else ./Standards, else the one installed with eqms.",
            valueName: "dir"))
    var standards: String?

    func library() throws -> StandardsLibrary {
        if let standards { return try StandardsLibrary(directory: URL(fileURLWithPath: standards)) }
        return try StandardsLibrary.locate()
    }
}
