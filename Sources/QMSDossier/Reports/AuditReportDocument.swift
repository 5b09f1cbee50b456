import Crypto
import Foundation
import QMSCore
import QMSPresentation

/// What an audit report is made from: the audit as recorded (its plan, checklist and report) and
/// the findings raised against it, read from the nonconformity register, never re-typed.
public struct AuditReportContent: Sendable, Encodable {
    public var audit: Audit
    /// The nonconformities, observations and opportunities for improvement raised from the audit.
    public var findings: [Nonconformity]
    public var organisation: Organisation?

    /// Creates the content; the findings are kept in identifier order.
    public init(audit: Audit, findings: [Nonconformity], organisation: Organisation?) {
        self.audit = audit
        self.findings = findings.sorted { $0.id < $1.id }
        self.organisation = organisation
    }

    private enum Keys: String, CodingKey { case format, audit, findings }

    /// The data of the report as `report.json` holds it: the audit and its findings.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(AuditReportDocument.formatName, forKey: .format)
        try container.encode(audit, forKey: .audit)
        try container.encode(findings, forKey: .findings)
    }
}

/// The audit report of ISO 19011 6.5 (audit, scope, criteria, plan, team, meetings, checklist,
/// findings, conclusion, recommendation on certification) as one HTML file in the reader's
/// language, a PDF printed from it, and a signed package that `eqms dossier verify` checks.
///
/// The package is signed exactly as a dossier is: the same `manifest.json` (format
/// `electoralqms-dossier`, so that the one verifier reads both), the same Ed25519 key and
/// `manifest.sig`. PDFs go beside it, outside the manifest, because Chromium stamps them with the
/// time they were printed.
public enum AuditReportDocument {
    /// The name `report.json` carries.
    public static let formatName = "electoralqms-audit-report"

    /// The report's HTML file name: `AUD-2026-01-report.html`.
    public static func fileName(_ id: AuditID, extension ext: String = "html") -> String { "\(id)-report.\(ext)" }

    /// The report in `language` as a complete HTML document, styles inside.
    public static func html(
        _ content: AuditReportContent, language: Language, prepared: CalendarDate
    ) throws(DossierError) -> String {
        let templates = try DossierTemplates.load(names: ["auditreport"], cssPartials: ["quarterly"])
        return try templates.render("auditreport", values(content, language: language, prepared: prepared))
    }

    /// `report.json`: the audit and its findings, keys sorted, the same bytes every time.
    public static func json(_ content: AuditReportContent) throws(DossierError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(content)
        } catch {
            throw .cannotWrite(path: "report.json", reason: "\(error)")
        }
    }

    /// Prints `html` to a PDF at `url` with headless Chromium (see ``QuarterlyReport/pdf(_:to:)``).
    public static func pdf(_ html: String, to url: URL) throws(DossierError) {
        try PDFPrinter.print(html: html, to: url)
    }

    /// What ``export(_:languages:key:to:pdf:prepared:)`` wrote.
    public struct Exported: Sendable, Codable {
        /// The folder or ZIP.
        public var path: String
        public var files: Int
        public var fingerprint: String
        /// SHA-256 of `manifest.json`.
        public var manifestSHA256: String
        /// PDFs printed beside the package.
        public var pdf: [String]
    }

    /// Writes the signed package of the report to `output` (a folder to create, or a `.zip`):
    /// `report.json`, and `LANG/AUD-…-report.html` in each language, listed in `manifest.json`,
    /// signed with `key`. With `pdf`, each language's report is printed beside it as
    /// `NAME.LANG.pdf`.
    public static func export(
        _ content: AuditReportContent, languages: [Language], key: DossierSigningKey, to output: URL,
        pdf: Bool = false, prepared: CalendarDate
    ) throws(DossierError) -> Exported {
        guard let report = content.audit.report else {
            throw .cannotRead(path: content.audit.id.description, reason: "the audit has no report yet")
        }
        if pdf { _ = try PDFPrinter.chromium() }
        guard !FileManager.default.fileExists(atPath: output.path) else { throw .alreadyExists(path: output.path) }
        let zip = output.pathExtension.lowercased() == "zip"
        let stageRoot =
            zip
            ? output.deletingLastPathComponent().appendingPathComponent(
                ".\(output.lastPathComponent)-\(UUID().uuidString)")
            : output
        let stage = try DossierStage(root: stageRoot)
        var pages: [(Language, String)] = []
        for language in languages {
            let page = try html(content, language: language, prepared: prepared)
            try stage.write("\(language.rawValue)/\(fileName(content.audit.id))", text: page)
            pages.append((language, page))
        }
        try stage.write("report.json", try json(content))
        let header = DossierManifest(
            format: Dossier.formatName, version: Dossier.formatVersion, asOf: report.reportedOn.description,
            from: content.audit.content.startsOn.description, organisation: content.organisation?.shortName ?? "",
            standards: Array(Set(content.audit.content.scope.requirements.map(\.standard.rawValue))).sorted(),
            languages: languages.map(\.rawValue), restrictedIncluded: false,
            signature: DossierManifest.Signature(
                algorithm: "Ed25519", publicKey: key.publicKey.rawRepresentation.base64EncodedString(),
                fingerprint: key.publicKey.fingerprint, file: DossierManifest.signatureFileName),
            files: [])
        var manifest = ManifestWriter(header: header)
        let entries = stage.sortedEntries
        for entry in entries { manifest.add(entry) }
        manifest.finish()
        let signature = try key.sign(manifest.data)
        if zip {
            defer { try? FileManager.default.removeItem(at: stageRoot) }
            try writeZIP(
                entries, from: stageRoot, manifest: manifest.data, signature: signature, to: output,
                on: report.reportedOn)
        } else {
            try stage.write(DossierManifest.fileName, manifest.data)
            try stage.write(DossierManifest.signatureFileName, signature)
        }
        var printed: [String] = []
        if pdf {
            for (language, page) in pages {
                let url = output.deletingPathExtension().appendingPathExtension("\(language.rawValue).pdf")
                try PDFPrinter.print(html: page, to: url)
                printed.append(url.path)
            }
        }
        return Exported(
            path: output.path, files: entries.count, fingerprint: key.publicKey.fingerprint,
            manifestSHA256: Hex.encode(SHA256.hash(data: manifest.data)), pdf: printed)
    }

    /// The ZIP of the package, entries in path order with the manifest and signature at theirs.
    private static func writeZIP(
        _ entries: [DossierManifest.Entry], from root: URL, manifest: Data, signature: Data, to output: URL,
        on day: CalendarDate
    ) throws(DossierError) {
        let temporary = output.deletingLastPathComponent().appendingPathComponent(
            ".\(output.lastPathComponent).partial-\(UUID().uuidString)")
        let archive = try ZIPStreamWriter(url: temporary, year: day.year, month: day.month, day: day.day)
        var files: [(path: String, data: Data?, size: Int64)] = entries.map { ($0.path, nil, $0.size) }
        files.append((DossierManifest.fileName, manifest, Int64(manifest.count)))
        files.append((DossierManifest.signatureFileName, signature, Int64(signature.count)))
        files.sort { DossierPath.precedes($0.path, $1.path) }
        do {
            for file in files {
                if let data = file.data {
                    try archive.addEntry(path: file.path, size: UInt64(data.count)) { write in try write(data) }
                } else {
                    try archive.addEntry(
                        path: file.path, contentsOf: root.appendingPathComponent(file.path), size: UInt64(file.size))
                }
            }
            try archive.finish()
            try FileManager.default.moveItem(at: temporary, to: output)
        } catch let error as DossierError {
            archive.abandon()
            throw error
        } catch {
            archive.abandon()
            throw .cannotWrite(path: output.path, reason: error.localizedDescription)
        }
    }

    /// The template's values: every label from the catalogues in `language`, every figure in its digits.
    static func values(_ content: AuditReportContent, language: Language, prepared: CalendarDate) -> [String: Any] {
        let audit = content.audit
        let draft = audit.content
        let format = NumberFormatting(PresentationLocale(language, organisation: content.organisation?.locale))
        func term<Value: RawRepresentable>(_ value: Value) -> String where Value.RawValue == String {
            Messages.shared.term(value, language)
        }
        func meeting(_ meeting: AuditMeeting?) -> Any {
            guard let meeting else { return false }
            return [
                "day": format.date(meeting.on), "time": meeting.at.map { format.digits($0) } ?? "",
                "attendees": meeting.attendees.joined(separator: ", "), "notes": meeting.notes ?? "",
            ]
        }
        let items = audit.checklist?.items ?? []
        var counts: [[String: Any]] = []
        for result in AuditCheckResult.allCases {
            let count = items.filter { $0.result == result }.count
            guard count > 0 else { continue }
            counts.append(["label": term(result), "count": format.integer(count)])
        }
        let report = audit.report
        var values: [String: Any] = [
            "lang": language.rawValue, "dir": language.isRightToLeft ? "rtl" : "ltr",
            "t": MessageTable(language), "org": content.organisation?.name.text(in: language) ?? "",
            "id": audit.id.description, "auditTitle": draft.title, "kind": term(draft.kind),
            "status": term(audit.status), "prepared": format.date(prepared),
            "dates": format.date(draft.startsOn) + " – " + format.date(draft.endsOn),
            "lead": draft.leadAuditor ?? "", "auditors": draft.auditors.joined(separator: ", "),
            "auditees": draft.auditees.joined(separator: ", "), "body": draft.certificationBody ?? "",
            "requirements": draft.scope.requirements.map(\.description),
            "processes": draft.scope.processes.joined(separator: ", "),
            "sites": draft.scope.sites.joined(separator: ", "),
            "event": draft.scope.event.map { "\($0.name), \(format.date($0.on))" } ?? "",
            "findings": content.findings.map { finding -> [String: Any] in
                [
                    "id": finding.id.description, "title": finding.content.title,
                    "description": finding.content.description ?? "", "grade": term(finding.content.grade),
                    "gradeClass": finding.content.grade.rawValue, "state": term(finding.state),
                    "requirements": finding.content.requirements.map(\.description).joined(separator: ", "),
                    "raised": format.date(finding.content.raisedOn),
                ]
            },
            "checklist": items.isEmpty
                ? false
                : [
                    "counts": counts, "total": format.integer(items.count),
                    "items": items.map { item -> [String: Any] in
                        [
                            "key": item.requirement.description, "result": term(item.result),
                            "grade": item.grade.map(term) ?? "", "finding": item.finding?.description ?? "",
                            "notes": item.notes ?? "",
                        ]
                    },
                ] as Any,
        ]
        if let plan = audit.plan {
            values["plan"] = [
                "objectives": plan.objectives, "criteria": plan.criteria ?? "",
                "visits": plan.schedule.map { visit -> [String: Any] in
                    [
                        "day": format.date(visit.on), "time": visit.at.map { format.digits($0) } ?? "",
                        "site": visit.site ?? "", "process": visit.process ?? "",
                        "auditees": visit.auditees.joined(separator: ", "),
                        "auditors": visit.auditors.isEmpty
                            ? Messages.shared.text("audit_plan_whole_team", language)
                            : visit.auditors.joined(separator: ", "),
                    ]
                },
            ]
        }
        if let report {
            values["report"] = [
                "on": format.date(report.reportedOn), "by": report.reportedBy, "summary": report.summary,
                "conclusion": report.conclusion ?? "",
                "recommendation": report.recommendation.map(term) ?? "",
                "certificate": report.certificate.map {
                    "\($0.number) · \(format.date($0.issuedOn)) – \(format.date($0.validUntil))"
                } ?? "",
                "evidence": report.evidence.map(\.description).joined(separator: ", "),
            ]
            values["opening"] = meeting(report.openingMeeting)
            values["closing"] = meeting(report.closingMeeting)
        }
        return values
    }
}
