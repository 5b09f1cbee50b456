import Crypto
import Foundation
import QMSCore

/// The commission's directory as an administrator set it (see `DirectoryConfiguration`, which
/// checks it): the server, the CA file, where users and groups are, the attribute a sign-in name
/// matches, the service account and its password, which groups give which role (`ROLE=DN`), and
/// the minutes between two syncs.
public struct StoredDirectorySettings: Sendable, Hashable {
    public var uri: String
    public var caFile: String
    public var userBase: String
    /// Empty: the user base.
    public var groupBase: String
    public var userAttribute: String
    public var bindDN: String
    /// Never shown back nor written in the trail.
    public var bindPassword: String
    /// `ROLE=DN`, one per group.
    public var groups: [String]
    public var memberOfOnly: Bool
    public var syncMinutes: Int

    /// Settings as given.
    public init(
        uri: String, caFile: String, userBase: String, groupBase: String, userAttribute: String, bindDN: String,
        bindPassword: String, groups: [String], memberOfOnly: Bool, syncMinutes: Int
    ) {
        self.uri = uri
        self.caFile = caFile
        self.userBase = userBase
        self.groupBase = groupBase
        self.userAttribute = userAttribute
        self.bindDN = bindDN
        self.bindPassword = bindPassword
        self.groups = groups
        self.memberOfOnly = memberOfOnly
        self.syncMinutes = syncMinutes
    }
}

/// What the trail records of the directory settings: everything but the password, which is kept
/// as its SHA-256 so that `eqms verify` names one changed behind the application's back.
struct DirectorySettingsRecord: Encodable {
    var uri: String
    var caFile: String
    var userBase: String
    var groupBase: String
    var userAttribute: String
    var bindDN: String
    var bindPasswordSHA256: String
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
        bindPasswordSHA256 = Hex.encode(SHA256.hash(data: Data(settings.bindPassword.utf8)))
        groups = settings.groups
        memberOfOnly = settings.memberOfOnly
        syncMinutes = settings.syncMinutes
    }

    static let entity = "directory"
}

extension StoreReader {
    /// The directory settings, when an administrator has set them.
    public func directorySettings() throws -> StoredDirectorySettings? {
        guard
            let row = try session.queryFirst(
                "SELECT uri, ca_file, user_base, group_base, user_attribute, bind_dn, bind_password, group_roles, "
                    + "member_of_only, sync_minutes FROM directory_settings WHERE id = 1")
        else { return nil }
        return StoredDirectorySettings(
            uri: try row.string("uri"), caFile: try row.string("ca_file"), userBase: try row.string("user_base"),
            groupBase: try row.string("group_base"), userAttribute: try row.string("user_attribute"),
            bindDN: try row.string("bind_dn"), bindPassword: try row.string("bind_password"),
            groups: try row.string("group_roles").split(separator: "\n").map(String.init),
            memberOfOnly: try row.bool("member_of_only"), syncMinutes: Int(try row.int("sync_minutes")))
    }
}

extension StoreWriter {
    /// Sets the directory settings, with their event (`directory.set`) when anything changed.
    public func setDirectorySettings(_ settings: StoredDirectorySettings) throws {
        let before = try reader.directorySettings().map { try CanonicalJSON.encode(DirectorySettingsRecord($0)) }
        try session.execute(
            """
            INSERT INTO directory_settings (id, uri, ca_file, user_base, group_base, user_attribute, bind_dn,
                bind_password, group_roles, member_of_only, sync_minutes)
            VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET uri = excluded.uri, ca_file = excluded.ca_file,
                user_base = excluded.user_base, group_base = excluded.group_base,
                user_attribute = excluded.user_attribute, bind_dn = excluded.bind_dn,
                bind_password = excluded.bind_password, group_roles = excluded.group_roles,
                member_of_only = excluded.member_of_only, sync_minutes = excluded.sync_minutes
            """, settings.uri, settings.caFile, settings.userBase, settings.groupBase, settings.userAttribute,
            settings.bindDN, settings.bindPassword, settings.groups.joined(separator: "\n"),
            Int64(settings.memberOfOnly ? 1 : 0), Int64(settings.syncMinutes))
        let after = try CanonicalJSON.encode(DirectorySettingsRecord(settings))
        guard after != before else { return }
        try appendEvent(action: "directory.set", entity: DirectorySettingsRecord.entity, before: before, after: after)
    }
}
