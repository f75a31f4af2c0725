import Foundation
import X86

/// A plug-in emulator: PROGRAM is started once and speaks JSON Lines on stdin and stdout, one
/// `TargetRequest` in and one reply out per case (docs/TARGETS.md; `scripts/example-target.py`
/// is a working example). Its stderr goes to ours.
public final class ExecTarget: EmulatorTarget {
    static let prefix = "exec:"
    public let name: String
    private let process: Process
    private let input: FileHandle
    private let output: Int32
    private var buffered: [UInt8] = []
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Starts `program` (a path, or a name looked up on PATH).
    public init(program: String) throws(TargetError) {
        name = Self.prefix + program
        process = Process()
        process.executableURL = URL(fileURLWithPath: program.contains("/") ? program : "/usr/bin/env")
        process.arguments = program.contains("/") ? [] : [program]
        let toProgram = Pipe(), fromProgram = Pipe()
        process.standardInput = toProgram
        process.standardOutput = fromProgram
        do { try process.run() } catch {
            throw TargetError("--target \(name): cannot start \(program): \(error.localizedDescription)")
        }
        input = toProgram.fileHandleForWriting
        output = fromProgram.fileHandleForReading.fileDescriptor
    }

    deinit {
        try? input.close()
        process.waitUntilExit()
    }

    public func run(_ bytes: [UInt8], from state: MachineState) throws(TargetError) -> TargetOutcome {
        let line: Data
        do { line = try encoder.encode(TargetRequest(bytes: bytes, state: state)) + Data("\n".utf8) } catch {
            throw TargetError("\(name): cannot encode the case: \(error)")
        }
        do { try input.write(contentsOf: line) } catch {
            throw TargetError("\(name): the program does not read its input (exited with \(exitStatus))")
        }
        guard let reply = readLine() else { throw TargetError("\(name): the program closed its output (exited with \(exitStatus))") }
        do { return try JSONDecoder().decode(TargetReply.self, from: Data(reply)).outcome } catch {
            throw TargetError("\(name): not an outcome: \(String(decoding: reply.prefix(200), as: UTF8.self)): \(error)")
        }
    }

    private var exitStatus: String {
        process.isRunning ? "nothing yet" : "status \(process.terminationStatus)"
    }

    /// The next line of the program's output, without its newline; nil at its end.
    private func readLine() -> [UInt8]? {
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffered[..<newline])
                buffered.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffered += chunk[..<count]
        }
    }
}

/// One case as a plug-in receives it: `exec --json`'s `instruction`, `layout` and `before`, plus
/// `window`, the data window's 8 KiB before the step (the seed's fill with the patches applied),
/// so that a plug-in need not reproduce the fill.
public struct TargetRequest: Encodable {
    /// The `instruction` object: `{bytes}`.
    public struct InstructionBytes: Encodable {
        public var bytes: HexBytes
        public init(_ bytes: [UInt8]) { self.bytes = HexBytes(bytes) }
    }
    /// The `layout` object: where the code and the data window are.
    public struct Layout: Encodable {
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
}

/// A plug-in's answer: the `after` object of `exec --json` with an optional `unobserved` list of
/// fields it cannot report, or `{"unsupported": "why"}`.
struct TargetReply: Decodable {
    var outcome: TargetOutcome

    enum Keys: String, CodingKey { case unsupported, unobserved }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if let reason = try container.decodeIfPresent(String.self, forKey: .unsupported) {
            outcome = .unsupported(reason)
        } else {
            outcome = .observed(try Outcome(from: decoder),
                                unobserved: try container.decodeIfPresent([String].self, forKey: .unobserved) ?? [])
        }
    }
}
