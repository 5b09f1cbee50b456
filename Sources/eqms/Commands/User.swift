import ArgumentParser
import QMSCore
import QMSServices

#if canImport(Glibc)
    import Glibc
#endif

extension Role: ExpressibleByArgument {}

/// `eqms user`: the people who use the system.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users and their roles.",
        subcommands: [Add.self, List.self, Password.self, Token.self])

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
        @Flag(help: "Read the password from standard input (for scripts).") var passwordStdin = false
        @Flag(help: "Ask for a password on the terminal.") var password = false

        func validate() throws {
            if passwordStdin && password { throw ValidationError("give --password or --password-stdin, not both") }
        }

        func run() async throws {
            let qms = try await global.open()
            let user = try User(
                username: username, displayName: displayName, role: role, email: email, processes: processes)
            let secret = try PasswordInput.read(stdin: passwordStdin, prompt: password)
            try await qms.users.add(user)
            if let secret { try await qms.access.setPassword(secret, for: user.username) }
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
            var table = Table(Strings.headers(["username", "name", "role", "reg_processes", "active"], language))
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

extension UserCommand {
    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password", abstract: "Set a user's password (prompted, or from standard input).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The username.") var username: String
        @Flag(help: "Read the password from standard input (for scripts).") var passwordStdin = false

        func run() async throws {
            let qms = try await global.open()
            guard let secret = try PasswordInput.read(stdin: passwordStdin, prompt: !passwordStdin) else {
                throw ValidationError("no password given")
            }
            try await qms.access.setPassword(secret, for: username)
            Console.out("Password of \(username) set.")
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Create an API token for a user; it is printed once and stored only as a hash.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The username.") var username: String
        @Option(help: "A name to recognise the token by.") var name = "api"

        func run() async throws {
            let qms = try await global.open()
            let secret = try await qms.access.createToken(for: username, name: name)
            if global.json { return try Console.json(["token": secret, "username": username, "name": name]) }
            Console.out(secret)
            Console.note("Keep it safe: it is shown once. Send it as: Authorization: Bearer <token>")
        }
    }
}

/// Reading a password without echoing it, or from standard input.
enum PasswordInput {
    static func read(stdin: Bool, prompt: Bool) throws -> String? {
        if stdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("--password-stdin: standard input is empty")
            }
            return line
        }
        guard prompt else { return nil }
        guard let first = getpass("Password: ").map({ String(cString: $0) }), !first.isEmpty else {
            throw ValidationError("no password given")
        }
        guard let second = getpass("Again: ").map({ String(cString: $0) }), second == first else {
            throw ValidationError("the two passwords differ")
        }
        return first
    }
}
