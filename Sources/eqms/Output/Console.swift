import Foundation
import Logging
import QMSCore
import QMSServices

/// Writing to the terminal: results to standard output, messages to standard error.
enum Console {
    /// Prints a line of results.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Prints an error message.
    static func error(_ text: String) {
        let message = text.hasPrefix("error:") ? text : "error: " + text
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Prints a note that is not a result (kept off standard output so that `--json` stays clean).
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints a value as JSON (sorted keys, two-space indentation).
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        // The fixes a report carries (`eqms verify --json`) are written as the CLI words them.
        let wording: @Sendable (Fix) -> String = { FixWording.text(for: $0) }
        encoder.userInfo = [.fixWording: wording]
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        out(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Whether standard output is a terminal (progress bars and colours only then).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}

/// Logging goes to standard error at the level of `EQMS_LOG_LEVEL` (default: warning), so that
/// results on standard output stay clean.
enum Logging {
    static func bootstrap() {
        let level =
            ProcessInfo.processInfo.environment["EQMS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in ConsoleLogHandler(label: label, level: level) }
    }
}
