import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// The processes of the quality management system and the process map (ISO 9001 4.4): each
/// process with its owner, inputs, outputs, KPIs and interactions; the eight electoral
/// processes among them.
public struct ProcessService: Sendable {
    let qms: QMS

    /// Registers a process under its code.
    @discardableResult
    public func add(_ draft: ProcessDraft) async throws -> QMSProcess {
        try draft.validate()
        let actor = qms.actor
        let day = qms.today
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            let reader = writer.reader
            guard try reader.qmsProcesses(code: draft.code).isEmpty else {
                throw DomainError.alreadyExists(
                    kind: .process, id: draft.code.description, hint: .advice(.anotherCode))
            }
            if let electoral = draft.electoralProcess,
                let other = try reader.qmsProcesses().first(where: { $0.content.electoralProcess == electoral })
            {
                throw DomainError.ruleViolated(
                    .electoralProcessTaken, ["electoral": "\(electoral.rawValue)", "id": "\(other.content.code)"],
                    fix: .advice(.oneProcessPerElectoralProcess))
            }
            try RegisterChecks.requirementsExist(draft.requirements, reader)
            var process = QMSProcess(content: draft, recordedAt: writer.instant, recordedBy: actor)
            process.evidence = try RegisterEvidence.sync(
                process.evidenceSpec(on: day), current: nil, reason: "", writer: writer)
            try writer.saveProcess(process, before: nil, action: "process.add")
            return process
        }
    }

    /// Records a review of a process and sets the next one.
    @discardableResult
    public func review(_ code: RegisterCode, next: CalendarDate?, note: String?) async throws -> QMSProcess {
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            guard let before = try writer.reader.qmsProcesses(code: code).first else {
                throw RegisterChecks.notFound(.process, code, record: .process)
            }
            let day = writer.instant.date
            var after = try before.reviewing(next: next, note: note, by: actor, on: day)
            after.evidence = try RegisterEvidence.sync(
                after.evidenceSpec(on: day), current: before.evidence, reason: "", writer: writer)
            try writer.saveProcess(after, before: before, action: "process.review")
            return after
        }
    }

    /// One process with what needs attention today.
    public func show(_ code: RegisterCode) async throws -> RegisterEntry<QMSProcess> {
        guard let process = try await qms.store.reading({ try $0.qmsProcesses(code: code) }).first else {
            throw RegisterChecks.notFound(.process, code, record: .process)
        }
        return RegisterEntry(process, alerts: process.alerts(on: qms.today), status: process.content.category.rawValue)
    }

    /// The processes, in code order.
    public func list() async throws -> [RegisterEntry<QMSProcess>] {
        let today = qms.today
        return try await qms.store.reading { try $0.qmsProcesses() }.map {
            RegisterEntry($0, alerts: $0.alerts(on: today), status: $0.content.category.rawValue)
        }
    }

    /// The process map: interactions both ways, and which electoral processes are covered.
    public func map() async throws -> ProcessMap {
        ProcessMap(try await qms.store.reading { try $0.qmsProcesses() })
    }

    /// Writes the processes to a CSV file; returns the number of rows.
    @discardableResult
    public func exportCSV(to url: URL) async throws -> Int {
        let processes = try await qms.store.reading { try $0.qmsProcesses() }
        return try RegisterChecks.write(RegistersCSV.processes(processes), to: url)
    }
}

extension QMS {
    /// The processes and the process map (ISO 9001 4.4).
    public var processes: ProcessService { ProcessService(qms: self) }
}
