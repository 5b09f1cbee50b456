import CLibXML2
import Foundation
import QMSCore

/// A compiled XML Schema (XSD) that documents are validated against on every load.
public final class XMLSchema: @unchecked Sendable {
    // @unchecked: a compiled xmlSchema is read-only once parsed; libxml2 allows several
    // validation contexts to share it, one per validation, which is how it is used here.
    let schema: xmlSchemaPtr
    /// The schema's file name, for messages.
    public let file: String

    /// Compiles the schema in `data`.
    public init(data: Data, file: String) throws(FormatError) {
        _ = try? XMLSource(data: Data("<x/>".utf8), file: "")  // initialises libxml2 once
        let collector = XMLProblemCollector(file: file)
        let retained = Unmanaged.passRetained(collector)
        defer { retained.release() }
        let compiled: xmlSchemaPtr? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self),
                let parser = xmlSchemaNewMemParserCtxt(base, Int32(raw.count))
            else { return nil }
            defer { xmlSchemaFreeParserCtxt(parser) }
            xmlSchemaSetParserStructuredErrors(parser, collectSchemaProblem, retained.toOpaque())
            return xmlSchemaParse(parser)
        }
        guard let compiled else {
            throw FormatError(
                collector.problems.isEmpty
                    ? [FileProblem(.schemaNotCompiled, at: SourceLocation(file: file))]
                    : collector.problems)
        }
        self.schema = compiled
        self.file = file
    }

    /// Compiles the schema file at `url`.
    public convenience init(contentsOf url: URL) throws(FormatError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FormatError(
                .cannotReadSchema, ["detail": "\(error.localizedDescription)"], at: SourceLocation(file: url.path),
                fix: .advice(.standardsComplete))
        }
        try self.init(data: data, file: url.path)
    }

    /// Takes ownership of a schema compiled elsewhere in this module.
    init(compiled: xmlSchemaPtr, file: String) {
        self.schema = compiled
        self.file = file
    }

    deinit { xmlSchemaFree(schema) }

    /// Validates a parsed document; every violation is reported with its line and column.
    public func validate(_ source: XMLSource) throws(FormatError) {
        let collector = XMLProblemCollector(file: source.file)
        collector.source = source
        let retained = Unmanaged.passRetained(collector)
        defer { retained.release() }
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            throw FormatError(.cannotStartValidation, at: SourceLocation(file: source.file))
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(context, collectSchemaProblem, retained.toOpaque())
        let result = xmlSchemaValidateDoc(context, source.document)
        if result != 0 {
            throw FormatError(
                collector.problems.isEmpty
                    ? [FileProblem(.doesNotMatchSchema, ["schema": "\(file)"], at: SourceLocation(file: source.file))]
                    : collector.problems)
        }
    }
}
