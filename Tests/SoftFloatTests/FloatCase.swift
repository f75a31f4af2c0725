import Decoding
import Sandbox
import Semantics
import SoftFloat
import Testing
import X86

/// One run of a `FloatOperation`: MXCSR and the sources in, and what came out.
///
/// Its text form is one line of a known-answer table,
/// `name mxcsr source... -> result mxcsr`, all in hex, with `-` for the result when the
/// instruction took #XM (the destination was left alone).
struct FloatCase: Sendable, CustomTestStringConvertible {
    let operation: FloatOperation
    let mxcsr: UInt32
    let sources: [UInt64]

    /// The destination's bits (nil after #XM) and MXCSR afterwards.
    struct Effect: Equatable, CustomStringConvertible {
        var result: UInt64?
        var mxcsr: UInt32

        var description: String { "\(result.map { String($0, radix: 16) } ?? "-") \(String(mxcsr, radix: 16))" }
    }

    var testDescription: String { "\(operation.name) \(String(mxcsr, radix: 16)) \(sources.map { String($0, radix: 16) }.joined(separator: " "))" }

    /// What the layer says the instruction does.
    func predicted() -> Effect {
        let environment = FloatEnvironment(mxcsr: mxcsr)
        let (bits, exceptions) = operation.model(sources, environment)
        let mask: UInt64 = operation.width == 64 ? .max : (1 << UInt64(operation.width)) - 1
        return Effect(result: environment.faults(exceptions) ? nil : bits & mask, mxcsr: mxcsr | exceptions.rawValue)
    }

    /// The initial state: MXCSR and the sources in place, the rest at the defaults.
    var state: MachineState {
        var state = MachineState.defaults
        state.vector.mxcsr = mxcsr
        for (source, value) in zip(operation.sources, sources) {
            switch source.location {
            case .xmm(let index): state.vector.ymm[index] = Vec256(value)
            case .rax: state.gpr[.rax] = value
            case .flags: break
            }
        }
        return state
    }

    /// What the CPU does.
    func observed(on sandbox: Sandbox) throws -> Effect {
        try effect(of: sandbox.run(operation.bytes, from: state))
    }

    /// What the reference model predicts for the whole instruction (decoded from its bytes).
    func modelled(by model: ReferenceModel, decoder: InstructionDecoder) throws -> Effect {
        guard let instruction = decoder.decode(operation.bytes), let prediction = model.predict(instruction, from: state) else {
            throw UnexpectedException(name: "no prediction", testCase: testDescription)
        }
        return try effect(of: prediction.outcome)
    }

    /// The destination and MXCSR an outcome shows (the destination nil after #XM).
    private func effect(of outcome: Outcome) throws -> Effect {
        let vector = outcome.vector ?? state.vector
        if let exception = outcome.exception {
            guard exception.vector == .xm else { throw UnexpectedException(name: exception.vector.name, testCase: testDescription) }
            return Effect(result: nil, mxcsr: vector.mxcsr)
        }
        let mask: UInt64 = operation.width == 64 ? .max : (1 << UInt64(operation.width)) - 1
        let result = switch operation.destination {
        case .xmm(let index): vector.ymm[index].q0 & mask
        case .rax: outcome.gpr[.rax] & mask
        case .flags: outcome.rflags & 0x45
        }
        return Effect(result: result, mxcsr: vector.mxcsr)
    }

    struct UnexpectedException: Error, CustomStringConvertible {
        let name: String
        let testCase: String
        var description: String { "\(testCase): the CPU raised \(name)" }
    }
}

/// A recorded line: the case and the effect the CPU gave.
struct KnownFloatAnswer: Sendable, CustomTestStringConvertible {
    let testCase: FloatCase
    let expected: FloatCase.Effect
    var testDescription: String { "\(testCase.testDescription) -> \(expected)" }

    /// Parses a table's lines (blank lines and `#` comments skipped).
    static func parse(_ table: String) -> [KnownFloatAnswer] {
        table.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingPrefix(" ")
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
            let halves = trimmed.split(separator: " -> ")
            precondition(halves.count == 2, "malformed line: \(line)")
            let inputs = halves[0].split(separator: " ").map(String.init)
            let outputs = halves[1].split(separator: " ").map(String.init)
            guard let operation = FloatOperation.byName[inputs[0]] else { preconditionFailure("unknown operation in: \(line)") }
            let testCase = FloatCase(operation: operation, mxcsr: UInt32(inputs[1], radix: 16)!,
                                     sources: inputs.dropFirst(2).map { UInt64($0, radix: 16)! })
            precondition(testCase.sources.count == operation.sources.count, "wrong number of sources in: \(line)")
            return KnownFloatAnswer(testCase: testCase,
                                    expected: FloatCase.Effect(result: outputs[0] == "-" ? nil : UInt64(outputs[0], radix: 16)!,
                                                               mxcsr: UInt32(outputs[1], radix: 16)!))
        }
    }
}
