import Foundation
import Logging
import QMSCore
import QMSDirectory
import QMSStore

/// The commission's directory as an administrator sets it (the page `/organisation/directory`):
/// kept in the database, each change in the trail without the password. `eqms serve`'s flags and
/// environment, when given, win over it.
public struct DirectorySettingsService: Sendable {
    let qms: QMS

    /// The longest interval between two syncs: a day.
    public static let maximumSyncMinutes = 1440

    /// The settings, when set.
    public func get() async throws -> StoredDirectorySettings? {
        try await qms.store.reading { try $0.directorySettings() }
    }

    /// Checks and saves the settings; an empty `settings.bindPassword` keeps the one saved before.
    @discardableResult
    public func set(_ settings: StoredDirectorySettings) async throws -> StoredDirectorySettings {
        var settings = settings
        if settings.bindPassword.isEmpty, let kept = try await get() { settings.bindPassword = kept.bindPassword }
        guard (1...Self.maximumSyncMinutes).contains(settings.syncMinutes) else {
            throw DomainError.invalidValue(
                field: "ldap-sync-minutes", value: String(settings.syncMinutes),
                expected: .between(minimum: 1, maximum: Self.maximumSyncMinutes))
        }
        _ = try Self.configuration(settings)
        let checked = settings
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { try $0.setDirectorySettings(checked) }
        return settings
    }

    /// The client configuration the settings describe, checked.
    public static func configuration(_ settings: StoredDirectorySettings) throws(DirectoryError)
        -> DirectoryConfiguration
    {
        var groups: [GroupMapping] = []
        for line in settings.groups where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            groups.append(try GroupMapping(argument: line))
        }
        return try DirectoryConfiguration(
            uri: settings.uri, caFile: settings.caFile, userBase: settings.userBase,
            groupBase: settings.groupBase.isEmpty ? nil : settings.groupBase, userAttribute: settings.userAttribute,
            bindDN: settings.bindDN, bindPassword: settings.bindPassword, groups: groups,
            searchGroups: !settings.memberOfOnly)
    }

    /// The client for the saved settings; nil when there are none (or they no longer hold, which
    /// is logged: local sign-in goes on).
    public func client() async throws -> DirectoryClient? {
        guard let settings = try await get() else { return nil }
        do {
            return DirectoryClient(configuration: try Self.configuration(settings))
        } catch {
            qms.logger.error("the saved directory settings are not valid", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Binds with the saved service account: nothing thrown when the directory accepts it.
    public func testConnection() async throws {
        guard let settings = try await get() else { throw DirectoryError.invalidConfiguration(field: "ldap-uri") }
        try await DirectoryClient(configuration: try Self.configuration(settings)).checkService()
    }
}
