import Decoding
import Sandbox
import Semantics
import Targets
import X86

/// Shrinks a divergence while it keeps diverging the same way (the same differing fields and
/// outcome kinds): registers to zero or one, status flags cleared, vector registers zeroed, the
/// data window seed to zero, explicit memory bytes dropped, legacy prefixes dropped. An entry's
/// targets run every candidate too.
public final class Minimizer {
    private let decoder: InstructionDecoder
    private let executor: LiveExecutor
    private var judgeCase: CaseJudge

    public init(profile: CPUProfile, strictUndefined: Bool, platform: Platform = .detected) throws {
        decoder = try InstructionDecoder()
        executor = LiveExecutor(sandbox: try Sandbox())
        judgeCase = CaseJudge(model: ReferenceModel(profile: profile),
                              comparator: Comparator(strictUndefined: strictUndefined, platform: platform))
    }

    /// What a candidate must reproduce: the divergence fields (with classes) and the outcome kinds.
    private struct Shape: Equatable {
        var fields: [String]
        var hardwareOutcome: String
        var modelOutcome: String

        init(_ signature: DivergenceSignature) {
            fields = signature.fields
            hardwareOutcome = signature.hardwareOutcome
            modelOutcome = signature.modelOutcome
        }
    }

    /// The smallest variant of `entry` found, as a new entry, and the number of trials run.
    public func minimize(_ entry: CorpusEntry) throws -> (entry: CorpusEntry, trials: Int) {
        var trials = 0
        // An entry found with targets keeps diverging the same way only with them, and without
        // the model where it was found without.
        judgeCase.targets = try (entry.targets ?? []).map { record throws(TargetError) in try Targets.open(record.name) }
        judgeCase.comparesModel = entry.model != nil
        guard let original = try judge(entry.bytes.bytes, entry.initialState) else {
            throw MinimizeError(message: "the entry does not diverge any more (or the model does not cover it)")
        }
        let target = Shape(original.signature)
        var best = (bytes: entry.bytes.bytes, state: entry.initialState, finding: original)

        func attempt(_ bytes: [UInt8], _ state: MachineState) throws -> Bool {
            trials += 1
            guard let finding = try judge(bytes, state), Shape(finding.signature) == target else { return false }
            best = (finding.instruction.bytes, state, finding)
            return true
        }

        for register in GPR.allCases where best.state.gpr[register] != 0 {
            var state = best.state
            state.gpr[register] = 0
            if try !attempt(best.bytes, state) {
                state.gpr[register] = 1
                _ = try attempt(best.bytes, state)
            }
        }
        for flag in [RFlags.cf, RFlags.pf, RFlags.af, RFlags.zf, RFlags.sf, RFlags.of, RFlags.df, RFlags.ac, RFlags.id]
            where best.state.rflags & flag != 0 {
            var state = best.state
            state.rflags &= ~flag
            _ = try attempt(best.bytes, state)
        }
        for index in 0..<16 where best.state.vector.ymm[index] != .zero {
            var state = best.state
            state.vector.ymm[index] = .zero
            _ = try attempt(best.bytes, state)
        }
        if best.state.vector.mxcsr != VectorState.defaultMXCSR {
            var state = best.state
            state.vector.mxcsr = VectorState.defaultMXCSR
            _ = try attempt(best.bytes, state)
        }
        for index in best.state.memoryPatches.indices.reversed() {
            var state = best.state
            state.memoryPatches.remove(at: index)
            _ = try attempt(best.bytes, state)
        }
        if best.state.dataSeed != 0 {
            var state = best.state
            state.dataSeed = 0
            _ = try attempt(best.bytes, state)
        }
        var position = 0
        while position < best.finding.instruction.prefixes.legacy.count {
            var bytes = best.bytes
            bytes.remove(at: position)
            if try !attempt(bytes, best.state) { position += 1 }
        }

        var minimized = CorpusEntry(finding: best.finding, environment: entry.environment, origin: entry.origin,
                                    firstSeen: .now)
        minimized.notes = "minimized from \(entry.fileName) in \(trials) trials"
        return (minimized, trials)
    }

    /// Runs a candidate through the one judgement; its finding when the CPU and the model diverge.
    private func judge(_ bytes: [UInt8], _ state: MachineState) throws -> Finding? {
        let instruction = decoder.decodeCase(bytes) ?? .undecodable(bytes)
        switch judgeCase.judge(instruction, from: state, on: executor) {
        case .harnessError(let error): throw error
        case .unsupported, .agreed: return nil
        case .diverged(let finding): return finding
        }
    }
}

/// Why an entry could not be minimized.
public struct MinimizeError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
