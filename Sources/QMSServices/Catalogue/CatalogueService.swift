import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// What loading the Standards folder did, file by file.
public struct LibraryLoadReport: Sendable, Codable {
    /// One line per file.
    public struct Entry: Sendable, Codable {
        public var file: String
        /// The standard id or `from>to` of a crosswalk.
        public var subject: String
        /// `loaded`, `updated` or `unchanged`.
        public var outcome: String
        /// Texts that will be shown in English for want of Arabic.
        public var missingArabic: Int
    }
    public var entries: [Entry] = []
}

/// What an import did.
public struct ImportReport: Sendable, Codable {
    /// `catalogue`, `crosswalk`, `oscal-xml` or `oscal-json`.
    public var kind: String
    /// The standard id, or `from>to` for a crosswalk.
    public var subject: String
    /// `loaded`, `updated` or `unchanged`.
    public var outcome: String
    /// Number of requirements (catalogues) or entries (crosswalks).
    public var count: Int
    /// Texts without Arabic, with their locations.
    public var missingArabic: [FileProblem]
}

/// A requirement evidence can be linked to, as a picker offers it.
public struct RequirementChoice: Sendable, Codable, Hashable {
    /// `iso-9001-2015:7.5.3`, what a form sends.
    public var key: RequirementKey
    /// The number as the standard prints it (`7.5.3`, or an OSCAL label).
    public var number: String
    public var title: LocalizedText
    /// The standard's title, to tell the same clause of two standards apart.
    public var standardTitle: LocalizedText
}

/// A standard as listed: identity, status and size.
public struct StandardSummary: Sendable, Codable {
    public var id: String
    public var edition: String
    public var title: LocalizedText
    public var publisher: String
    public var status: String
    public var replacedBy: String?
    public var basedOn: String?
    public var origin: String
    /// All nodes of the tree.
    public var nodes: Int
    /// Nodes evidence is logged against (the leaves).
    public var requirements: Int
    /// Nodes excluded by the statement of applicability.
    public var excluded: Int
}

/// One node as shown by `catalogue show`.
public struct RequirementView: Sendable, Codable {
    /// What people are shown as the node's number: its label when it has one.
    public var displayNumber: String { label ?? number }
    public var key: RequirementKey
    public var number: String
    public var parent: String?
    /// Depth below the node that was asked for.
    public var depth: Int
    public var kind: RequirementKind
    public var title: LocalizedText
    public var summary: LocalizedText
    public var documentedInformation: [DocumentedInformation]
    public var electoralProcesses: [ElectoralProcess]
    public var evidenceHints: [LocalizedText]
    public var amendment: String?
    /// The number as the source catalogue writes it, when it differs (`VR-1(1)` for `VR-1.1`).
    public var label: String?
    /// Set when the statement of applicability excludes the node (directly or from above).
    public var exclusion: String?
}

/// Where evidence for one requirement also counts.
public struct CrosswalkView: Sendable, Codable {
    public struct Credit: Sendable, Codable {
        public var key: RequirementKey
        public var title: LocalizedText?
        public var credit: CrosswalkCredit
        public var path: [RequirementKey]
    }
    public var key: RequirementKey
    public var title: LocalizedText
    public var credits: [Credit]
}

/// Loading, importing and browsing requirement catalogues and crosswalks.
public struct CatalogueService: Sendable {
    let qms: QMS

    /// A catalogue or crosswalk file, read and validated, with its fingerprint.
    public struct ReadFile: Sendable {
        public enum Content: Sendable {
            case catalogue(CatalogueFile)
            case crosswalk(CrosswalkFile)
        }
        public var content: Content
        public var file: String
        public var sha256: String
    }

    /// Reads and validates every file of the Standards folder, without touching any database.
    public static func readLibrary(_ library: StandardsLibrary) throws -> [ReadFile] {
        let catalogueReader = try library.catalogueReader()
        let crosswalkReader = try library.crosswalkReader()
        var files: [ReadFile] = []
        for url in try library.catalogueFiles() {
            let (data, name) = try load(url)
            files.append(
                ReadFile(
                    content: .catalogue(try catalogueReader.read(data: data, file: name)), file: name,
                    sha256: Fingerprint.sha256(data)))
        }
        for url in try library.crosswalkFiles() {
            let (data, name) = try load(url)
            files.append(
                ReadFile(
                    content: .crosswalk(try crosswalkReader.read(data: data, file: name)), file: name,
                    sha256: Fingerprint.sha256(data)))
        }
        return files
    }

    static func load(_ url: URL) throws -> (Data, String) {
        let name = displayName(url)
        do {
            return (try Data(contentsOf: url), name)
        } catch {
            throw ServiceError.cannotReadFile(path: name, reason: error.localizedDescription)
        }
    }

    /// A path as people would type it: relative to the working folder when inside it.
    static func displayName(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let current = FileManager.default.currentDirectoryPath
        return path.hasPrefix(current + "/") ? String(path.dropFirst(current.count + 1)) : path
    }

    /// Stores already-read files in one transaction: new ones are loaded, revised ones updated,
    /// identical ones skipped. Catalogues go before crosswalks, which refer to them.
    public func load(_ files: [ReadFile]) async throws -> LibraryLoadReport {
        let actor = qms.actor
        let report = try await qms.store.writing(actor: actor) { writer in
            var report = LibraryLoadReport()
            let ordered =
                files.filter { if case .catalogue = $0.content { true } else { false } }
                + files.filter { if case .crosswalk = $0.content { true } else { false } }
            for file in ordered {
                switch file.content {
                case .catalogue(let catalogueFile):
                    let outcome = try CatalogueService.store(
                        catalogueFile.catalogue, file: file.file, sha256: file.sha256, replace: true, writer: writer)
                    report.entries.append(
                        .init(
                            file: file.file, subject: catalogueFile.catalogue.standard.id.rawValue, outcome: outcome,
                            missingArabic: catalogueFile.missingArabic.count))
                case .crosswalk(let crosswalkFile):
                    let outcome = try CatalogueService.store(
                        crosswalkFile.crosswalk, file: file.file, sha256: file.sha256, writer: writer)
                    report.entries.append(
                        .init(
                            file: file.file, subject: "\(crosswalkFile.crosswalk.from)>\(crosswalkFile.crosswalk.to)",
                            outcome: outcome, missingArabic: 0))
                }
            }
            return report
        }
        qms.logger.info("standards loaded", metadata: ["files": "\(report.entries.count)"])
        return report
    }

    static func store(_ catalogue: Catalogue, file: String, sha256: String, replace: Bool, writer: StoreWriter) throws
        -> String
    {
        if let existing = try writer.reader.catalogueSource(catalogue.standard.id) {
            if existing.sha256 == sha256 { return "unchanged" }
            guard replace else {
                throw DomainError.alreadyExists(
                    kind: .standard, id: catalogue.standard.id.rawValue,
                    hint: .run(.replaceCatalogue)
                )
            }
            try writer.replaceCatalogue(catalogue, sourceFile: file, sha256: sha256)
            return "updated"
        }
        try writer.insertCatalogue(catalogue, sourceFile: file, sha256: sha256)
        return "loaded"
    }

    static func store(_ crosswalk: Crosswalk, file: String, sha256: String, writer: StoreWriter) throws -> String {
        let existing = try writer.session.queryFirst(
            "SELECT source_sha256 FROM crosswalks WHERE from_standard = ? AND to_standard = ?", crosswalk.from.rawValue,
            crosswalk.to.rawValue)
        if existing?.optionalString("source_sha256") == sha256 { return "unchanged" }
        try writer.saveCrosswalk(crosswalk, sourceFile: file, sha256: sha256)
        return existing == nil ? "loaded" : "updated"
    }

    /// Imports one file: an ElectoralQMS catalogue or crosswalk, or an OSCAL catalog (XML or JSON).
    /// All or nothing: a file with any problem changes nothing.
    /// - Parameters:
    ///   - id: the standard id for an OSCAL catalog (derived from its title when nil).
    ///   - replace: load a catalogue whose standard is already loaded as a revision of it.
    ///   - library: where the schemas are.
    public func importFile(_ url: URL, id: StandardID? = nil, replace: Bool = false, library: StandardsLibrary)
        async throws -> ImportReport
    {
        let (data, name) = try CatalogueService.load(url)
        let sha256 = Fingerprint.sha256(data)
        let kind = try CatalogueFileKind.detect(data, file: name)
        switch kind {
        case .catalogue:
            let file = try library.catalogueReader().read(data: data, file: name)
            let catalogue = file.catalogue
            let outcome = try await qms.store.writing(actor: qms.actor) { writer in
                try CatalogueService.store(catalogue, file: name, sha256: sha256, replace: replace, writer: writer)
            }
            return ImportReport(
                kind: kind.rawValue, subject: catalogue.standard.id.rawValue, outcome: outcome,
                count: catalogue.requirements.count, missingArabic: file.missingArabic)
        case .crosswalk:
            let crosswalk = try library.crosswalkReader().read(data: data, file: name).crosswalk
            let outcome = try await qms.store.writing(actor: qms.actor) { writer in
                try CatalogueService.store(crosswalk, file: name, sha256: sha256, writer: writer)
            }
            return ImportReport(
                kind: kind.rawValue, subject: "\(crosswalk.from)>\(crosswalk.to)", outcome: outcome,
                count: crosswalk.entries.count, missingArabic: [])
        case .oscalXML, .oscalJSON:
            let catalogue = try OSCALCatalogReader.read(data: data, file: name, id: id)
            let outcome = try await qms.store.writing(actor: qms.actor) { writer in
                try CatalogueService.store(catalogue, file: name, sha256: sha256, replace: replace, writer: writer)
            }
            return ImportReport(
                kind: kind.rawValue, subject: catalogue.standard.id.rawValue, outcome: outcome,
                count: catalogue.requirements.count, missingArabic: [])
        }
    }

    /// Every loaded standard with its size and exclusions.
    public func list() async throws -> [StandardSummary] {
        try await qms.store.reading { reader in
            let decisions = try reader.applicability()
            return try reader.catalogues().map { catalogue in
                let statement = StatementOfApplicability(catalogue: catalogue, decisions: decisions)
                let standard = catalogue.standard
                var replacedBy: String?
                if case .withdrawn(let replacement) = standard.status { replacedBy = replacement?.rawValue }
                return StandardSummary(
                    id: standard.id.rawValue, edition: standard.edition, title: standard.title,
                    publisher: standard.publisher, status: standard.status.name, replacedBy: replacedBy,
                    basedOn: standard.basedOn?.rawValue, origin: standard.origin.rawValue,
                    nodes: catalogue.requirements.count, requirements: catalogue.leaves.count,
                    excluded: catalogue.leaves.filter { statement.isExcluded($0.number) }.count)
            }
        }
    }

    /// Every requirement of every loaded standard, current standards first, for the
    /// requirement pickers of the forms.
    public func requirementChoices() async throws -> [RequirementChoice] {
        let catalogues = try await qms.store.reading { reader in try reader.catalogues() }
        let ordered = catalogues.sorted { left, right in
            let rank = { (catalogue: Catalogue) -> Int in
                switch catalogue.standard.status {
                case .current: return 0
                case .draft: return 1
                case .withdrawn: return 2
                }
            }
            return (rank(left), left.standard.id.rawValue) < (rank(right), right.standard.id.rawValue)
        }
        return ordered.flatMap { catalogue in
            catalogue.requirements.map { requirement in
                RequirementChoice(
                    key: requirement.key, number: requirement.displayNumber, title: requirement.title,
                    standardTitle: catalogue.standard.title)
            }
        }
    }

    /// A loaded catalogue, or a clear error naming the loaded ones.
    public func catalogue(_ id: StandardID) async throws -> Catalogue {
        let found = try await qms.store.reading { reader in try reader.catalogue(id) }
        guard let found else { throw try await notFound(id) }
        return found
    }

    private func notFound(_ id: StandardID) async throws -> DomainError {
        let loaded = try await qms.store.reading { reader in try reader.standards().map(\.id.rawValue) }
        return .notFound(
            kind: .standard, id: id.rawValue,
            hint: loaded.isEmpty ? .run(.initialise) : .advice(.loaded(loaded))
        )
    }

    /// A whole catalogue, or the subtree under one number, in reading order.
    public func show(_ id: StandardID, number: String? = nil) async throws -> (Standard, [RequirementView]) {
        let catalogue = try await catalogue(id)
        let decisions = try await qms.store.reading { reader in try reader.applicability(standard: id) }
        let statement = StatementOfApplicability(catalogue: catalogue, decisions: decisions)
        let nodes: [(requirement: Requirement, depth: Int)]
        if let number {
            guard catalogue.contains(number) else {
                throw DomainError.notFound(
                    kind: .requirement, id: "\(id):\(number)",
                    hint: .advice(.topClauses(standard: "\(id)", clauses: catalogue.children(of: nil).map(\.number))))
            }
            nodes = catalogue.subtree(of: number)
        } else {
            nodes = catalogue.children(of: nil).flatMap { catalogue.subtree(of: $0.number) }
        }
        let views = nodes.map { node in
            let requirement = node.requirement
            return RequirementView(
                key: requirement.key, number: requirement.number, parent: requirement.parentNumber, depth: node.depth,
                kind: requirement.kind, title: requirement.title, summary: requirement.summary,
                documentedInformation: requirement.documentedInformation,
                electoralProcesses: requirement.electoralProcesses, evidenceHints: requirement.evidenceHints,
                amendment: requirement.amendment, label: requirement.label,
                exclusion: statement.exclusion(of: requirement.number)?.justification)
        }
        return (catalogue.standard, views)
    }

    /// The requirements of other standards that evidence for `key` counts towards, through the crosswalks.
    public func crosswalk(_ key: RequirementKey) async throws -> CrosswalkView {
        let (catalogues, crosswalks) = try await qms.store.reading { reader in
            (try reader.catalogues(), try reader.crosswalks())
        }
        guard let catalogue = catalogues.first(where: { $0.standard.id == key.standard }) else {
            throw try await notFound(key.standard)
        }
        guard let requirement = catalogue.requirement(key.number) else {
            throw DomainError.notFound(
                kind: .requirement, id: key.description,
                hint: .lookUp(.standard, scope: key.standard.rawValue))
        }
        let byStandard = Dictionary(uniqueKeysWithValues: catalogues.map { ($0.standard.id, $0) })
        let credits = CrosswalkIndex(crosswalks).credits(for: key).map { path in
            CrosswalkView.Credit(
                key: path.key, title: byStandard[path.key.standard]?.requirement(path.key.number)?.title,
                credit: path.credit, path: path.path)
        }
        return CrosswalkView(key: key, title: requirement.title, credits: credits)
    }
}
