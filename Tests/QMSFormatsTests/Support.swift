import Foundation
import QMSFormats

/// Paths of the repository and of this target's fixtures, found from the source file's location.
enum Paths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let standards = repository.appendingPathComponent("Standards")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) throws -> Data { try Data(contentsOf: fixtures.appendingPathComponent(name)) }
}

enum Readers {
    static func library() throws -> StandardsLibrary { try StandardsLibrary(directory: Paths.standards) }
    static func catalogue() throws -> CatalogueReader { try library().catalogueReader() }
    static func crosswalk() throws -> CrosswalkReader { try library().crosswalkReader() }
}
