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
        subcommands: [
            Add.self, List.self, ChangeRole.self, Deactivate.self, Reactivate.self, Password.self, Token.self,
            Tokens.self,
            RevokeToken.self, Sessions.self, EndSessions.self, FactorPolicyCommand.self,
        ])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user.",
            discussion: "Roles: " + Role.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The login name: lowercase letters, digits, '.', '_', '-' or '@'.") var username: String
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
            try await qms.users.add(user, password: secret)
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
        @Flag(help: "Generate a password and print it once.") var generate = false

        func validate() throws {
            if passwordStdin && generate { throw ValidationError("give --generate or --password-stdin, not both") }
        }

        func run() async throws {
            let qms = try await global.open()
            let given = generate ? nil : try PasswordInput.read(stdin: passwordStdin, prompt: !passwordStdin)
            if !generate && given == nil { throw ValidationError("no password given") }
            let secret = try await qms.access.resetPassword(for: username, to: given)
            if global.json {
                return try Console.json(["username": username, "password": generate ? secret : nil])
            }
            Console.out("Password of \(username) set.")
            if generate {
                Console.out(secret)
                Console.note("Pass it on safely: it is shown once.")
            }
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

extension UserCommand {
    struct ChangeRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "role", abstract: "Give a user another role (never the last active administrator's).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The username.") var username: String
        @Argument(help: "The new role.") var role: Role

        func run() async throws {
            let qms = try await global.open()
            let user = try await qms.users.changeRole(username, to: role)
            if global.json { return try Console.json(user) }
            Console.out("\(user.username) is now \(user.role.rawValue).")
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a user from signing in: their sessions end and their API tokens are revoked.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The username.") var username: String

        func run() async throws {
            let qms = try await global.open()
            let user = try await qms.users.deactivate(username)
            if global.json { return try Console.json(user) }
            Console.out("\(user.username) is deactivated.")
        }
    }

    struct Reactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let a deactivated user sign in again (revoked tokens stay revoked).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The username.") var username: String

        func run() async throws {
            let qms = try await global.open()
            let user = try await qms.users.reactivate(username)
            if global.json { return try Console.json(user) }
            Console.out("\(user.username) is active again.")
        }
    }

    struct Tokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a user's API tokens (names, never secrets).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The username.") var username: String

        func run() async throws {
            let qms = try await global.open()
            let tokens = try await qms.access.tokens(of: username)
            if global.json { return try Console.json(tokens) }
            let language = global.lang
            var table = Table(Strings.headers(["name", "token_created", "active"], language))
            for token in tokens {
                table.add([token.name, token.createdAt, Strings.text(token.revoked ? "no" : "yes", language)])
            }
            Console.out(table.render())
        }
    }

    struct RevokeToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-token", abstract: "Revoke a user's API tokens of one name.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The username.") var username: String
        @Option(help: "The token's name.") var name: String

        func run() async throws {
            let qms = try await global.open()
            let count = try await qms.access.revokeToken(of: username, name: name)
            if global.json { return try Console.json(["username": username, "name": name, "revoked": String(count)]) }
            Console.out("Revoked \(count) token(s) of \(username) named \(name).")
        }
    }

    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a user's open web sessions.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The username.") var username: String

        func run() async throws {
            let qms = try await global.open()
            _ = try await qms.users.show(username)
            let sessions = try await qms.sessions.sessions(of: username)
            if global.json { return try Console.json(sessions) }
            var table = Table(Strings.headers(["id", "session_expires"], global.lang))
            for session in sessions { table.add([session.id, session.expiresAt?.description ?? ""]) }
            Console.out(table.render())
        }
    }

    struct EndSessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "end-sessions", abstract: "End one of a user's web sessions, or all of them.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The username.") var username: String
        @Option(help: "The session, as `eqms user sessions` lists it (default: every session).") var session: String?

        func run() async throws {
            let qms = try await global.open()
            _ = try await qms.users.show(username)
            if let session {
                try await qms.sessions.end(session, of: username)
                Console.out("Ended session \(session) of \(username).")
            } else {
                let count = try await qms.sessions.endAll(of: username)
                Console.out("Ended \(count) session(s) of \(username).")
            }
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

extension UserCommand {
    struct FactorPolicyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "factor-policy",
            abstract: "Show or set which roles must use two-factor sign-in, and the grace period to enrol.",
            discussion: """
                Without options, shows the policy. --require replaces the required roles (repeat it, \
                or give --require-none); --grace-days sets the days a user of a required role may work \
                before only enrolment opens (0 to 365). External auditors' engagement accounts always \
                need a second factor. Each change is recorded in the audit trail.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("require"), help: "A role that must use a second factor (repeatable).")
        var required: [Role] = []
        @Flag(help: "No role must use a second factor.") var requireNone = false
        @Option(help: "Days to enrol, from when a user is first found without a second factor.")
        var graceDays: Int?

        func validate() throws {
            if requireNone && !required.isEmpty { throw ValidationError("give --require or --require-none, not both") }
        }

        func run() async throws {
            let qms = try await global.open()
            var policy = try await qms.factorPolicy.get()
            if requireNone || !required.isEmpty || graceDays != nil {
                policy = try await qms.factorPolicy.set(
                    requiredRoles: requireNone ? [] : required.isEmpty ? policy.requiredRoles : Set(required),
                    graceDays: graceDays ?? policy.graceDays)
            }
            let roles = policy.orderedRoles.map(\.rawValue)
            if global.json {
                struct Shown: Encodable {
                    var requiredRoles: [String]
                    var graceDays: Int
                }
                return try Console.json(Shown(requiredRoles: roles, graceDays: policy.graceDays))
            }
            Console.out("Required for: \(roles.isEmpty ? "no role" : roles.joined(separator: ", ")).")
            Console.out("Grace period: \(policy.graceDays) day(s); engagement accounts: always, no grace period.")
        }
    }
}
