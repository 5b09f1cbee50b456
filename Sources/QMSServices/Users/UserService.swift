import QMSCore
import QMSStore

/// The people who use the system and their roles.
public struct UserService: Sendable {
    let qms: QMS

    /// Adds a user.
    @discardableResult
    public func add(_ user: User) async throws -> User {
        try await qms.store.writing(actor: qms.actor) { writer in try writer.addUser(user) }
        qms.logger.info("user added", metadata: ["user": "\(user.username)", "role": "\(user.role.rawValue)"])
        return user
    }

    /// Adds a user with a password, which is checked before the user is added: a refused password
    /// leaves no account behind without one.
    @discardableResult
    public func add(_ user: User, password: String?) async throws -> User {
        if let password { try await qms.access.checkPassword(password, for: user.username) }
        try await add(user)
        if let password { try await qms.access.setPassword(password, for: user.username) }
        return user
    }

    /// Every user.
    public func list() async throws -> [User] {
        try await qms.store.reading { reader in try reader.users() }
    }
}
