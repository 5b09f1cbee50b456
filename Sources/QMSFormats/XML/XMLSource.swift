import CLibXML2
import Foundation
import QMSCore

/// A parsed XML file that is safe to have read: no DOCTYPE (and so no entities, external or
/// internal), no network access, a size limit. Owns the libxml2 document.
///
/// Not `Sendable`: a parsed document lives inside one reading operation.
public final class XMLSource {
    /// The file name as the user gave it, used in every message.
    public let file: String
    let document: xmlDocPtr
    /// The bytes parsed, kept to find a line's text when a message needs a column.
    private let data: Data
    /// Where each line starts, found the first time a column is asked for: splitting every
    /// document into lines up front cost more than parsing it (seconds for a 60 MiB part).
    private lazy var lineStarts: [Int] = {
        var starts = [0]
        data.withUnsafeBytes { raw in
            for (offset, byte) in raw.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        }
        return starts
    }()

    /// The largest XML file the readers accept (catalogues and plan sets are far smaller).
    public static let maximumSize = 64 * 1024 * 1024

    /// libxml2 must be initialised once before threads use it.
    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parses `data`, refusing DOCTYPE declarations, external resources and malformed XML.
    public init(data: Data, file: String) throws(FormatError) {
        _ = XMLSource.initialised
        self.file = file
        guard data.count <= XMLSource.maximumSize else {
            throw FormatError(
                .xmlTooLarge,
                ["size": .number(data.count / 1_048_576), "limit": .number(XMLSource.maximumSize / 1_048_576)],
                at: SourceLocation(file: file), fix: .advice(.splitFile))
        }
        guard !data.isEmpty else {
            throw FormatError(.emptyFile, at: SourceLocation(file: file), fix: .advice(.nonEmptyXML))
        }
        let collector = XMLProblemCollector(file: file)
        let parsed: xmlDocPtr? = data.withUnsafeBytes { raw -> xmlDocPtr? in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self),
                let context = xmlCreateMemoryParserCtxt(base, Int32(raw.count))
            else { return nil }
            defer { xmlFreeParserCtxt(context) }
            let retained = Unmanaged.passRetained(collector)
            defer { retained.release() }
            context.pointee._private = retained.toOpaque()
            context.pointee.sax.pointee.internalSubset = refuseDoctype
            context.pointee.sax.pointee.serror = collectParserProblem
            // Entities are never substituted (no XML_PARSE_NOENT), no DTD is loaded or validated,
            // and the network is off: the classic XXE and entity-expansion attacks have nothing to use.
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)
            xmlCtxtUseOptions(context, options)
            _ = xmlParseDocument(context)
            let document = context.pointee.myDoc
            context.pointee.myDoc = nil
            if context.pointee.wellFormed == 0 || collector.doctypeLine != nil || !collector.problems.isEmpty {
                if let document { xmlFreeDoc(document) }
                return nil
            }
            return document
        }
        if let line = collector.doctypeLine {
            throw FormatError(
                .doctypeRefused,
                at: SourceLocation(file: file, line: line, column: 1),
                fix: .advice(.removeDoctype))
        }
        guard let parsed else {
            throw FormatError(
                collector.problems.isEmpty
                    ? [FileProblem(.notWellFormedXML, at: SourceLocation(file: file))]
                    : collector.problems)
        }
        self.document = parsed
        self.data = data
    }

    /// Parses the file at `url`, naming it `file` in messages.
    public convenience init(contentsOf url: URL, file: String? = nil) throws(FormatError) {
        let name = file ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw FormatError(
                .cannotReadFile, ["detail": "\(error.localizedDescription)"], at: SourceLocation(file: name),
                fix: .advice(.checkPath))
        }
        try self.init(data: data, file: name)
    }

    deinit { xmlFreeDoc(document) }

    /// The document's root element.
    public var root: XMLElement? {
        guard let node = xmlDocGetRootElement(document) else { return nil }
        return XMLElement(node: node, source: self)
    }

    /// The location of an element: its line, and the column of its start tag on that line.
    public func location(of element: XMLElement) -> SourceLocation {
        SourceLocation(file: file, line: element.line, column: column(of: element.name, onLine: element.line))
    }

    /// Finds the column of `<name` on a line; libxml2 reports lines but not columns for nodes.
    func column(of elementName: String?, onLine line: Int) -> Int? {
        let starts = lineStarts
        guard line >= 1, line <= starts.count else { return nil }
        let end = line < starts.count ? starts[line] - 1 : data.count
        let text = String(decoding: data[(data.startIndex + starts[line - 1])..<(data.startIndex + end)], as: UTF8.self)
        if let elementName, let range = text.range(of: "<" + elementName) {
            return text.distance(from: text.startIndex, to: range.lowerBound) + 1
        }
        return text.firstIndex(where: { !$0.isWhitespace }).map { text.distance(from: text.startIndex, to: $0) + 1 }
    }
}

/// Gathers libxml2's structured errors for one parse or validation.
final class XMLProblemCollector {
    let file: String
    var problems: [FileProblem] = []
    var doctypeLine: Int?
    /// Set by the validator so that schema errors can be given a column.
    weak var source: XMLSource?

    init(file: String) { self.file = file }

    func add(_ error: xmlError) {
        guard problems.count < 100 else { return }
        var message = error.message.map { String(cString: $0) } ?? "unknown XML error"
        message = XMLProblemCollector.tidy(message)
        let line = Int(error.line)
        var column: Int? = error.int2 > 0 ? Int(error.int2) : nil
        var elementName: String?
        if let node = error.node?.assumingMemoryBound(to: xmlNode.self), let name = node.pointee.name {
            elementName = String(cString: name)
        }
        if column == nil, let source, line > 0 {
            column = source.column(of: elementName, onLine: line)
        }
        let location = SourceLocation(file: file, line: line > 0 ? line : nil, column: column)
        problems.append(
            FileProblem(
                parserSaid: message, framedAs: XMLProblemCollector.frame(for: error), at: location,
                fix: XMLProblemCollector.fix(for: error, message: message).map(Fix.advice)))
    }

    /// libxml2's messages name elements as `{namespace}name` and end with a newline; people
    /// need neither.
    static func tidy(_ message: String) -> String {
        var text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        while let open = text.range(of: "{"), let close = text.range(of: "}", range: open.upperBound..<text.endIndex) {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// What the problem is in the reader's language, libxml2's own sentence being English only.
    static func frame(for error: xmlError) -> FileRule {
        switch error.domain {
        case Int32(XML_FROM_SCHEMASV.rawValue): return .schemaSaid
        case Int32(XML_FROM_SCHEMASP.rawValue): return .schemaCompilerSaid
        default: return .xmlParserSaid
        }
    }

    static func fix(for error: xmlError, message: String) -> Advice? {
        if error.domain == Int32(XML_FROM_SCHEMASV.rawValue) {
            if message.contains("Missing child element") { return .addElement }
            if message.contains("is not expected") {
                return .moveElement
            }
            if message.contains("attribute") && message.contains("is required") { return .addAttribute }
            if message.contains("Duplicate key-sequence") { return .uniqueNodeNumbers }
            return .matchSchema
        }
        if error.domain == Int32(XML_FROM_PARSER.rawValue) {
            return .repairXML
        }
        return nil
    }
}

private let refuseDoctype: internalSubsetSAXFunc = { context, _, _, _ in
    guard let context else { return }
    let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
    if let opaque = parser.pointee._private {
        let collector = Unmanaged<XMLProblemCollector>.fromOpaque(opaque).takeUnretainedValue()
        collector.doctypeLine = parser.pointee.input.map { Int($0.pointee.line) } ?? 1
    }
    xmlStopParser(parser)
}

private let collectParserProblem: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let parser = userData.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let opaque = parser.pointee._private else { return }
    let collector = Unmanaged<XMLProblemCollector>.fromOpaque(opaque).takeUnretainedValue()
    // Once the DOCTYPE is refused, the stop itself raises errors that would only confuse.
    if collector.doctypeLine == nil { collector.add(error.pointee) }
}

let collectSchemaProblem: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    Unmanaged<XMLProblemCollector>.fromOpaque(userData).takeUnretainedValue().add(error.pointee)
}
