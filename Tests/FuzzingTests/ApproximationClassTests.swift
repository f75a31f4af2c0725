import Decoding
import Fuzzing
import Semantics
import Testing
import X86

/// RCPPS lanes the model predicts by the manuals' bound: a CPU value inside the bound agrees, one
/// outside is class `approximation`, and a difference elsewhere in the register is `model`.
struct ApproximationClassTests {
    /// The divergences when the CPU leaves `cpuLanes` (lane 0 first) in xmm0 after `rcpps xmm0, xmm1`
    /// with xmm1 = 1.0, 2.0, +0, 4.0.
    private func divergences(_ cpuLanes: [UInt32]) throws -> [Divergence] {
        let instruction = try #require(try InstructionDecoder().decode(Hex.parseBytes("0f53c1")))
        var state = MachineState.defaults
        state.vector.ymm[1] = Vec256(0x4000_0000_3F80_0000, 0x4080_0000_0000_0000)
        let prediction = try #require(ReferenceModel(profile: .amdZen4).predict(instruction, from: state))
        #expect(prediction.approximateLanes.map(\.lane) == [0, 1, 3])
        var hardware = prediction.outcome
        let lanes = cpuLanes.map(UInt64.init)
        var vector = try #require(hardware.vector)
        vector.ymm[0] = Vec256(lanes[0] | lanes[1] << 32, lanes[2] | lanes[3] << 32)
        hardware.vector = vector
        return Comparator(platform: .kvm).compare(hardware: hardware, prediction: prediction, instruction: instruction)
    }

    @Test func lanesInsideTheBoundAgree() throws {
        #expect(try divergences([0x3F7F_F000, 0x3EFF_F000, 0x7F80_0000, 0x3E7F_F000]).isEmpty)
    }

    @Test func aLaneOutsideTheBoundIsAnApproximationDivergence() throws {
        let found = try divergences([0x3F7F_0000, 0x3EFF_F000, 0x7F80_0000, 0x3E7F_F000])
        #expect(found.map(\.field) == ["ymm0[0]"])
        #expect(found.map(\.class) == [.approximation])
    }

    @Test func anExactLaneStaysExact() throws {
        let found = try divergences([0x3F7F_F000, 0x3EFF_F000, 0x7F7F_FFFF, 0x3E7F_F000])
        #expect(found.map(\.field) == ["ymm0"])
        #expect(found.map(\.class) == [.model])
    }
}
