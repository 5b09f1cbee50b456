import Foundation
import Hummingbird
import QMSCore
import QMSDossier
import QMSPresentation
import QMSServices

/// An audit's report as the web and the JSON API hand it out: its data as JSON, the page in the
/// reader's language (HTML, or a PDF printed from it by headless Chromium), or the package signed
/// with the dossier's key as a ZIP, which `eqms dossier verify` checks offline.
enum AuditReportDownload {
    /// The forms a report is downloaded in.
    enum Format: String, CaseIterable {
        case json, html, pdf, zip
    }

    /// The report of `id` in `format`; the signed ZIP asks for the right to export dossiers.
    static func response(
        _ qms: QMS, _ id: AuditID, format: Format, context: WebContext
    ) async throws -> Response {
        if format == .zip { _ = try context.require(.exportDossiers) } else { _ = try context.require(.read) }
        let content = try await qms.audits.reportContent(id)
        let language = context.language
        if format == .json { return try APIRoutes.json(content) }
        guard content.audit.report != nil else {
            throw DomainError.ruleViolated(.auditNotReported, ["id": "\(id)"], fix: .give(["summary"]))
        }
        switch format {
        case .json, .html:
            let html = try AuditReportDocument.html(content, language: language, prepared: qms.today)
            return DocumentResponse.html(html, name: "\(id)-report-\(language.rawValue).html")
        case .pdf:
            let html = try AuditReportDocument.html(content, language: language, prepared: qms.today)
            return try DocumentResponse.pdf(name: "\(id)-report-\(language.rawValue).pdf") {
                try AuditReportDocument.pdf(html, to: $0)
            }
        case .zip:
            let key = try DossierService.signingKey(path: nil)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "eqms-audit-report-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let name = "\(id)-report-\(language.rawValue).zip"
            let output = folder.appendingPathComponent(name)
            do {
                _ = try await qms.audits.exportReport(id, languages: [language], key: key, to: output)
            } catch {
                try? FileManager.default.removeItem(at: folder)
                throw error
            }
            return try DossierRoutes.stream(output, name: name, removing: folder)
        }
    }

    /// The format a `format` query asks for (JSON when none).
    static func format(_ request: Request, default fallback: Format) throws -> Format {
        // Absent, the default; given empty, refused like any other value not listed.
        guard let text = APIRoutes.parameter(request, "format")?.trimmingWhitespace() else { return fallback }
        guard let format = Format(rawValue: text.lowercased()) else {
            throw DomainError.invalidValue(
                field: "format", value: text, expected: .listed(Format.allCases.map(\.rawValue)))
        }
        return format
    }
}
