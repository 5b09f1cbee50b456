import Foundation

/// Files of a refused upload, kept on the server under a random token for an hour: a browser
/// cannot refill a file input, so the form shows them as attached and sends the token back.
struct KeptUploads: Sendable {
    /// A kept file: the name the browser sent and where it lies now.
    struct File: Sendable, Codable {
        var filename: String
        var stored: String
    }

    struct Manifest: Codable {
        var owner: String
        var files: [File]
    }

    /// How long a kept upload may be claimed.
    static let lifetime: TimeInterval = 3600

    let folder: URL

    init(folder: URL = FileManager.default.temporaryDirectory.appendingPathComponent("eqms-kept-uploads")) {
        self.folder = folder
    }

    /// Moves a refused form's files here and returns the token that claims them, with their names.
    func keep(_ files: [MultipartForm.File], owner: String) throws -> (token: String, names: [String]) {
        removeExpired()
        let token = Forms.randomToken()
        let place = folder.appendingPathComponent(token)
        try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
        var kept: [File] = []
        for (index, file) in files.enumerated() {
            let stored = "\(index + 1)"
            try FileManager.default.moveItem(at: file.url, to: place.appendingPathComponent(stored))
            kept.append(File(filename: file.filename, stored: stored))
        }
        let manifest = try JSONEncoder().encode(Manifest(owner: owner, files: kept))
        try manifest.write(to: place.appendingPathComponent("manifest.json"), options: .atomic)
        return (token, kept.map(\.filename))
    }

    /// The files a token claims, for their owner only, while it has not expired; nil otherwise.
    func claim(_ token: String, owner: String) -> (urls: [URL], names: [String])? {
        // A token is 64 hexadecimal digits; anything else never becomes a path.
        guard token.count == 64, token.allSatisfy(\.isHexDigit) else { return nil }
        let place = folder.appendingPathComponent(token)
        guard let data = try? Data(contentsOf: place.appendingPathComponent("manifest.json")),
            let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.owner == owner,
            !isExpired(place)
        else { return nil }
        return (manifest.files.map { place.appendingPathComponent($0.stored) }, manifest.files.map(\.filename))
    }

    /// Removes a claimed upload once its record is saved.
    func release(_ token: String) {
        guard token.count == 64, token.allSatisfy(\.isHexDigit) else { return }
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(token))
    }

    func isExpired(_ place: URL) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: place.path),
            let created = attributes[.modificationDate] as? Date
        else { return true }
        return Date().timeIntervalSince(created) > Self.lifetime
    }

    func removeExpired() {
        guard let entries = try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        else { return }
        for entry in entries where isExpired(entry) { try? FileManager.default.removeItem(at: entry) }
    }
}
