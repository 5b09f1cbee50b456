import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// Documented information under control (ISO 9001 7.5): the master list of controlled documents,
/// their versions from draft to issue, periodic review, distribution, and obsolete versions kept
/// and marked. An issued document is evidence for the requirements it names.
public struct DocumentService: Sendable {
    let qms: QMS

    /// Registers a document; its version 1 is a draft written by the actor.
    @discardableResult
    public func add(_ draft: DocumentDraft, changes: String? = nil) async throws -> ControlledDocument {
        try draft.validate()
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            let reader = writer.reader
            guard try reader.controlledDocuments(code: draft.code).isEmpty else {
                throw DomainError.alreadyExists(
                    kind: .document, id: draft.code.description,
                    hint: .run(.reviseDocument(draft.code.description)))
            }
            try RegisterChecks.requirementsExist(draft.requirements, reader)
            let document = ControlledDocument.drafted(draft, changes: changes, by: actor, at: writer.instant)
            try writer.saveDocument(document, before: nil, action: "document.add")
            return document
        }
    }

    /// Sends the version in draft to review.
    @discardableResult
    public func submit(_ code: RegisterCode) async throws -> ControlledDocument {
        try await advance(code, to: .inReview, note: nil, action: "document.submit")
    }

    /// Approves the version in review; not by its author.
    @discardableResult
    public func approve(_ code: RegisterCode) async throws -> ControlledDocument {
        try await advance(code, to: .approved, note: nil, action: "document.approve")
    }

    /// Returns the version in review to its author, with what must change.
    @discardableResult
    public func reject(_ code: RegisterCode, note: String) async throws -> ControlledDocument {
        try await advance(code, to: .draft, note: note, action: "document.reject")
    }

    /// Issues the approved version; not by its author. The version issued before becomes obsolete,
    /// and the document becomes (or stays) evidence for its requirements.
    @discardableResult
    public func issue(_ code: RegisterCode) async throws -> ControlledDocument {
        try await advance(code, to: .issued, note: nil, action: "document.issue")
    }

    /// Makes the issued document obsolete, with the reason: kept and marked, never issued again,
    /// and no longer evidence.
    @discardableResult
    public func obsolete(_ code: RegisterCode, reason: String) async throws -> ControlledDocument {
        try await advance(code, to: .obsolete, note: reason, action: "document.obsolete")
    }

    /// Starts a new version in draft; the issued one stays in force until the new one is issued.
    @discardableResult
    public func revise(_ code: RegisterCode, changes: String) async throws -> ControlledDocument {
        let actor = qms.actor
        return try await update(code, action: "document.revise") { document, day in
            try document.revising(changes: changes, by: actor, on: day)
        }
    }

    /// Records a periodic review that changed nothing: the next review moves on by the interval.
    @discardableResult
    public func review(_ code: RegisterCode, note: String?) async throws -> ControlledDocument {
        let actor = qms.actor
        return try await update(code, action: "document.review") { document, day in
            try document.reviewed(by: actor, on: day, note: note)
        }
    }

    /// Adds holders of controlled copies.
    @discardableResult
    public func distribute(_ code: RegisterCode, to holders: [String]) async throws -> ControlledDocument {
        try await update(code, action: "document.distribute") { document, _ in
            let updated = document.distributing(to: holders)
            guard updated != document else {
                throw DomainError.ruleViolated(.nobodyNewToDistribute, fix: .give(["to"]))
            }
            try updated.content.validate()
            return updated
        }
    }

    /// One document with every version and what needs attention today.
    public func show(_ code: RegisterCode) async throws -> RegisterEntry<ControlledDocument> {
        let documents = try await qms.store.reading { try $0.controlledDocuments(code: code) }
        guard let document = documents.first else {
            throw RegisterChecks.notFound(.document, code, record: .document)
        }
        return DocumentService.entry(document, on: qms.today)
    }

    /// The master list; without `includeObsolete`, only documents not obsolete.
    public func list(includeObsolete: Bool = true, status: DocumentStatus? = nil) async throws
        -> [RegisterEntry<ControlledDocument>]
    {
        let today = qms.today
        return try await qms.store.reading { try $0.controlledDocuments() }
            .filter { (includeObsolete || !$0.isObsolete) && (status == nil || $0.status == status) }
            .map { DocumentService.entry($0, on: today) }
    }

    /// Writes the master list to a CSV file; returns the number of rows.
    @discardableResult
    public func exportCSV(to url: URL) async throws -> Int {
        let documents = try await qms.store.reading { try $0.controlledDocuments() }
        return try RegisterChecks.write(RegistersCSV.documents(documents, asOf: qms.today), to: url)
    }

    static func entry(_ document: ControlledDocument, on day: CalendarDate) -> RegisterEntry<ControlledDocument> {
        RegisterEntry(document, alerts: document.alerts(on: day), status: document.status.rawValue)
    }

    private func advance(_ code: RegisterCode, to target: DocumentStatus, note: String?, action: String) async throws
        -> ControlledDocument
    {
        let actor = qms.actor
        let document = try await update(code, action: action) { document, day in
            try document.advancing(to: target, by: actor, on: day, note: note)
        }
        qms.logger.info(
            "document advanced", metadata: ["code": "\(code)", "status": "\(target.rawValue)", "actor": "\(actor)"])
        return document
    }

    private func update(
        _ code: RegisterCode, action: String,
        _ change: @escaping @Sendable (ControlledDocument, CalendarDate) throws -> ControlledDocument
    ) async throws -> ControlledDocument {
        try await qms.store.writing(actor: qms.actor, at: qms.now()) { writer in
            guard let before = try writer.reader.controlledDocuments(code: code).first else {
                throw RegisterChecks.notFound(.document, code, record: .document)
            }
            var after = try change(before, writer.instant.date)
            after.evidence = try RegisterEvidence.sync(
                after.evidenceSpec, current: before.evidence,
                reason: "\(code) is \(after.status.rawValue): no version of it is in force", writer: writer)
            try writer.saveDocument(after, before: before, action: action)
            return after
        }
    }
}

extension QMS {
    /// Controlled documents (ISO 9001 7.5).
    public var documents: DocumentService { DocumentService(qms: self) }
}
