import Foundation

/// Prints a dossier page to PDF with Debian's headless Chromium, when it is installed.
///
/// PDFs are written beside the dossier, not inside it: Chromium stamps each PDF with the time it
/// was made, which would make the signed dossier differ from one export to the next.
enum PDFPrinter {
    /// The Chromium executable on the PATH, or an error saying how to install it.
    static func chromium() throws(DossierError) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["EQMS_CHROMIUM"], FileManager.default.isExecutableFile(atPath: explicit) {
            return explicit
        }
        for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        throw .noChromium
    }

    /// Prints `page` (a file) to `pdf`, which must not exist.
    static func print(_ page: URL, to pdf: URL) throws(DossierError) {
        guard !FileManager.default.fileExists(atPath: pdf.path) else { throw .alreadyExists(path: pdf.path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try chromium())
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "eqms-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(profile.path)", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
            page.absoluteString,
        ]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .printFailed(reason: error.localizedDescription)
        }
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: pdf.path) else {
            let text = String(decoding: output.suffix(600), as: UTF8.self)
            throw .printFailed(reason: "chromium exited with \(process.terminationStatus): \(text)")
        }
    }

    /// Prints a whole HTML page to a PDF file at `url`. The PDF is printed beside the page in a
    /// folder of its own and moved into place whole, replacing an older file, so that a failed
    /// print leaves nothing half-written.
    static func print(html: String, to url: URL) throws(DossierError) {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("eqms-print-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: folder) }
        let page = folder.appendingPathComponent("page.html")
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(html.utf8).write(to: page)
        } catch {
            throw .cannotWrite(path: page.path, reason: error.localizedDescription)
        }
        let printed = folder.appendingPathComponent("page.pdf")
        try print(page, to: printed)
        do {
            if manager.fileExists(atPath: url.path) {
                _ = try manager.replaceItemAt(url, withItemAt: printed)
            } else {
                try manager.moveItem(at: printed, to: url)
            }
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }
}
