import Foundation
import QMSCore

/// A register whose records the audit trail describes, and how to hold the two against each other.
///
/// `eqms verify` replays the trail into the content each record should have and compares it with
/// what the database holds, so that a change made behind the application's back (an `UPDATE` in
/// the `sqlite3` shell) is caught. A new register plugs in with one entry in
/// ``AuditedRegisters/all``: its entity kind, the actions whose `after` is a whole record, how to
/// list its current records encoded exactly as those events' `after` was written, and its
/// references to files and requirements.
public struct AuditedRegister: Sendable {
    /// The entity kind: the part of an event's entity before the first colon (`evidence` in
    /// `evidence:EV-2026-0042`, `organisation` for the one organisation record).
    public var kind: String
    /// What its records are called in messages ("evidence revisions", "users").
    public var noun: String
    /// The actions whose `after` is the record's whole content; nil when every action on the kind's
    /// entities writes the whole record. Other actions on the same entities (`user.password`, which
    /// records only that a password changed) are history, not content.
    public var contentActions: Set<String>?
    /// Every record as it is now, by record name (usually the entity), as the canonical JSON its
    /// content events write.
    public var current: @Sendable (StoreReader) throws -> [String: String]
    /// Folds one content event into what the trail says each record is now.
    public var replay: @Sendable (AuditEvent, inout [String: String]) throws -> Void
    /// Reduces an encoding to what the database can keep, when it keeps less than the event said
    /// (the order of a set, say); both sides are compared reduced when they differ as written.
    public var normalise: (@Sendable (String) -> String?)?
    /// Its references to other records and to stored files.
    public var references: [RecordReference]

    /// Describes a register; by default an event's `after` is the new content of the record its
    /// entity names, and encodings must be equal as written.
    public init(
        kind: String, noun: String, contentActions: Set<String>?,
        current: @escaping @Sendable (StoreReader) throws -> [String: String],
        replay: @escaping @Sendable (AuditEvent, inout [String: String]) throws -> Void = AuditedRegister.replaceAfter,
        normalise: (@Sendable (String) -> String?)? = nil,
        references: [RecordReference] = []
    ) {
        self.kind = kind
        self.noun = noun
        self.contentActions = contentActions
        self.current = current
        self.replay = replay
        self.normalise = normalise
        self.references = references
    }

    /// The default replay: the entity's record becomes the event's `after` (and is gone when `after` is nil).
    public static func replaceAfter(_ event: AuditEvent, _ expected: inout [String: String]) {
        expected[event.entity] = event.after
    }

    /// Whether a record's current encoding is the one the trail expects; when it is not, the two
    /// encodings to show the difference between (reduced, when the register reduces).
    public func compare(current: String, expected: String) -> (current: String, expected: String)? {
        guard current != expected else { return nil }
        guard let normalise else { return (current, expected) }
        let reduced = (normalise(current) ?? current, normalise(expected) ?? expected)
        return reduced.0 == reduced.1 ? nil : reduced
    }

    /// Whether an event's `after` is a whole record of this register.
    public func isContent(_ event: AuditEvent) -> Bool {
        contentActions?.contains(event.action) ?? true
    }

    /// The entity kind of an event's entity: the part before the first colon.
    public static func kind(ofEntity entity: String) -> String {
        entity.firstIndex(of: ":").map { String(entity[..<$0]) } ?? entity
    }
}

/// A reference from a register's records to something that must exist, checked by a query that
/// returns the dangling ones. Written in SQL both databases accept.
public struct RecordReference: Sendable {
    /// What the references point at.
    public enum Target: String, Sendable, Codable {
        /// A requirement of a loaded catalogue.
        case requirement
        /// A registered stored file (`stored_files`).
        case file
    }

    public var target: Target
    /// A query returning one row per dangling reference, with the columns `record` (the referring
    /// record, named as its audit entity) and `target` (what it points at).
    public var danglingQuery: String
    /// For `file` targets: a query returning every reference, with the columns `record` and
    /// `sha256`, so that missing or damaged files name the records that need them.
    public var allQuery: String?

    /// Describes a reference.
    public init(target: Target, danglingQuery: String, allQuery: String? = nil) {
        self.target = target
        self.danglingQuery = danglingQuery
        self.allQuery = allQuery
    }
}

/// The registers `eqms verify` checks. Append a register here when its migration lands.
public enum AuditedRegisters {
    /// Every audited register.
    public static let all: [AuditedRegister] =
        [
            organisation, standards, crosswalks, applicability, users, passwords, tokens, secondFactors, factorPolicy,
            evidence,
        ]
        + findings
        + plans + registers + [engagements, views, evidenceRequests] + certification

    /// The organisation: one record, `organisation.set`.
    public static let organisation = AuditedRegister(
        kind: "organisation", noun: "organisation records", contentActions: ["organisation.set"],
        current: { reader in
            guard let organisation = try reader.organisation() else { return [:] }
            return ["organisation": try CanonicalJSON.encode(organisation)]
        })

    /// Standards: catalogue events record a fingerprint (edition, status, size and the SHA-256 of the
    /// catalogue file), which is what can be compared; requirement texts are not in the trail.
    public static let standards = AuditedRegister(
        kind: "standard", noun: "standards", contentActions: ["catalogue.import", "catalogue.replace"],
        current: { reader in
            var records: [String: String] = [:]
            for catalogue in try reader.catalogues() {
                let sha256 = try reader.catalogueSource(catalogue.standard.id)?.sha256 ?? ""
                records["standard:\(catalogue.standard.id)"] = try CanonicalJSON.encode(
                    CatalogueFingerprint(catalogue, sha256: sha256))
            }
            return records
        })

    /// Crosswalks: the number of entries and the SHA-256 of the file they came from.
    public static let crosswalks = AuditedRegister(
        kind: "crosswalk", noun: "crosswalks", contentActions: ["crosswalk.import", "crosswalk.replace"],
        current: { reader in
            var records: [String: String] = [:]
            for row in try reader.session.query(
                """
                SELECT c.from_standard, c.to_standard, c.source_sha256,
                    (SELECT COUNT(*) FROM crosswalk_entries e
                     WHERE e.from_standard = c.from_standard AND e.to_standard = c.to_standard) AS value
                FROM crosswalks c
                """)
            {
                let entity = "crosswalk:\(try row.string("from_standard"))>\(try row.string("to_standard"))"
                records[entity] = try CanonicalJSON.encode([
                    "entries": String(row.optionalInt("value") ?? 0), "sha256": try row.string("source_sha256"),
                ])
            }
            return records
        },
        references: [
            RecordReference(
                target: .requirement,
                danglingQuery: """
                    SELECT 'crosswalk:' || e.from_standard || '>' || e.to_standard AS record,
                        e.from_standard || ':' || e.from_number AS target
                    FROM crosswalk_entries e LEFT JOIN requirements q
                        ON q.standard_id = e.from_standard AND q.number = e.from_number
                    WHERE q.number IS NULL
                    UNION ALL
                    SELECT 'crosswalk:' || e.from_standard || '>' || e.to_standard AS record,
                        e.to_standard || ':' || e.to_number AS target
                    FROM crosswalk_entries e LEFT JOIN requirements q
                        ON q.standard_id = e.to_standard AND q.number = e.to_number
                    WHERE q.number IS NULL
                    """)
        ])

    /// The statement of applicability: one decision per requirement.
    public static let applicability = AuditedRegister(
        kind: "applicability", noun: "applicability decisions",
        contentActions: ["applicability.set", "applicability.retire"],
        current: { reader in
            var records: [String: String] = [:]
            for decision in try reader.applicability() {
                records["applicability:\(decision.key)"] = try CanonicalJSON.encode(decision)
            }
            return records
        },
        references: [
            RecordReference(
                target: .requirement,
                danglingQuery: """
                    SELECT 'applicability:' || a.standard_id || ':' || a.number AS record,
                        a.standard_id || ':' || a.number AS target
                    FROM applicability a LEFT JOIN requirements q ON q.standard_id = a.standard_id AND q.number = a.number
                    WHERE q.number IS NULL
                    """)
        ])

    /// Users. The database keeps a user's processes as a set, so their order is not compared.
    /// Password hashes and tokens are not in the trail's content (`user.password` records only
    /// that a password changed), so they cannot be compared.
    public static let users = AuditedRegister(
        kind: "user", noun: "users", contentActions: ["user.add", "user.role", "user.deactivate", "user.reactivate"],
        current: { reader in
            var records: [String: String] = [:]
            for user in try reader.users() { records["user:\(user.username)"] = try CanonicalJSON.encode(user) }
            return records
        },
        normalise: normalisedUser)

    /// Passwords: the trail holds the SHA-256 of each bcrypt hash, so a hash replaced behind the
    /// application's back (someone giving themselves a known password) is named.
    public static let passwords = AuditedRegister(
        kind: "password", noun: "passwords", contentActions: ["user.password"],
        current: { reader in
            var records: [String: String] = [:]
            for row in try reader.session.query(
                "SELECT username, password_hash FROM users WHERE password_hash IS NOT NULL")
            {
                let username = try row.string("username")
                records["password:\(username)"] = try PasswordRecord(
                    username: username, hash: try row.string("password_hash")
                ).canonicalJSON
            }
            return records
        })

    /// API tokens: who a token acts for and its name. A token row inserted behind the application's
    /// back would be a way in, so it is named. Revocation is recorded on the user, not the token,
    /// and is not compared.
    public static let tokens = AuditedRegister(
        kind: "token", noun: "API tokens", contentActions: ["token.create"],
        current: { reader in
            var records: [String: String] = [:]
            for row in try reader.session.query("SELECT token_sha256, username, name FROM api_tokens") {
                let entity = "token:\(try row.string("token_sha256").prefix(12))"
                records[entity] = try CanonicalJSON.encode([
                    "name": try row.string("name"), "username": try row.string("username"),
                ])
            }
            return records
        })

    /// Second factors: the SHA-256 of each secret and of its recovery codes' hashes. A secret or a
    /// code put in behind the application's back would let someone sign in as another, so it is
    /// named. Accepted codes and spent recovery codes are history, not content.
    public static let secondFactors = AuditedRegister(
        kind: "second-factor", noun: "second factors",
        contentActions: ["factor.enrol", "factor.confirm", "factor.reset"],
        current: { reader in
            var records: [String: String] = [:]
            for row in try reader.session.query("SELECT username FROM second_factors") {
                let username = try row.string("username")
                if let record = try reader.secondFactorRecord(username) {
                    records[SecondFactorRecord.entity(username)] = try record.canonicalJSON
                }
            }
            return records
        })

    /// The second-factor policy: one record, `factor-policy.set`. A role made optional behind the
    /// application's back would let its users sign in with a password alone.
    public static let factorPolicy = AuditedRegister(
        kind: "factor-policy", noun: "second-factor policies", contentActions: ["factor-policy.set"],
        current: { reader in
            guard let record = try reader.factorPolicyRecord() else { return [:] }
            return [FactorPolicyRecord.entity: record]
        })

    /// The directory settings: one record, `directory.set`, the password as its SHA-256.
    public static let directorySettings = AuditedRegister(
        kind: "directory", noun: "directory settings", contentActions: ["directory.set"],
        current: { reader in
            guard let settings = try reader.directorySettings() else { return [:] }
            return [DirectorySettingsRecord.entity: try CanonicalJSON.encode(DirectorySettingsRecord(settings))]
        })

    private static func normalisedUser(_ json: String) -> String? {
        guard var user = try? JSONDecoder().decode(User.self, from: Data(json.utf8)) else { return nil }
        user.processes = Array(Set(user.processes)).sorted()
        return try? CanonicalJSON.encode(user)
    }

    /// Evidence: every revision is a record of its own (`evidence:EV-2026-0042 revision 2`). A
    /// revision supersedes the one before, which changes that row's status; a withdrawal changes the
    /// latest row.
    public static let evidence = AuditedRegister(
        kind: "evidence", noun: "evidence revisions",
        contentActions: ["evidence.add", "evidence.revise", "evidence.withdraw", "evidence.relink"],
        current: { reader in
            var filter = EvidenceFilter()
            filter.includeHistory = true
            var records: [String: String] = [:]
            for record in try reader.evidence(matching: filter) {
                records[evidenceName(record.id.description, record.revision)] = record.canonicalJSON
            }
            return records
        },
        replay: { event, expected in
            guard let after = event.after else { return }
            let id = String(event.entity.dropFirst("evidence:".count))
            switch event.action {
            case "evidence.add":
                // Records are always added as revision 1; decoding every added record would cost more
                // than the rest of the check.
                expected[evidenceName(id, 1)] = after
            default:
                let record = try decodeEvidence(after)
                expected[evidenceName(id, record.revision)] = after
                if event.action == "evidence.revise", record.revision > 1 {
                    let previous = evidenceName(id, record.revision - 1)
                    if let text = expected[previous] ?? event.before {
                        var superseded = try decodeEvidence(text)
                        superseded.status = .superseded
                        expected[previous] = superseded.canonicalJSON
                    }
                }
            }
        },
        normalise: normalisedEvidence,
        references: [
            RecordReference(
                target: .requirement,
                danglingQuery: """
                    SELECT 'evidence:' || r.evidence_id || ' revision ' || CAST(r.revision AS TEXT) AS record,
                        r.standard_id || ':' || r.number AS target
                    FROM evidence_requirements r LEFT JOIN requirements q
                        ON q.standard_id = r.standard_id AND q.number = r.number
                    WHERE q.number IS NULL
                    """),
            RecordReference(
                target: .file,
                danglingQuery: """
                    SELECT 'evidence:' || f.evidence_id || ' revision ' || CAST(f.revision AS TEXT) AS record,
                        f.sha256 AS target
                    FROM evidence_files f LEFT JOIN stored_files s ON s.sha256 = f.sha256
                    WHERE s.sha256 IS NULL
                    """,
                allQuery: """
                    SELECT 'evidence:' || evidence_id || ' revision ' || CAST(revision AS TEXT) AS record, sha256
                    FROM evidence_files
                    """),
        ])

    /// How an evidence revision is named in messages and in the comparison.
    static func evidenceName(_ id: String, _ revision: Int) -> String { "evidence:\(id) revision \(revision)" }

    private static func decodeEvidence(_ json: String) throws -> EvidenceRecord {
        do {
            return try JSONDecoder().decode(EvidenceRecord.self, from: Data(json.utf8))
        } catch {
            throw StoreError.corrupt(column: "audit_events.after_json", reason: "is not an evidence record: \(error)")
        }
    }

    /// What the database can keep of an evidence revision: requirements and tags are sets (no
    /// order), and once a revision is superseded or withdrawn its row no longer says whether it
    /// had been a draft.
    private static func normalisedEvidence(_ json: String) -> String? {
        guard var record = try? JSONDecoder().decode(EvidenceRecord.self, from: Data(json.utf8)) else { return nil }
        record.content.requirements.sort { $0.description.utf8.lexicographicallyPrecedes($1.description.utf8) }
        record.content.tags.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if record.status == .superseded || record.status == .withdrawn { record.content.status = .current }
        return record.canonicalJSON
    }
}
