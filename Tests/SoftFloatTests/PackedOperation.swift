import Sandbox
import SoftFloat
import Testing
import X86

/// A packed instruction whose lanes each do what a `FloatOperation` does, for checking how the
/// lanes' flags combine (`FloatEnvironment.recorded`) and that one faulting lane leaves the whole
/// destination alone.
struct PackedOperation: Sendable {
    let name: String
    let bytes: [UInt8]
    /// The scalar operation each lane performs, with the same source registers.
    let lane: FloatOperation
    let lanes: Int

    static let all: [PackedOperation] = [
        PackedOperation(name: "addps", bytes: [0x0F, 0x58, 0xC1], lane: FloatOperation.byName["addss"]!, lanes: 4),
        PackedOperation(name: "mulps", bytes: [0x0F, 0x59, 0xC1], lane: FloatOperation.byName["mulss"]!, lanes: 4),
        PackedOperation(name: "divps", bytes: [0x0F, 0x5E, 0xC1], lane: FloatOperation.byName["divss"]!, lanes: 4),
        PackedOperation(name: "sqrtps", bytes: [0x0F, 0x51, 0xC1], lane: FloatOperation.byName["sqrtss"]!, lanes: 4),
        PackedOperation(name: "minps", bytes: [0x0F, 0x5D, 0xC1], lane: FloatOperation.byName["minss"]!, lanes: 4),
        PackedOperation(name: "addpd", bytes: [0x66, 0x0F, 0x58, 0xC1], lane: FloatOperation.byName["addsd"]!, lanes: 2),
        PackedOperation(name: "divpd", bytes: [0x66, 0x0F, 0x5E, 0xC1], lane: FloatOperation.byName["divsd"]!, lanes: 2),
        PackedOperation(name: "vfmadd231ps ymm", bytes: [0xC4, 0xE2, 0x75, 0xB8, 0xC2], lane: FloatOperation.byName["vfmadd231ss"]!, lanes: 8),
        PackedOperation(name: "vfnmsub231pd ymm", bytes: [0xC4, 0xE2, 0xF5, 0xBE, 0xC2], lane: FloatOperation.byName["vfnmsub231sd"]!, lanes: 4),
    ]

    /// The lanes' destination bits (nil after #XM) and MXCSR afterwards.
    struct Effect: Equatable, CustomStringConvertible {
        var lanes: [UInt64]?
        var mxcsr: UInt32
        var description: String { "\(lanes.map { $0.map { String($0, radix: 16) }.joined(separator: ",") } ?? "-") \(String(mxcsr, radix: 16))" }
    }

    /// The layer's prediction for `sources[lane][source]`.
    func predicted(mxcsr: UInt32, sources: [[UInt64]]) -> Effect {
        let environment = FloatEnvironment(mxcsr: mxcsr)
        var raised: Exceptions = []
        var results: [UInt64] = []
        for laneSources in sources {
            let (bits, exceptions) = lane.model(laneSources, environment)
            raised.formUnion(exceptions)
            results.append(bits & laneMask)
        }
        let recorded = environment.recorded(raised)
        return Effect(lanes: environment.faults(recorded) ? nil : results, mxcsr: mxcsr | recorded.rawValue)
    }

    func observed(mxcsr: UInt32, sources: [[UInt64]], on sandbox: Sandbox) throws -> Effect {
        var state = MachineState.defaults
        state.vector.mxcsr = mxcsr
        for (index, source) in lane.sources.enumerated() {
            guard case .xmm(let register) = source.location else { preconditionFailure("packed sources are registers") }
            state.vector.ymm[register] = pack(sources.map { $0[index] })
        }
        let outcome = try sandbox.run(bytes, from: state)
        let vector = try #require(outcome.vector)
        if outcome.exception != nil { return Effect(lanes: nil, mxcsr: vector.mxcsr) }
        guard case .xmm(let destination) = lane.destination else { preconditionFailure("packed destinations are registers") }
        return Effect(lanes: unpack(vector.ymm[destination]), mxcsr: vector.mxcsr)
    }

    private var laneBits: Int { lane.width }
    private var laneMask: UInt64 { laneBits == 64 ? .max : (1 << UInt64(laneBits)) - 1 }

    private func pack(_ values: [UInt64]) -> Vec256 {
        var vector = Vec256()
        for (index, value) in values.enumerated() {
            let bit = index * laneBits
            vector[qword: bit / 64] |= (value & laneMask) << UInt64(bit % 64)
        }
        return vector
    }

    private func unpack(_ vector: Vec256) -> [UInt64] {
        (0..<lanes).map { index in
            let bit = index * laneBits
            return (vector[qword: bit / 64] >> UInt64(bit % 64)) & laneMask
        }
    }
}
