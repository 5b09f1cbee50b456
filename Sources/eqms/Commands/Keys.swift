import ArgumentParser
import Foundation
import QMSServices

/// `eqms keys`: the organisation's dossier signing keys.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make the Ed25519 key pair that signs audit dossiers.",
        subcommands: [KeysGenerateCommand.self])
}

/// `eqms keys generate --out DIR`.
struct KeysGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a new key pair: DIR/dossier-signing.key (private, mode 600) and DIR/dossier-signing.pub.",
        discussion: """
            Both are PEM files in the standard Ed25519 encodings (RFC 8410), readable by OpenSSL.
            Keep the private key out of version control and backups others can read; publish the
            public key (or its fingerprint) so that auditors can check dossiers with
            `eqms dossier verify DOSSIER --key dossier-signing.pub`. Existing files are never
            overwritten.
            """)

    @Option(help: ArgumentHelp("The folder to write the two files in (it must exist).", valueName: "dir"))
    var out: String

    @Flag(help: "Print JSON instead of text, for scripts.")
    var json = false

    func run() async throws {
        let written = try DossierService.generateKey(in: URL(fileURLWithPath: out))
        if json {
            try Console.json([
                "privateKey": written.privateKey.path, "publicKey": written.publicKey.path,
                "fingerprint": written.fingerprint,
            ])
            return
        }
        Console.out("Private key: \(written.privateKey.path) (mode 600: keep it secret, never commit it)")
        Console.out("Public key:  \(written.publicKey.path) (publish it for auditors)")
        Console.out("Fingerprint (SHA-256 of the public key): \(written.fingerprint)")
        Console.out("Export with: eqms dossier export … --key \(written.privateKey.path)")
    }
}
