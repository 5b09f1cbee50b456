import Foundation
import QMSCore

/// ISO 9001:2015's clauses 4.1 and 4.2 become assessable leaves again.
///
/// The catalogue had put the climate nodes of Amendment 1:2024 under 4.1 and 4.2, which made those
/// clauses parents, and compliance counts only leaves. Now the climate determination `4.1-A1` is a
/// leaf of its own directly under clause 4, placed after 4.1, and 4.2's climate text, which the
/// amendment adds only as a note, is part of 4.2's summary: the node `4.2-A1` is retired into 4.2.
/// Links to 4.1 stay as they are; every record that named 4.2-A1 names 4.2 instead, each change
/// recorded in the audit trail (``StoreWriter/retireRequirement(_:into:)``). Loading the revised
/// catalogue afterwards (`eqms init`) brings texts and positions up to date. A database without
/// the ISO 9001 catalogue, or already in the new shape, is left as it is. Its data step reads
/// through today's ``StoreReader``, so it comes after every migration that reader needs.
enum Migration0013ClimateLeaves {
    static let standard = "iso-9001-2015"

    static let migration = Migration(
        name: "0013-climate-leaves",
        sql: """
            UPDATE requirements SET parent_number = '4'
            WHERE standard_id = 'iso-9001-2015' AND number = '4.1-A1' AND parent_number = '4.1';
            """,
        data: { session in
            let writer = StoreWriter(session: session, actor: Migration.actor, instant: Date())
            let id = try StandardID(Migration0013ClimateLeaves.standard)
            try writer.retireRequirement(
                RequirementKey(standard: id, number: "4.2-A1"), into: RequirementKey(standard: id, number: "4.2"))
            // A node with nothing under it any more is a requirement, not a clause.
            try session.execute(
                """
                UPDATE requirements SET kind = 'requirement'
                WHERE standard_id = ? AND number IN ('4.1', '4.2') AND kind = 'clause'
                    AND NOT EXISTS (SELECT 1 FROM requirements c
                                    WHERE c.standard_id = requirements.standard_id
                                        AND c.parent_number = requirements.number)
                """, Migration0013ClimateLeaves.standard)
        })
}
