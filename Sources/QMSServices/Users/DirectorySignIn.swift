import QMSCore
import QMSDirectory
import QMSStore

/// What a directory sync did.
public struct DirectorySyncReport: Sendable, Equatable {
    /// Directory accounts checked (active accounts with no local password).
    public var checked: Int
    /// Accounts deactivated: gone from the directory or from every mapped group.
    public var deactivated: [String]
    /// Accounts whose role followed a change of their groups.
    public var roleChanged: [String]
    /// Accounts the directory no longer vouches for that stay as they are, with the reason: the
    /// last active administrator is never deactivated (an administrator added without a password
    /// looks like a directory account).
    public var kept: [String: UserAdministrationError] = [:]
}

extension AccessService {
    /// Signs a person in with a password: a local account against its stored hash, any other
    /// against the commission's directory when one is configured.
    ///
    /// An account is a directory account when it has no local password: such accounts are created
    /// here at their first directory sign-in, with the role their groups give, and their role
    /// follows the groups at each sign-in. A deactivated account stays refused (an administrator
    /// reactivates it). Until the schema records an account's origin, an account created by hand
    /// without a password counts as a directory account too.
    public func authenticate(username: String, password: String, directory: DirectoryClient?) async throws -> User {
        guard let directory else { return try await authenticate(username: username, password: password) }
        let (user, hash) = try await qms.store.reading { reader in
            (try reader.user(username), try reader.passwordHash(for: username))
        }
        if hash != nil { return try await authenticate(username: username, password: password) }
        if let user, !user.active { throw AccessError.invalidCredentials }
        let account: DirectoryAccount
        do {
            account = try await directory.authenticate(username: username, password: password)
        } catch .badCredentials, .notInMappedGroup, .invalidUsername {
            // Said as for a local account: which of the three it was is not told to the one who typed it.
            throw AccessError.invalidCredentials
        }
        let recorder = qms.acting(as: "directory")
        if let user {
            guard user.role != account.role else { return user }
            return try await recorder.users.changeRole(username, to: account.role)
        }
        let created = try User(
            username: username, displayName: account.displayName, role: account.role, email: account.email)
        return try await recorder.users.add(created)
    }
}

extension UserService {
    /// Checks every active directory account (no local password) against the directory with the
    /// service account: one gone from the directory or from every mapped group is deactivated,
    /// which ends its sessions and revokes its tokens; one whose groups changed gets the new role.
    /// An unreachable directory stops the sync before anyone is deactivated.
    public func syncDirectory(_ directory: DirectoryClient) async throws -> DirectorySyncReport {
        let accounts = try await qms.store.reading { reader in
            try reader.users().filter { $0.active }.filter { try reader.passwordHash(for: $0.username) == nil }
        }
        // Ask about everyone first: a failure half-way must not leave half the accounts deactivated.
        var found: [(User, DirectoryAccount?)] = []
        for user in accounts { found.append((user, try await directory.lookup(username: user.username))) }
        let recorder = qms.acting(as: "directory")
        var report = DirectorySyncReport(checked: accounts.count, deactivated: [], roleChanged: [])
        for (user, account) in found {
            do {
                guard let account else {
                    try await recorder.users.deactivate(user.username)
                    report.deactivated.append(user.username)
                    continue
                }
                if account.role != user.role {
                    try await recorder.users.changeRole(user.username, to: account.role)
                    report.roleChanged.append(user.username)
                }
            } catch let refusal as UserAdministrationError {
                // One account's refusal must not stop the others' deactivation.
                report.kept[user.username] = refusal
            }
        }
        return report
    }
}
