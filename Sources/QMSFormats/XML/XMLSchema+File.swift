import CLibXML2
import Foundation
import QMSCore

extension XMLSchema {
    /// Validates the XML file at `url` as it is read (libxml2's streaming validation), so that a
    /// document larger than ``XMLSource/maximumSize`` — a dossier of a hundred thousand records —
    /// is checked in constant memory. Meant for files this program wrote (a DOCTYPE would be
    /// read, never refused); every violation is reported with its line, named `name`.
    public func validate(fileAt url: URL, name: String) throws(FormatError) {
        _ = try? XMLSource(data: Data("<x/>".utf8), file: "")  // initialises libxml2 once
        let collector = XMLProblemCollector(file: name)
        let retained = Unmanaged.passRetained(collector)
        defer { retained.release() }
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            throw FormatError(.cannotStartValidation, at: SourceLocation(file: name))
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(context, collectSchemaProblem, retained.toOpaque())
        let result = xmlSchemaValidateFile(context, url.path, 0)
        if result != 0 {
            throw FormatError(
                collector.problems.isEmpty
                    ? [FileProblem(.doesNotMatchSchema, ["schema": "\(file)"], at: SourceLocation(file: name))]
                    : collector.problems)
        }
    }
}

extension XMLSchema {
    /// Compiles the schema file at `url` from its path, so that the schemas it includes or imports
    /// by a relative `schemaLocation` (the IATI activity schema's `iati-common.xsd` and `xml.xsd`)
    /// are found beside it.
    public convenience init(fileAt url: URL) throws(FormatError) {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw FormatError(
                .cannotReadSchema, ["detail": "\(url.path)"], at: SourceLocation(file: url.path),
                fix: .advice(.standardsComplete))
        }
        _ = try? XMLSource(data: Data("<x/>".utf8), file: "")  // initialises libxml2 once
        let collector = XMLProblemCollector(file: url.path)
        let retained = Unmanaged.passRetained(collector)
        defer { retained.release() }
        let compiled: xmlSchemaPtr? = {
            guard let parser = xmlSchemaNewParserCtxt(url.path) else { return nil }
            defer { xmlSchemaFreeParserCtxt(parser) }
            xmlSchemaSetParserStructuredErrors(parser, collectSchemaProblem, retained.toOpaque())
            return xmlSchemaParse(parser)
        }()
        guard let compiled else {
            throw FormatError(
                collector.problems.isEmpty
                    ? [FileProblem(.schemaNotCompiled, at: SourceLocation(file: url.path))]
                    : collector.problems)
        }
        self.init(compiled: compiled, file: url.path)
    }
}
