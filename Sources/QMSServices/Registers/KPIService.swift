import Foundation
import QMSCore
import QMSFormats
import QMSStore

/// Monitoring and measurement (ISO 9001 9.1): indicators measured over time, including voter and
/// stakeholder perception data (9.1.2), with their trend. An indicator with measurements is
/// evidence for 9.1.1 or 9.1.2, due again when its next measurement is.
///
/// The strategic plan's KPIs live in plan sets (`eqms plan`), with baselines, yearly targets and
/// the actuals a plan file reports; an indicator here may name the plan KPI it follows.
public struct KPIService: Sendable {
    let qms: QMS

    /// Defines an indicator under its code.
    @discardableResult
    public func add(_ draft: KPIDraft) async throws -> MonitoredKPI {
        try draft.validate()
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            guard try writer.reader.monitoredKPIs(code: draft.code).isEmpty else {
                throw DomainError.alreadyExists(kind: .kpi, id: draft.code.description, hint: .advice(.anotherCode))
            }
            try RegisterChecks.requirementsExist(draft.requirements, writer.reader)
            let kpi = MonitoredKPI(content: draft, recordedAt: writer.instant, recordedBy: actor)
            try writer.saveKPI(kpi, before: nil, action: "kpi.add")
            return kpi
        }
    }

    /// Records a measurement (today, unless `on` is given).
    @discardableResult
    public func measure(
        _ code: RegisterCode, value: DecimalValue, on day: CalendarDate? = nil, period: String? = nil,
        source: String? = nil, note: String? = nil
    ) async throws -> MonitoredKPI {
        let actor = qms.actor
        return try await qms.store.writing(actor: actor, at: qms.now()) { writer in
            guard let before = try writer.reader.monitoredKPIs(code: code).first else {
                throw RegisterChecks.notFound(.kpi, code, record: .kpi)
            }
            let today = writer.instant.date
            let measuredOn = day ?? today
            guard measuredOn <= today else {
                throw DomainError.ruleViolated(
                    .measurementInFuture, ["day": "\(measuredOn)"], fix: .advice(.dayUpTo(day: "\(today)")))
            }
            var after = try before.measuring(
                value, on: measuredOn, period: period, source: source, note: note, by: actor)
            after.evidence = try RegisterEvidence.sync(
                after.evidenceSpec, current: before.evidence, reason: "", writer: writer)
            try writer.saveKPI(after, before: before, action: "kpi.measure")
            return after
        }
    }

    /// One indicator with its measurements and what needs attention today.
    public func show(_ code: RegisterCode) async throws -> RegisterEntry<MonitoredKPI> {
        guard let kpi = try await qms.store.reading({ try $0.monitoredKPIs(code: code) }).first else {
            throw RegisterChecks.notFound(.kpi, code, record: .kpi)
        }
        return RegisterEntry(kpi, alerts: kpi.alerts(on: qms.today), status: kpi.trend?.rawValue)
    }

    /// The indicators, or those of one category.
    public func list(category: KPICategory? = nil) async throws -> [RegisterEntry<MonitoredKPI>] {
        let today = qms.today
        return try await qms.store.reading { try $0.monitoredKPIs() }
            .filter { category == nil || $0.content.category == category }
            .map { RegisterEntry($0, alerts: $0.alerts(on: today), status: $0.trend?.rawValue) }
    }

    /// Writes every measurement of every indicator to a CSV file (one row per measurement); returns the number of rows.
    @discardableResult
    public func exportCSV(to url: URL) async throws -> Int {
        let kpis = try await qms.store.reading { try $0.monitoredKPIs() }
        return try RegisterChecks.write(RegistersCSV.kpis(kpis), to: url)
    }
}

extension QMS {
    /// Monitoring and measurement: KPIs over time (ISO 9001 9.1).
    public var kpis: KPIService { KPIService(qms: self) }
}
