import Foundation
import QMSServices

/// A progress bar on standard error, drawn only when it is a terminal (never in pipes or logs).
final class ProgressBar: @unchecked Sendable {
    // @unchecked: the state is guarded by the lock; updates arrive from the store's queue.
    private let lock = NSLock()
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var drawn = false
    private let enabled = isatty(STDERR_FILENO) == 1

    /// Draws an event (at most ten times a second).
    func update(_ event: ProgressEvent) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        let finished = event.total.map { event.done >= $0 } ?? false
        guard finished || now - lastDraw > .milliseconds(100) else { return }
        lastDraw = now
        var line = "\r\u{1B}[2K\(event.phase): "
        if let total = event.total, total > 0 {
            let width = 30
            let filled = min(width, event.done * width / total)
            line += "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled) + "] "
            line += "\(event.done)/\(total)"
        } else {
            line += "\(event.done)"
        }
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Clears the bar before results are printed.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        drawn = false
    }
}
