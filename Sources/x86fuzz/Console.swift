import Glibc
import Synchronization

/// Standard output and standard error, written with write(2) so that a failed write is seen: a
/// reader that closed the pipe (`| head -1`) ends the output quietly, and any other failure (a
/// full disk) is kept, so that the command exits 2 with one line naming it.
enum Console {
    private static let failure = Mutex<String?>(nil)
    private static let closed = Atomic<Bool>(false)

    /// Writes `text` and a newline to standard output.
    static func line(_ text: String = "") { out(text + "\n") }

    /// Writes `text` to standard output.
    static func out(_ text: String) {
        var text = text
        text.withUTF8 { out($0) }
    }

    /// Writes bytes to standard output.
    static func out(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !isOutputGone else { return }
        let error = writeAll(bytes, to: STDOUT_FILENO)
        if error == EPIPE {
            closed.store(true, ordering: .relaxed)
        } else if error != 0 {
            failure.withLock { $0 = $0 ?? String(cString: strerror(error)) }
        }
    }

    /// Writes `text` to standard error. A failure there has nowhere to be reported; the exit code
    /// still says what happened.
    static func error(_ text: String) {
        var text = text
        text.withUTF8 { _ = writeAll($0, to: STDERR_FILENO) }
    }

    /// Why standard output could not be written, if it could not (a closed pipe is no failure).
    static var outputFailure: String? { failure.withLock { $0 } }

    /// True once standard output is closed or failing: long outputs stop producing.
    static var isOutputGone: Bool { closed.load(ordering: .relaxed) || outputFailure != nil }

    /// Writes everything, retrying after signals; returns 0 or the errno of the failure.
    private static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }
}
