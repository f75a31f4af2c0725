import Decoding
import Forms
import Fuzzing
import Glibc
import Sandbox
import Semantics
import Testing
import TestSupport
import X86

/// A case with the outcome the CPU gave for it, recorded with `scripts/record-known-answer.py`.
///
/// `input` is the instruction's hex followed by `reg=value` assignments and `mem:ADDR=HEX`
/// patches; `expected` lists what changed: an exception (`#PF(0x4) cr2=0x40000000`), `rip=` when
/// RIP is not the next instruction, changed registers, `rflags=`, and `mem:ADDR=HEX` writes.
/// Every table is checked against the model (undefined flags masked) and, where /dev/kvm is
/// usable, against the CPU again (exactly), so no expectation can drift from the silicon.
struct KnownAnswer: Sendable, CustomTestStringConvertible {
    let input: String
    let expected: String

    init(_ pair: (String, String)) { (input, expected) = pair }

    var testDescription: String { input }

    /// The bytes and the initial state the input describes.
    func initial() throws -> ([UInt8], MachineState) {
        let words = input.split(separator: " ").map(String.init)
        var state = MachineState.defaults
        for word in words.dropFirst() {
            if word.hasPrefix("mem:") {
                state.memoryPatches.append(try Self.memoryRun(word))
            } else {
                try state.assign(word)
            }
        }
        return (try Hex.parseBytes(words[0]), state)
    }

    /// The outcome `expected` describes, starting from `state` for an instruction of `length` bytes.
    func outcome(from state: MachineState, length: Int) throws -> Outcome {
        var outcome = Outcome(exception: nil, gpr: state.gpr, rip: state.rip, rflags: state.rflags, vector: state.vector,
                              memoryWrites: [])
        var ripGiven = false
        for word in expected.split(separator: " ").map(String.init) {
            if word.hasPrefix("#") {
                let name = word.prefix { $0 != "(" }
                let vector = try #require((0...31).map { ExceptionVector(rawValue: UInt8($0)) }.first { $0.name == name },
                                          "unknown exception \(name)")
                let code = word.contains("(") ? try Hex.parseNumber(String(word.dropFirst(name.count + 1).dropLast())) : nil
                outcome.exception = ExceptionInfo(vector: vector, errorCode: code, cr2: outcome.exception?.cr2)
            } else if word.hasPrefix("cr2=") {
                outcome.exception?.cr2 = try Hex.parseNumber(String(word.dropFirst(4)))
            } else if word.hasPrefix("mem:") {
                outcome.memoryWrites.append(try Self.memoryRun(word))
            } else if word.hasPrefix("rip=") {
                outcome.rip = try Hex.parseNumber(String(word.dropFirst(4)))
                ripGiven = true
            } else {
                var changed = MachineState(gpr: outcome.gpr, rflags: outcome.rflags, vector: outcome.vector!)
                try changed.assign(word)
                (outcome.gpr, outcome.rflags, outcome.vector) = (changed.gpr, changed.rflags, changed.vector)
            }
        }
        let trap = outcome.exception.map { [.bp, .of].contains($0.vector) } ?? true
        if !ripGiven && trap { outcome.rip = state.rip + UInt64(length) }
        return outcome
    }

    private static func memoryRun(_ word: String) throws -> MemoryRun {
        let parts = word.dropFirst(4).split(separator: "=").map(String.init)
        return MemoryRun(address: try Hex.parseNumber(parts[0]), bytes: try Hex.parseBytes(parts[1]))
    }
}

/// Checks tables of known answers against the model and the CPU.
enum KnownAnswers {
    /// The mnemonics the forms table models in `family` that no answer of `answers` decodes to:
    /// a table must cover its family, so that a new form needs an answer.
    static func unanswered(family: String, in answers: [KnownAnswer]) throws -> [String] {
        let decoder = try InstructionDecoder()
        var answered = Set<String>()
        for answer in answers {
            let (bytes, _) = try answer.initial()
            answered.insert(try #require(decoder.decode(bytes)).mnemonic)
        }
        let modelled = Set(FormTable.all.filter { $0.family == family && $0.status == .modelled }.map(\.mnemonic))
        return modelled.subtracting(answered).sorted()
    }

    /// The model's prediction, under `profile` (the CPU the answer was recorded on, where it
    /// matters), agrees with the recorded outcome, undefined flags masked.
    static func checkModel(_ answer: KnownAnswer, profile: CPUProfile = .amdZen4, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (bytes, state) = try answer.initial()
        let instruction = try #require(try InstructionDecoder().decode(bytes), "Capstone cannot decode \(answer.input)")
        let expected = try answer.outcome(from: state, length: instruction.length)
        let judge = CaseJudge(model: ReferenceModel(profile: profile), comparator: Comparator())
        switch judge.judge(instruction, from: state, on: RecordedExecutor(outcome: expected)) {
        case .agreed: break
        case .diverged(let finding):
            let fields = finding.divergences.map { "\($0.field) cpu \($0.hardware) model \($0.model)" }
            Issue.record("\(instruction.text): \(fields)", sourceLocation: sourceLocation)
        case .unsupported: Issue.record("the model does not cover \(instruction.text)", sourceLocation: sourceLocation)
        case .harnessError(let error): Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    /// The CPU still gives exactly the recorded outcome.
    static func checkCPU(_ answer: KnownAnswer, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (bytes, state) = try answer.initial()
        let instruction = try #require(try InstructionDecoder().decode(bytes))
        let expected = try answer.outcome(from: state, length: instruction.length)
        let observed = try Sandbox().run(instruction.bytes, from: state)
        #expect(observed == expected, "\(answer.input): the CPU now gives something else", sourceLocation: sourceLocation)
    }
}
