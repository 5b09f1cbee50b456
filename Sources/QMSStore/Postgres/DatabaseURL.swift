import Foundation
import PostgresNIO

/// A `postgres://user:password@host:port/database` address (or `?host=/run/postgresql` for a
/// unix socket), turned into a connection configuration; messages show it without the password.
public struct DatabaseURL: Sendable {
    /// The configuration to connect with.
    public let configuration: PostgresConnection.Configuration
    /// The address with the password masked, for messages and logs.
    public let display: String

    /// Parses an address.
    public init(_ text: String) throws(StoreError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw .cannotOpen(path: text, reason: "not a postgres:// address")
        }
        let username = components.user?.removingPercentEncoding ?? "postgres"
        let password = components.password?.removingPercentEncoding
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        var configuration: PostgresConnection.Configuration
        if let socketFolder = query["host"], socketFolder.hasPrefix("/") {
            let port = components.port ?? 5432
            configuration = PostgresConnection.Configuration(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: username, password: password,
                database: database.isEmpty ? nil : database)
        } else {
            guard let host = components.host, !host.isEmpty else {
                throw .cannotOpen(path: text, reason: "the address names no host")
            }
            configuration = PostgresConnection.Configuration(
                host: host, port: components.port ?? 5432, username: username, password: password,
                database: database.isEmpty ? nil : database, tls: .disable)
        }
        configuration.options.connectTimeout = .seconds(10)
        if let schema = query["search_path"], !schema.isEmpty {
            // A schema of its own per deployment (or per test) on a shared server.
            configuration.options.additionalStartupParameters.append(("search_path", schema))
        }
        self.configuration = configuration
        var masked = components
        if masked.password != nil { masked.password = "***" }
        self.display = masked.string ?? "postgres://…"
    }
}
