import ArgumentParser
import Foundation
import Logging
import QMSCore
import QMSDirectory
import QMSServices
import QMSStore

/// The commission's directory, as `eqms serve` and `eqms directory sync` take it from flags and the
/// environment; without them, the settings an administrator saved on the directory page apply.
struct DirectoryOptions: ParsableArguments {
    @Option(
        name: .customLong("ldap-uri"),
        help: ArgumentHelp(
            "The directory: ldaps://HOST[:PORT], or ldap://HOST[:PORT] upgraded with StartTLS. Without it, sign-in is local only.",
            valueName: "URI"))
    var uri: String?
    @Option(
        name: .customLong("ldap-ca-file"),
        help: ArgumentHelp("The PEM file of the CA the directory's certificate must chain to.", valueName: "FILE"))
    var caFile: String?
    @Option(name: .customLong("ldap-base"), help: ArgumentHelp("Where users are searched for.", valueName: "DN"))
    var base: String?
    @Option(
        name: .customLong("ldap-group-base"),
        help: ArgumentHelp("Where groups are searched for (the user base when not given).", valueName: "DN"))
    var groupBase: String?
    @Option(
        name: .customLong("ldap-user-attribute"),
        help:
            "The attribute a sign-in name is matched against: uid (OpenLDAP), sAMAccountName or userPrincipalName (AD)."
    )
    var userAttribute = "uid"
    @Option(
        name: .customLong("ldap-bind-dn"),
        help: ArgumentHelp(
            "The service account that searches users and groups; its password is read from $EQMS_LDAP_BIND_PASSWORD.",
            valueName: "DN"))
    var bindDN: String?
    @Option(
        name: .customLong("ldap-group"),
        help: ArgumentHelp(
            "A directory group and the role its members get (repeatable); the highest role wins.",
            valueName: "ROLE=DN"))
    var groups: [String] = []
    @Flag(
        name: .customLong("ldap-member-of-only"),
        help: "Read groups from the users' memberOf only (Active Directory), without searching the groups.")
    var memberOfOnly = false

    /// The client, or nil when no directory is configured.
    func client() throws -> DirectoryClient? {
        guard let uri else { return nil }
        guard let caFile else { throw ValidationError("--ldap-ca-file is needed with --ldap-uri") }
        guard let base else { throw ValidationError("--ldap-base is needed with --ldap-uri") }
        guard let bindDN else { throw ValidationError("--ldap-bind-dn is needed with --ldap-uri") }
        guard let password = ProcessInfo.processInfo.environment["EQMS_LDAP_BIND_PASSWORD"], !password.isEmpty else {
            throw ValidationError("set EQMS_LDAP_BIND_PASSWORD to the service account's password")
        }
        guard FileManager.default.isReadableFile(atPath: caFile) else {
            throw ValidationError("--ldap-ca-file \(caFile) cannot be read")
        }
        do {
            let configuration = try DirectoryConfiguration(
                uri: uri, caFile: caFile, userBase: base, groupBase: groupBase, userAttribute: userAttribute,
                bindDN: bindDN, bindPassword: password, groups: try groups.map(GroupMapping.init(argument:)),
                searchGroups: !memberOfOnly)
            return DirectoryClient(configuration: configuration)
        } catch {
            throw ValidationError("--\(Self.option(for: error)) is not valid (see eqms serve --help)")
        }
    }

    private static func option(for error: DirectoryError) -> String {
        if case .invalidConfiguration(let field) = error { return field }
        return "ldap-uri"
    }
}

/// `eqms directory`: the commission's directory.
struct DirectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory", abstract: "The commission's directory (LDAP).",
        subcommands: [Show.self, SetSettings.self, Test.self, Sync.self])

    /// The saved settings as the JSON of `eqms directory show --json`: never the password.
    struct Shown: Encodable {
        var uri, caFile, userBase, groupBase, userAttribute, bindDN: String
        var bindPasswordSet: Bool
        var groups: [String]
        var memberOfOnly: Bool
        var syncMinutes: Int

        init(_ settings: StoredDirectorySettings) {
            uri = settings.uri
            caFile = settings.caFile
            userBase = settings.userBase
            groupBase = settings.groupBase
            userAttribute = settings.userAttribute
            bindDN = settings.bindDN
            bindPasswordSet = !settings.bindPassword.isEmpty
            groups = settings.groups
            memberOfOnly = settings.memberOfOnly
            syncMinutes = settings.syncMinutes
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the directory settings saved in the database (the password never).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let qms = try await global.open()
            guard let settings = try await qms.directorySettings.get() else {
                if global.json { return Console.out("null") }
                return Console.out("No directory is set: sign-in is local only.")
            }
            let shown = Shown(settings)
            if global.json { return try Console.json(shown) }
            var table = Table(["Setting", "Value"])
            table.add(["Server (--ldap-uri)", shown.uri])
            table.add(["CA file (--ldap-ca-file)", shown.caFile])
            table.add(["User base (--ldap-base)", shown.userBase])
            table.add(["Group base (--ldap-group-base)", shown.groupBase.isEmpty ? "(the user base)" : shown.groupBase])
            table.add(["Name attribute (--ldap-user-attribute)", shown.userAttribute])
            table.add(["Service account (--ldap-bind-dn)", shown.bindDN])
            table.add(["Service password", shown.bindPasswordSet ? "(set)" : "(none)"])
            for group in shown.groups { table.add(["Group → role (--ldap-group)", group]) }
            table.add(["Groups from memberOf only", shown.memberOfOnly ? "yes" : "no"])
            table.add(["Minutes between syncs", String(shown.syncMinutes)])
            Console.out(table.render())
        }
    }

    struct SetSettings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Save the directory settings in the database, as the directory page does.",
            discussion: """
                The service account's password is read from $EQMS_LDAP_BIND_PASSWORD; without it, the
                one saved before is kept. The settings are checked before anything is saved, and
                `eqms serve` uses them unless its own --ldap-* flags are given.

                eqms directory set --ldap-uri ldaps://dc1.iec.example --ldap-ca-file /etc/eqms/ca.pem \\
                  --ldap-base ou=people,dc=iec,dc=example --ldap-bind-dn cn=eqms,dc=iec,dc=example \\
                  --ldap-group quality-manager=cn=quality,ou=groups,dc=iec,dc=example --sync-minutes 15
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var directory: DirectoryOptions
        @Option(help: "Minutes between two directory syncs, 1 to 1440.") var syncMinutes = 15

        func run() async throws {
            guard let uri = directory.uri else { throw ValidationError("give --ldap-uri") }
            guard let caFile = directory.caFile else { throw ValidationError("--ldap-ca-file is needed") }
            guard let base = directory.base else { throw ValidationError("--ldap-base is needed") }
            guard let bindDN = directory.bindDN else { throw ValidationError("--ldap-bind-dn is needed") }
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw ValidationError("--ldap-ca-file \(caFile) cannot be read")
            }
            let qms = try await global.open()
            let saved = try await qms.directorySettings.set(
                StoredDirectorySettings(
                    uri: uri, caFile: caFile, userBase: base, groupBase: directory.groupBase ?? "",
                    userAttribute: directory.userAttribute, bindDN: bindDN,
                    bindPassword: ProcessInfo.processInfo.environment["EQMS_LDAP_BIND_PASSWORD"] ?? "",
                    groups: directory.groups, memberOfOnly: directory.memberOfOnly, syncMinutes: syncMinutes))
            if global.json { return try Console.json(Shown(saved)) }
            Console.out("The directory settings are saved; test them with eqms directory test.")
            if saved.bindPassword.isEmpty {
                Console.note("No service password is set: set EQMS_LDAP_BIND_PASSWORD and run this again.")
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bind with the saved service account, verifying the server's certificate.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let qms = try await global.open()
            try await qms.directorySettings.testConnection()
            Console.out("The directory accepted the service account over an encrypted connection.")
        }
    }

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deactivate directory accounts gone from the directory or from every mapped group.",
            discussion: """
                Directory accounts are those with no local password. A deactivated account's sessions end
                and its API tokens are revoked; an account whose groups changed gets its new role.
                `eqms serve` with --ldap-uri runs the same check every --ldap-sync-minutes. Without the
                flags, the settings saved on the directory page (web) apply.
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var directory: DirectoryOptions

        func run() async throws {
            let qms = try await global.open()
            // The flags win; without them, the settings saved on the directory page.
            var client = try directory.client()
            if client == nil { client = try await qms.directorySettings.client() }
            guard let client else {
                throw ValidationError("give --ldap-uri, or save the directory settings on the directory page")
            }
            let report = try await qms.users.syncDirectory(client)
            Console.out(
                "Checked \(report.checked) directory accounts; deactivated \(report.deactivated.count)"
                    + (report.deactivated.isEmpty ? "" : " (\(report.deactivated.joined(separator: ", ")))")
                    + "; role changed for \(report.roleChanged.count)"
                    + (report.roleChanged.isEmpty ? "" : " (\(report.roleChanged.joined(separator: ", ")))") + ".")
            for (username, reason) in report.kept.sorted(by: { $0.key < $1.key }) {
                Console.note("Kept \(username): \(reason.message).")
            }
        }
    }
}

/// The periodic directory sync of `eqms serve`.
enum DirectorySync {
    /// Syncs now and every `minutes` after, for as long as the process runs; a failed round is
    /// logged and the next one tries again.
    static func startFromSettings(qms: QMS, logger: Logger) {
        Task.detached {
            while !Task.isCancelled {
                var minutes = 1
                do {
                    if let settings = try await qms.directorySettings.get(),
                        let client = try await qms.directorySettings.client()
                    {
                        minutes = settings.syncMinutes
                        try await round(qms: qms, client: client, logger: logger)
                    }
                } catch {
                    logger.error("directory sync failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(max(1, minutes) * 60))
            }
        }
    }

    static func round(qms: QMS, client: DirectoryClient, logger: Logger) async throws {
        let report = try await qms.users.syncDirectory(client)
        logger.info(
            "directory sync",
            metadata: [
                "checked": "\(report.checked)", "deactivated": "\(report.deactivated)",
                "role-changed": "\(report.roleChanged)", "kept": "\(report.kept.keys.sorted())",
            ])
    }

    static func start(qms: QMS, client: DirectoryClient, minutes: Int, logger: Logger) {
        let interval = Duration.seconds(max(1, minutes) * 60)
        Task.detached {
            while !Task.isCancelled {
                do {
                    try await round(qms: qms, client: client, logger: logger)
                } catch {
                    logger.error("directory sync failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
