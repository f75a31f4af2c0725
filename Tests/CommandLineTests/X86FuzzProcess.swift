import Foundation

/// Runs the built `x86fuzz` binary as a subprocess, as a user would.
enum X86Fuzz {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `X86FUZZ_BINARY` when set, else the `x86fuzz` next to the test bundle in the build folder.
    static let binary: URL = {
        if let explicit = ProcessInfo.processInfo.environment["X86FUZZ_BINARY"] {
            return URL(fileURLWithPath: explicit)
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("x86fuzz")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("x86fuzz")
    }()

    /// Runs the binary with `arguments` (and extra environment variables) and collects its exit
    /// status and output. Both pipes are drained at once, so a chatty stderr cannot block it.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdout: FileHandle? = nil,
                    stderr: FileHandle? = nil) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = stdout ?? output
        process.standardError = stderr ?? errors
        if stdout != nil { try output.fileHandleForWriting.close() }
        if stderr != nil { try errors.fileHandleForWriting.close() }
        try process.run()
        var errorData = Data()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
                      stderr: String(decoding: errorData, as: UTF8.self))
    }

    /// Starts the binary, sends `signal` after `seconds`, and returns how it ended (the exit
    /// status, or the number of the signal that killed it), its stdout and its stderr.
    static func runUntilSignal(_ arguments: [String], signal: Int32, after seconds: Double) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe()
        let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("x86fuzz-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorLog) }
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        Thread.sleep(forTimeInterval: seconds)
        kill(process.processIdentifier, signal)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), errors)
    }
}
