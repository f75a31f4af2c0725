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

/// FSINCOS results the model predicts within 1 ulp of its reference: a CPU register 1 ulp off
/// agrees, 2 ulps off (or with C1 different, which the model leaves to the CPU) is judged as such,
/// and the exact register beside it stays exact.
struct X87ApproximationClassTests {
    /// The divergences when the CPU's st0 and st1 after `fsincos` of 1.0 are the model's moved by
    /// `cosineSteps` and `sineSteps` units in the last place, and its FSW has C1 flipped.
    private func divergences(cosineSteps: Int64, sineSteps: Int64, flipC1: Bool = false) throws -> [Divergence] {
        let instruction = try #require(try InstructionDecoder().decode(Hex.parseBytes("d9fb")))
        var state = MachineState.defaults
        state.vector.ftw = 0x01
        state.vector.st[0] = X87Register(significand: 1 << 63, signExponent: 0x3FFF)
        let prediction = try #require(ReferenceModel(profile: .amdZen3).predict(instruction, from: state))
        #expect(prediction.approximateX87.map(\.stackIndex).sorted() == [0, 1])
        var hardware = prediction.outcome
        var vector = try #require(hardware.vector)
        vector.st[0].significand = UInt64(bitPattern: Int64(bitPattern: vector.st[0].significand) + cosineSteps)
        vector.st[1].significand = UInt64(bitPattern: Int64(bitPattern: vector.st[1].significand) + sineSteps)
        if flipC1 { vector.fsw ^= 0x0200 }
        hardware.vector = vector
        return Comparator(platform: .kvm).compare(hardware: hardware, prediction: prediction, instruction: instruction)
    }

    @Test func registersWithinAnUlpAgree() throws {
        #expect(try divergences(cosineSteps: 1, sineSteps: -1, flipC1: true).isEmpty)
    }

    @Test func twoUlpsOffIsAnApproximationDivergence() throws {
        let found = try divergences(cosineSteps: 0, sineSteps: 2)
        #expect(found.map(\.field) == ["st1"])
        #expect(found.map(\.class) == [.approximation])
    }

    @Test func theBoundCountsRepresentableValuesAcrossSignsAndClasses() {
        let one = X87Register(significand: 1 << 63, signExponent: 0x3FFF)
        let belowOne = X87Register(significand: UInt64.max, signExponent: 0x3FFE)
        let register = ApproximateX87Register(stackIndex: 0, function: "fsin")
        #expect(register.accepts(cpu: belowOne, model: one))
        #expect(!register.accepts(cpu: X87Register(significand: UInt64.max - 1, signExponent: 0x3FFE), model: one))
        #expect(!register.accepts(cpu: X87Register(significand: 1 << 63, signExponent: 0xBFFF), model: one))
        #expect(!register.accepts(cpu: X87Register(significand: 0xC000_0000_0000_0000, signExponent: 0xFFFF), model: one))
    }
}
