import Foundation
import Hummingbird
import QMSCore
import QMSDossier
import QMSFormats
import QMSPresentation
import QMSServices

/// The audit dossier page: auditors and quality managers choose the standards and the day, and
/// download the signed ZIP, streamed from a temporary file that is removed once sent.
struct DossierRoutes {
    let qms: QMS
    let renderer: Renderer

    struct ExportForm: Decodable {
        var _csrf: String?
        var standards: [String]?
        var as_of: String?
        var lang: String?
        var include_restricted: String?
        var transition_deadline: String?
    }

    func register(on router: RouterGroup<WebContext>) {
        router.get("dossier") { _, context in
            let user = try context.require(.exportDossiers)
            return try await page(context, user: user, error: nil, status: .ok)
        }

        router.post("dossier") { request, context in
            let user = try context.require(.exportDossiers)
            let form = try await Forms.decode(ExportForm.self, from: request)
            try Forms.verify(form._csrf, context: context)
            let dossier: DossierRequest
            let key: DossierSigningKey
            do {
                key = try DossierService.signingKey(path: nil)
                dossier = try Self.request(form, user: user, today: qms.today)
            } catch let error as any QMSError {
                return try await page(
                    context, user: user, error: WebErrorWording.withFix(error, context), status: .badRequest)
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "eqms-dossier-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let name =
                "dossier-\(Self.fileSafe(try await qms.organisation.get()?.shortName ?? "eqms"))-\(dossier.asOf).zip"
            let output = folder.appendingPathComponent(name)
            do {
                let schema = try StandardsLibrary.locate().directory.appendingPathComponent("dossier.xsd")
                _ = try await qms.acting(as: user.username).dossiers.export(
                    dossier, key: key, to: output, schema: schema)
            } catch {
                try? FileManager.default.removeItem(at: folder)
                if let error = error as? any QMSError {
                    return try await page(
                        context, user: user, error: WebErrorWording.withFix(error, context),
                        status: .unprocessableContent)
                }
                throw error
            }
            qms.logger.info("dossier downloaded", metadata: ["user": "\(user.username)", "file": "\(name)"])
            return try Self.stream(output, name: name, removing: folder)
        }
    }

    private func page(_ context: WebContext, user: User, error: String?, status: HTTPResponse.Status) async throws
        -> Response
    {
        let language = context.language
        let standards = try await qms.catalogues.list().map { summary -> [String: Any] in
            [
                "id": summary.id, "title": summary.title.text(in: language), "edition": summary.edition,
                "checked": summary.status == "current",
            ]
        }
        let key = try? DossierService.signingKey(path: nil)
        return renderer.page(
            "dossier", title: Messages.shared.text("dossier_title", language), context: context,
            values: [
                "standards": standards, "today": qms.today.description, "error": error ?? "",
                "fingerprint": key?.publicKey.fingerprint ?? "", "canRestricted": user.can(.manageQuality),
            ], status: status, section: "dossier")
    }

    /// The export the form asks for.
    static func request(_ form: ExportForm, user: User, today: CalendarDate) throws -> DossierRequest {
        let standards = try (form.standards ?? []).map { try StandardID($0) }
        guard !standards.isEmpty else {
            throw DomainError.ruleViolated(.dossierNeedsStandard, fix: .advice(.tickOneOrMore))
        }
        let asOf = try form.as_of.flatMap { $0.isEmpty ? nil : $0 }.map { try CalendarDate(parsing: $0) } ?? today
        let languages: [Language]
        if let one = form.lang.flatMap(Language.init(rawValue:)) {
            languages = [one]
        } else {
            languages = [.english, .arabic]
        }
        // Restricted evidence (voters' personal data, security plans) goes out only with a
        // quality manager's or an administrator's export.
        let restricted = form.include_restricted == "1" && user.can(.manageQuality)
        let deadline = try form.transition_deadline.flatMap { $0.isEmpty ? nil : $0 }.map {
            try CalendarDate(parsing: $0)
        }
        return DossierRequest(
            standards: standards, asOf: asOf, languages: languages, includeRestricted: restricted,
            transitionDeadline: deadline)
    }

    /// Streams the ZIP in chunks, then removes its temporary folder.
    static func stream(_ file: URL, name: String, removing folder: URL) throws -> Response {
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        guard let handle = try? FileHandle(forReadingFrom: file) else {
            try? FileManager.default.removeItem(at: folder)
            throw HTTPError(.internalServerError, message: "the dossier could not be read back")
        }
        let body = ResponseBody { writer in
            defer {
                try? handle.close()
                try? FileManager.default.removeItem(at: folder)
            }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/zip", .contentLength: String(size),
                .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store",
            ], body: body)
    }

    /// Letters, digits and hyphens only, for a file name.
    static func fileSafe(_ text: String) -> String {
        let kept = text.unicodeScalars.filter { ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "-" }
        return kept.isEmpty ? "eqms" : String(String.UnicodeScalarView(kept))
    }
}
