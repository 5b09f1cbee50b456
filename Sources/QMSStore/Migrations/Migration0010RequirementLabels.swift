/// The label a catalogue shows for a node when it differs from its number: an OSCAL control's
/// `VR-1(1)`, whose key keeps the normalised number `VR-1.1`. A table of its own, like the other
/// details of a requirement, so that nodes without a label need no row.
enum Migration0010RequirementLabels {
    static let migration = Migration(
        name: "0010-requirement-labels",
        sql: """
            CREATE TABLE requirement_labels (
                standard_id TEXT NOT NULL,
                number TEXT NOT NULL,
                label TEXT NOT NULL CHECK (length(trim(label)) BETWEEN 1 AND 64),
                PRIMARY KEY (standard_id, number),
                FOREIGN KEY (standard_id, number) REFERENCES requirements(standard_id, number)
            );
            """)
}
