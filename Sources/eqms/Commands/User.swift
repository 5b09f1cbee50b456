import ArgumentParser
import QMSCore
import QMSServices

extension Role: ExpressibleByArgument {}

/// `eqms user`: the people who use the system.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users and their roles.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user.",
            discussion: "Roles: " + Role.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The login name: lowercase letters, digits, '.', '_' or '-'.") var username: String
        @Option(help: "The role.") var role: Role
        @Option(help: "The full name, as shown to others.") var displayName: String?
        @Option(help: "E-mail address.") var email: String?
        @Option(name: .customLong("process"), help: "A process the user owns (repeatable), such as EP-01.")
        var processes: [String] = []

        func run() async throws {
            let qms = try await global.open()
            let user = try User(
                username: username, displayName: displayName, role: role, email: email, processes: processes)
            try await qms.users.add(user)
            if global.json { return try Console.json(user) }
            Console.out("Added \(user.username) (\(user.role.rawValue)).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let qms = try await global.open()
            let users = try await qms.users.list()
            if global.json { return try Console.json(users) }
            let language = global.lang
            var table = Table(Strings.headers(["USERNAME", "NAME", "ROLE", "PROCESSES", "ACTIVE"], language))
            for user in users {
                table.add([
                    user.username, user.displayName, user.role.rawValue, user.processes.joined(separator: ", "),
                    Strings.text(user.active ? "yes" : "no", language),
                ])
            }
            Console.out(table.render())
        }
    }
}
