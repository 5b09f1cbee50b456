import Foundation
import QMSCore
import QMSStore

/// How one register stands: its size and what needs attention, for the index page and the CLI.
public struct RegisterSummary: Sendable, Codable {
    /// `documents`, `risks`, `parties`, `processes`, `providers`, `training`, `kpis`, `context`, `roles`.
    public var register: String
    /// The clause of ISO 9001 it answers.
    public var clause: String
    public var entries: Int
    /// Entries in the state that makes them evidence.
    public var evidence: Int
    public var alerts: Int
}

/// All the quality registers at once: for the web index, and for audit dossiers, which show them
/// as they were on the dossier's as-of day.
public struct RegistersService: Sendable {
    let qms: QMS

    /// Every register now, or as it stood at the end of `asOf` (read back from the audit trail).
    public func all(asOf: CalendarDate? = nil) async throws -> QualityRegisters {
        try await qms.store.reading { reader in
            if let asOf { return try reader.qualityRegisters(asOf: asOf) }
            return try reader.qualityRegisters()
        }
    }

    /// The registers as of `day`, inside a read transaction someone else holds (a dossier export).
    public static func all(asOf day: CalendarDate, reader: StoreReader) throws -> QualityRegisters {
        try reader.qualityRegisters(asOf: day)
    }

    /// One line per register: entries, those that are evidence, and alerts today.
    public func summary() async throws -> [RegisterSummary] {
        let registers = try await all()
        return RegistersService.summary(registers, on: qms.today)
    }

    /// One line per register of `registers` on `day`.
    public static func summary(_ registers: QualityRegisters, on day: CalendarDate) -> [RegisterSummary] {
        func line(_ name: String, _ clause: String, _ entries: Int, _ evidence: Int, _ alerts: Int) -> RegisterSummary {
            RegisterSummary(register: name, clause: clause, entries: entries, evidence: evidence, alerts: alerts)
        }
        return [
            line(
                "context", "4.1", registers.contextIssues.count, registers.contextIssues.count,
                registers.contextIssues.flatMap { $0.alerts(on: day) }.count),
            line(
                "parties", "4.2", registers.parties.count, registers.parties.count,
                registers.parties.flatMap { $0.alerts(on: day) }.count),
            line(
                "processes", "4.4", registers.processes.count, registers.processes.count,
                registers.processes.flatMap { $0.alerts(on: day) }.count),
            line(
                "risks", "6.1", registers.risks.count, registers.risks.count,
                registers.risks.flatMap { $0.alerts(on: day) }.count),
            line("roles", "7.2", registers.roles.count, 0, 0),
            line(
                "training", "7.2", registers.trainings.count,
                registers.trainings.filter { $0.evidenceSpec != nil }.count,
                registers.trainings.flatMap { $0.alerts(on: day) }.count),
            line(
                "documents", "7.5", registers.documents.count, registers.documents.filter { $0.inForce != nil }.count,
                registers.documents.flatMap { $0.alerts(on: day) }.count),
            line(
                "providers", "8.4", registers.providers.count,
                registers.providers.filter { $0.status == .approved }.count,
                registers.providers.flatMap { $0.alerts(on: day) }.count),
            line(
                "kpis", "9.1", registers.kpis.count, registers.kpis.filter { !$0.measurements.isEmpty }.count,
                registers.kpis.flatMap { $0.alerts(on: day) }.count),
        ]
    }
}

extension QMS {
    /// All the quality registers at once (web index, dossiers).
    public var registers: RegistersService { RegistersService(qms: self) }
}
