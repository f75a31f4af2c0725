import Decoding
import Fuzzing
import Semantics
import Testing
import X86

/// A branch that ends near its own bytes did not change length: when the CPU and the model
/// disagree on where LOOP lands, that is the model's divergence, not the decoder's (Capstone 4
/// puts LOOP, LOOPE and LOOPNE in no jump group, only among relative branches).
struct BranchLengthClassTests {
    @Test(arguments: ["e203", "e103", "e003", "e303", "7403"])
    func aShortBranchToANearbyTargetIsNotALengthDivergence(hex: String) throws {
        let instruction = try #require(try InstructionDecoder().decode(Hex.parseBytes(hex)))
        var state = MachineState.defaults
        state.gpr[.rcx] = 1
        let prediction = try #require(ReferenceModel(profile: .amdZen4).predict(instruction, from: state))
        var hardware = prediction.outcome
        hardware.rip = prediction.outcome.rip == 0x10002 ? 0x10005 : 0x10002
        let divergences = Comparator().compare(hardware: hardware, prediction: prediction, instruction: instruction)
        #expect(divergences.map(\.class) == [.model])
    }
}
