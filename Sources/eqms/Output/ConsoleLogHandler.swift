import Foundation
import Logging

/// Log lines on standard error: `time level label: message key=value …`.
///
/// Like swift-log's `StreamLogHandler`, except that metadata is formatted when a line is written,
/// not each time it is set: the web server sets a request id on every request's logger, and
/// formatting it there cost more than a cached page's own work, for lines that are mostly never
/// written at the default level.
struct ConsoleLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        let details = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withInternetDateTime])
        let line = "\(time) \(event.level) \(label): \(event.message)\(details.isEmpty ? "" : " " + details)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
