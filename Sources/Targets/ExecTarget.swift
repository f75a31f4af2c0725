import Foundation
import X86

/// A plug-in emulator: PROGRAM is started once and speaks JSON Lines on stdin and stdout, one
/// `TargetRequest` in and one reply out per case (docs/TARGETS.md; `scripts/example-target.py`
/// is a working example). A program that exits, or does not answer within `timeout`, fails the
/// case it was given (one that does not answer is killed) and is started again for the next one.
/// Its stderr goes to ours.
public final class ExecTarget: EmulatorTarget {
    static let prefix = "exec:"
    public let name: String
    private let executable: URL
    private let arguments: [String]
    private let environment: [String: String]?
    private let timeout: Duration
    private var running: Running?
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Starts `program` (a path, or a name looked up on PATH), named `exec:PROGRAM`; a case it
    /// does not answer within `timeout` fails.
    public convenience init(program: String, timeout: Duration = Targets.answerTimeout) throws(TargetError) {
        try self.init(name: Self.prefix + program, executable: URL(fileURLWithPath: program.contains("/") ? program : "/usr/bin/env"),
                      arguments: program.contains("/") ? [] : [program], timeout: timeout)
    }

    /// Starts `executable` with `arguments` (and `environment` added to ours), named `name`.
    init(name: String, executable: URL, arguments: [String], environment: [String: String]? = nil,
         timeout: Duration = Targets.answerTimeout) throws(TargetError) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.environment = environment.map { ProcessInfo.processInfo.environment.merging($0) { $1 } }
        self.timeout = timeout
        running = try start()
    }

    deinit { running?.stop() }

    /// The program and its two pipes.
    private struct Running {
        var process: Process
        var input: FileHandle
        var output: Int32
        var buffered: [UInt8] = []

        func stop() {
            try? input.close()
            process.waitUntilExit()
        }

        /// How it ended (it is killed first if it still runs: it stopped answering, and may not
        /// heed a polite signal).
        var exitStatus: String {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return process.terminationReason == .uncaughtSignal ? "signal \(process.terminationStatus)" : "status \(process.terminationStatus)"
        }

        /// What reading a reply came to.
        enum Reply {
            case line([UInt8])
            case ended
            case timedOut
        }

        /// The next line of its output, without the newline, if it comes before `deadline`.
        mutating func readLine(before deadline: ContinuousClock.Instant) -> Reply {
            while true {
                if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Array(buffered[..<newline])
                    buffered.removeSubrange(...newline)
                    return .line(line)
                }
                let left = deadline - ContinuousClock.now
                guard left > .zero else { return .timedOut }
                var request = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
                let milliseconds = Int32(clamping: Targets.milliseconds(left) + 1)
                let ready = poll(&request, 1, milliseconds)
                if ready < 0 && errno == EINTR { continue }
                guard ready > 0 else { return ready == 0 ? .timedOut : .ended }
                var chunk = [UInt8](repeating: 0, count: 65536)
                let count = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return .ended }
                buffered += chunk[..<count]
            }
        }
    }

    private func start() throws(TargetError) -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let toProgram = Pipe(), fromProgram = Pipe()
        process.standardInput = toProgram
        process.standardOutput = fromProgram
        do { try process.run() } catch {
            throw TargetError("--target \(name): cannot start \(executable.path): \(error.localizedDescription)")
        }
        return Running(process: process, input: toProgram.fileHandleForWriting, output: fromProgram.fileHandleForReading.fileDescriptor)
    }

    public func run(_ bytes: [UInt8], from state: MachineState) throws(TargetError) -> TargetOutcome {
        let line: Data
        do { line = try encoder.encode(TargetRequest(bytes: bytes, state: state)) + Data("\n".utf8) } catch {
            throw TargetError("\(name): cannot encode the case: \(error)")
        }
        var program: Running
        if let running { program = running } else { program = try start() }
        running = nil
        do { try program.input.write(contentsOf: line) } catch {
            throw TargetError("\(name): its process does not read its input (exited with \(program.exitStatus))")
        }
        let reply: [UInt8]
        switch program.readLine(before: ContinuousClock.now + timeout) {
        case .line(let line): reply = line
        case .ended: throw TargetError("\(name): its process ended without an answer (exited with \(program.exitStatus))")
        case .timedOut:
            throw TargetError("\(name): no answer within \(Targets.describe(timeout)); its process was killed (\(program.exitStatus)) and starts again for the next case")
        }
        running = program
        let decoded: TargetReply
        do { decoded = try JSONDecoder().decode(TargetReply.self, from: Data(reply)) } catch {
            throw TargetError("\(name): not an outcome: \(String(decoding: reply.prefix(200), as: UTF8.self)): \(error)")
        }
        return try decoded.outcome.get()
    }
}

/// One case as a plug-in receives it: `exec --json`'s `instruction`, `layout` and `before`, plus
/// `window`, the data window's 8 KiB before the step (the seed's fill with the patches applied),
/// so that a plug-in need not reproduce the fill.
public struct TargetRequest: Codable {
    /// The `instruction` object: `{bytes}`.
    public struct InstructionBytes: Codable {
        public var bytes: HexBytes
        public init(_ bytes: [UInt8]) { self.bytes = HexBytes(bytes) }
    }
    /// The `layout` object: where the code and the data window are.
    public struct Layout: Codable {
        var codeAddress = HexNumber(GuestLayout.codeAddress)
        var dataBase = HexNumber(GuestLayout.dataBase)
        var dataSize = HexNumber(GuestLayout.dataSize)
        public init() {}
    }

    var instruction: InstructionBytes
    var layout = Layout()
    var before: MachineState
    var window: HexBytes

    init(bytes: [UInt8], state: MachineState) {
        instruction = InstructionBytes(bytes)
        before = state
        window = HexBytes(CaseMemory.window(state))
    }

    enum CodingKeys: String, CodingKey { case instruction, layout, before, window }

    /// Reads a request as a server does: `window` is derived from `before` again rather than
    /// parsed (16,384 hex digits cost about 4 ms a case to parse, five times Unicorn's step).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(bytes: try container.decode(InstructionBytes.self, forKey: .instruction).bytes.bytes,
                  state: try container.decode(MachineState.self, forKey: .before))
    }
}

/// A plug-in's answer: the `after` object of `exec --json` with an optional `unobserved` list of
/// fields it cannot report; `{"unsupported": "why"}`; or `{"error": "why"}` when it failed.
struct TargetReply: Codable {
    var outcome: Result<TargetOutcome, TargetError>

    init(_ outcome: Result<TargetOutcome, TargetError>) { self.outcome = outcome }

    enum Keys: String, CodingKey { case unsupported, unobserved, error }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if let reason = try container.decodeIfPresent(String.self, forKey: .unsupported) {
            outcome = .success(.unsupported(reason))
        } else if let error = try container.decodeIfPresent(String.self, forKey: .error) {
            outcome = .failure(TargetError(error))
        } else {
            outcome = .success(.observed(try Outcome(from: decoder),
                                         unobserved: try container.decodeIfPresent([String].self, forKey: .unobserved) ?? []))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch outcome {
        case .success(.observed(let after, let unobserved)):
            try after.encode(to: encoder)
            if !unobserved.isEmpty { try container.encode(unobserved, forKey: .unobserved) }
        case .success(.unsupported(let reason)): try container.encode(reason, forKey: .unsupported)
        case .failure(let error): try container.encode(error.message, forKey: .error)
        }
    }
}

/// The other end of the protocol: serves a target to an `ExecTarget` over stdin and stdout, so
/// that a target which may crash (Unicorn aborts the process on some inputs) runs in a child
/// process of its own (`x86fuzz serve-target NAME`).
public enum TargetServer {
    /// Answers every request line on stdin with `target`'s outcome, one line each handed to
    /// `write`, until stdin ends or `write` returns false (its reader is gone or failing).
    public static func serve(_ target: EmulatorTarget, write: (Data) -> Bool) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        while let line = Swift.readLine(strippingNewline: true) {
            let reply: TargetReply
            do {
                let request = try JSONDecoder().decode(TargetRequest.self, from: Data(line.utf8))
                reply = TargetReply(Result { () throws(TargetError) in try target.run(request.instruction.bytes.bytes, from: request.before) })
            } catch {
                reply = TargetReply(.failure(TargetError("not a case: \(error)")))
            }
            guard let data = try? encoder.encode(reply), write(data + Data("\n".utf8)) else { return }
        }
    }
}
