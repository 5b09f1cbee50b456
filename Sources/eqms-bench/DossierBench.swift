import Foundation
import QMSCore
import QMSDossier
import QMSFormats
@_spi(Benchmarks) import QMSServices
import QMSStore

/// Audit dossiers at scale: 10k evidence records with 1 GiB of files exported against `cp -r`
/// plus `sha256sum` over the same files, and the export's peak memory at 10k and 100k records.
///
/// Each export runs in a child process (this program again, with `--dossier-child`), so that its
/// peak resident memory (VmHWM) is its own, not the benchmark's.
@MainActor
func dossierBenchmarks(
    _ report: BenchReport, library: StandardsLibrary, folder: URL, quick: Bool, zipOnly: Bool = false
) async throws {
    let probe = try await initialisedDatabase(
        folder.appendingPathComponent("dossier-probe.sqlite").path, library: library)
    let keys = try await probe.benchmarkStore.reading { reader in
        try reader.catalogue(try StandardID("iso-9001-2015"))?.leaves.map(\.key) ?? []
    }
    try await probe.benchmarkStore.close()
    let keyFolder = folder.appendingPathComponent("dossier-keys", isDirectory: true)
    try FileManager.default.createDirectory(at: keyFolder, withIntermediateDirectories: true)
    let keyFile = try DossierService.generateKey(in: keyFolder).privateKey

    // 1. The ZIP of 1,000 records with a 10 KB file each, best of 3 against the same floor:
    // with files this small the export's own work (pages, registers, manifest) is what counts.
    let small = try await filesDatabase(
        records: 1_000, fileSize: 10_000, keys: keys, name: "dossier-small", folder: folder, library: library)
    var smallZIP: [Double] = []
    var smallFloor: [Reference] = []
    for round in 0..<3 {
        smallFloor.append(try reference(small.store, folder: folder))
        let out = folder.appendingPathComponent("dossier-small-\(round).zip")
        smallZIP.append(try dossierChild(database: small.database, key: keyFile, out: out).seconds)
        try? FileManager.default.removeItem(at: out)
    }
    let smallBest = smallZIP.min() ?? 0
    let smallReference = smallFloor.min { $0.seconds < $1.seconds } ?? Reference(copy: 1, hash: 0)
    report.add(
        Figure(
            name: "dossier export as ZIP, 1000 records × 10 KB", value: smallBest, unit: "s",
            detail: "the whole program (start, database, pages, manifest, signature), best of 3"))
    report.add(
        Figure(
            name: "cp -r + sha256sum over the same files", value: smallReference.seconds, unit: "s",
            detail: String(
                format: "cp %.3f s + sha256sum %.3f s, best of 3", smallReference.copy, smallReference.hash)))
    report.check(
        "dossier ZIP (1000 × 10 KB) time / (cp -r + sha256sum)", measured: smallBest / smallReference.seconds,
        bound: "≤ 2", met: smallBest / smallReference.seconds <= 2)
    try? FileManager.default.removeItem(at: small.store)
    if zipOnly { return }

    // 2. 10k records with 1 GiB of files (quick: 1k records, 100 MiB).
    let records = quick ? 1_000 : 10_000
    let totalBytes = quick ? 100 << 20 : 1 << 30
    let large = try await filesDatabase(
        records: records, fileSize: totalBytes / records, keys: keys, name: "dossier-files", folder: folder,
        library: library)
    let database = large.database
    let store = large.store
    let storedFiles = try regularFiles(under: store)
    let floor = try reference(store, folder: folder)
    let copySeconds = floor.copy
    let hashSeconds = floor.hash
    let floorSeconds = floor.seconds

    let export = try dossierChild(database: database, key: keyFile, out: folder.appendingPathComponent("dossier-files"))
    report.add(
        Figure(
            name: "dossier export, \(records) records + files", value: export.seconds, unit: "s",
            detail: "\(storedFiles.count) files, \(totalBytes >> 20) MiB, peak \(export.peakKiB / 1024) MiB"))
    report.add(
        Figure(
            name: "cp -r + sha256sum over the same files", value: floorSeconds, unit: "s",
            detail: String(format: "cp %.2f s + sha256sum %.2f s", copySeconds, hashSeconds)))
    report.check(
        "dossier export time / (cp -r + sha256sum)", measured: export.seconds / floorSeconds, bound: "≤ 2",
        met: export.seconds / floorSeconds <= 2)
    let zipped = try dossierChild(
        database: database, key: keyFile, out: folder.appendingPathComponent("dossier-files.zip"))
    report.add(
        Figure(
            name: "dossier export as ZIP, \(records) records + files", value: zipped.seconds, unit: "s",
            detail: "stored entries, CRC-32 and SHA-256 on the way; peak \(zipped.peakKiB / 1024) MiB"))
    try? FileManager.default.removeItem(at: folder.appendingPathComponent("dossier-files"))
    try? FileManager.default.removeItem(at: folder.appendingPathComponent("dossier-files.zip"))
    try? FileManager.default.removeItem(at: store)

    // 3. Peak memory at 10k and 100k records (quick: 1k and 10k), link records without files.
    var peaks: [Int: Int] = [:]
    let sizes = quick ? [1_000, 10_000] : [10_000, 100_000]
    for size in sizes {
        let sizedCSV = folder.appendingPathComponent("dossier-\(size).csv")
        try writeEvidenceCSV(rows: size, to: sizedCSV, keys: keys)
        let path = folder.appendingPathComponent("dossier-\(size).sqlite").path
        let sized = try await initialisedDatabase(path, library: library)
        try await sized.organisation.set(
            try Organisation(name: LocalizedText(en: "Benchmark Commission"), shortName: "BENCH", country: "JO"))
        _ = try await sized.evidence.importCSV(sizedCSV)
        try await sized.benchmarkStore.close()
        let result = try dossierChild(
            database: path, key: keyFile, out: folder.appendingPathComponent("dossier-\(size)"))
        peaks[size] = result.peakKiB
        report.add(
            Figure(
                name: "dossier export, \(size) records: peak memory", value: Double(result.peakKiB) / 1024,
                unit: "MiB", detail: String(format: "VmHWM of the export process; %.1f s", result.seconds)))
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("dossier-\(size)"))
    }
    if let small = peaks[sizes[0]], let large = peaks[sizes[1]] {
        let ratio = Double(large) / Double(small)
        report.check(
            "dossier peak memory at \(sizes[1]) / at \(sizes[0]) records", measured: ratio, bound: "≤ 1.3",
            met: ratio <= 1.3)
    }
}

/// A database of `records` document records with a file of `fileSize` random bytes each (the
/// organisation set), and its file store.
@MainActor
func filesDatabase(
    records: Int, fileSize: Int, keys: [RequirementKey], name: String, folder: URL, library: StandardsLibrary
) async throws -> (database: String, store: URL) {
    let inputs = folder.appendingPathComponent("\(name)-inputs", isDirectory: true)
    try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
    var generator = SplitMix64(state: 11)
    var csv = EvidenceCSV.template + "\n"
    for index in 0..<records {
        var bytes = [UInt8](repeating: 0, count: (fileSize + 7) / 8 * 8)
        bytes.withUnsafeMutableBytes { buffer in
            let words = buffer.bindMemory(to: UInt64.self)
            for position in words.indices { words[position] = generator.next() }
        }
        try Data(bytes.prefix(fileSize)).write(to: inputs.appendingPathComponent("scan-\(index).pdf"))
        let key = keys[index % keys.count]
        csv +=
            "Scanned results form \(index),\(key),document,amal,EP-05,2026-01-01,2027-12-31,,internal,,scan-\(index).pdf\n"
    }
    let csvURL = inputs.appendingPathComponent("evidence.csv")
    try Data(csv.utf8).write(to: csvURL)
    let database = folder.appendingPathComponent("\(name).sqlite").path
    let qms = try await initialisedDatabase(database, library: library)
    try await qms.organisation.set(
        try Organisation(name: LocalizedText(en: "Benchmark Commission"), shortName: "BENCH", country: "JO"))
    _ = try await qms.evidence.importCSV(csvURL)
    try await qms.benchmarkStore.close()
    try? FileManager.default.removeItem(at: inputs)
    return (database, DirectoryFileStore.folder(forDatabase: database))
}

/// The floor a dossier export is measured against: `cp -r` of the file store and `sha256sum`
/// over its files, as separate programs.
struct Reference {
    var copy: Double
    var hash: Double
    var seconds: Double { copy + hash }
}

/// Copies the stored files and hashes them, the page cache warmed first for both sides alike.
func reference(_ store: URL, folder: URL) throws -> Reference {
    guard let cp = which("cp"), let sha256sum = which("sha256sum") else {
        throw BenchError("cp and sha256sum are needed (coreutils)")
    }
    let storedFiles = try regularFiles(under: store)
    _ = try timeProcess(sha256sum, storedFiles.map(\.path))
    let copy = folder.appendingPathComponent("dossier-cp", isDirectory: true)
    let copySeconds = try timeProcess(cp, ["-r", store.path, copy.path])
    try? FileManager.default.removeItem(at: copy)
    let hashSeconds = try timeProcess(sha256sum, storedFiles.map(\.path))
    return Reference(copy: copySeconds, hash: hashSeconds)
}

/// What a child export measured.
struct DossierChildResult: Codable {
    var seconds: Double
    var peakKiB: Int
}

/// Runs one export in a child process and reads back its time and peak memory.
func dossierChild(database: String, key: URL, out: URL) throws -> DossierChildResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    process.arguments = ["--dossier-child", database, key.path, out.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    let start = ContinuousClock.now
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let elapsed = (ContinuousClock.now - start).seconds
    guard process.terminationStatus == 0 else {
        throw BenchError("the dossier export child exited with \(process.terminationStatus)")
    }
    var result = try JSONDecoder().decode(DossierChildResult.self, from: output)
    // Wall time as a user sees it: the process start and the database opening included.
    result.seconds = elapsed
    return result
}

/// The child's side: exports ISO 9001 as of 2026-12-31 in both languages and prints its peak memory.
func runDossierChild(_ arguments: [String], library: StandardsLibrary) async throws {
    guard arguments.count == 3 else { throw BenchError("--dossier-child DATABASE KEY OUT") }
    let qms = try await QMS.openSQLite(path: arguments[0], actor: "bench")
    let request = DossierRequest(
        standards: [try StandardID("iso-9001-2015")], asOf: try CalendarDate(parsing: "2026-12-31"))
    let start = ContinuousClock.now
    _ = try await qms.dossiers.export(
        request, key: try DossierService.signingKey(path: arguments[1]), to: URL(fileURLWithPath: arguments[2]),
        schema: library.directory.appendingPathComponent("dossier.xsd"))
    let seconds = (ContinuousClock.now - start).seconds
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let peak =
        status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }.flatMap {
            Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        } ?? 0
    let data = try JSONEncoder().encode(DossierChildResult(seconds: seconds, peakKiB: peak))
    FileHandle.standardOutput.write(data)
}

/// Every regular file under a folder.
func regularFiles(under root: URL) throws -> [URL] {
    guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
    else { return [] }
    var files: [URL] = []
    for case let url as URL in enumerator
    where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
        files.append(url)
    }
    return files
}
