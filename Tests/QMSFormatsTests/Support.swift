import Foundation
import QMSFormats
import TestSupport

/// Paths of the repository and of this target's fixtures, found from the source file's location.
enum Paths {
    static let fixtures = Repository.fixtures(of: "QMSFormatsTests")

    static func fixture(_ name: String) throws -> Data { try Data(contentsOf: fixtures.appendingPathComponent(name)) }
}

enum Readers {
    static func library() throws -> StandardsLibrary { try StandardsLibrary(directory: Repository.standards) }
    static func catalogue() throws -> CatalogueReader { try library().catalogueReader() }
    static func crosswalk() throws -> CrosswalkReader { try library().crosswalkReader() }
}
