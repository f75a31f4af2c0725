import Decoding
import Foundation
import Fuzzing
import Semantics
import X86

/// Corpus entries made without a CPU: a recorded "hardware" outcome is the model's prediction,
/// optionally altered, so that model-only replay has a known answer for each.
public enum CorpusFixtures {
    public static let model = ReferenceModel(profile: .amdZen4)

    /// An entry for `add rax, rbx` with rax = `rax`; `alterRAX` makes the recorded CPU outcome
    /// disagree with the model in RAX.
    public static func entry(rax: UInt64, alterRAX: Bool, status: CorpusEntry.Status = .open) throws -> CorpusEntry {
        let instruction = try InstructionDecoder().decode([0x48, 0x01, 0xD8])!
        var state = MachineState.defaults
        state.gpr[.rax] = rax
        state.gpr[.rbx] = 2
        let prediction = model.predict(instruction, from: state)!
        var hardware = prediction.outcome
        hardware.vector = nil
        if alterRAX { hardware.gpr[.rax] ^= 0x100 }
        let divergences = Comparator().compare(hardware: hardware, prediction: prediction, instruction: instruction)
        let recorded = divergences.isEmpty ? [Divergence(field: "rax", hardware: "-", model: "-", class: .model)] : divergences
        let finding = Finding(caseIndex: rax, instruction: instruction, state: state, hardware: hardware, prediction: prediction,
                              divergences: recorded,
                              signature: DivergenceSignature(instruction: instruction, divergences: recorded, hardware: hardware,
                                                             model: prediction.outcome))
        var entry = CorpusEntry(finding: finding, environment: .current, origin: .init(seed: 1, caseIndex: rax, shard: "0/1"),
                                firstSeen: Date(timeIntervalSince1970: 0))
        entry.status = status
        return entry
    }

    /// A fresh empty directory under the temporary directory.
    public static func directory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("x86fuzz-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
