/// Evidence file contents kept in the database itself, in chunks, for deployments where several
/// servers share one PostgreSQL database and must all see every file. A SQLite deployment keeps
/// its files in a folder instead and leaves these tables empty.
enum Migration0006FileChunks {
    static let migration = Migration(
        name: "0006-file-chunks",
        sql: """
            CREATE TABLE file_chunks (
                sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                position BIGINT NOT NULL CHECK (position >= 0),
                data {blob} NOT NULL,
                PRIMARY KEY (sha256, position)
            ) {without_rowid};

            CREATE TABLE file_uploads (
                upload TEXT NOT NULL,
                position BIGINT NOT NULL CHECK (position >= 0),
                data {blob} NOT NULL,
                started_at TEXT NOT NULL,
                PRIMARY KEY (upload, position)
            ) {without_rowid};
            """)
}
