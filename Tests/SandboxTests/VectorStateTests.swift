import Sandbox
import Testing
import TestSupport
import X86

/// The vector registers a case sets are the ones the instruction sees and reports.
@Suite(.needsKVM)
struct VectorStateTests {
    let sandbox: Sandbox

    init() throws { sandbox = try Sandbox() }

    func state(ymm1: Vec256, ymm2: Vec256 = .zero) -> MachineState {
        var state = MachineState.defaults
        state.vector.ymm[1] = ymm1
        state.vector.ymm[2] = ymm2
        return state
    }

    /// kvm_pvm's first touch of a data page went through KVM's emulator, which raised #UD for a
    /// legacy-SSE load when RSP was non-canonical; the sandbox touches the window first.
    @Test func firstSSELoadInAFreshVMCompletesWhateverRSP() throws {
        var before = MachineState.defaults
        before.gpr[.rsi] = GuestLayout.dataBase + 0x1000
        before.gpr[.rsp] = 0xFC53_ECC8_F3F4_B05F
        let outcome = try sandbox.run([0x66, 0x0F, 0x16, 0x06], from: before)
        #expect(outcome.exception == nil)
        #expect(outcome.rip == GuestLayout.codeAddress + 4)
    }

    @Test func registersSurviveANop() throws {
        var before = state(ymm1: Vec256(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210, 0x1111, 0x2222))
        before.vector.ymm[15] = Vec256(1, 2, 3, 4)
        before.vector.mxcsr = 0x9FC0
        let outcome = try sandbox.run([0x90], from: before)
        #expect(outcome.vector == before.vector)
    }

    @Test func legacyPadddAddsLanesAndKeepsTheUpperHalf() throws {
        let before = state(ymm1: Vec256(0x0000_0002_0000_0001, 0xFFFF_FFFF_0000_0003, 0xAAAA, 0xBBBB),
                           ymm2: Vec256(0x0000_0010_0000_0010, 0x0000_0001_0000_0010, 0xCCCC, 0xDDDD))
        let outcome = try sandbox.run([0x66, 0x0F, 0xFE, 0xCA], from: before)
        let result = try #require(outcome.vector).ymm[1]
        #expect(result == Vec256(0x0000_0012_0000_0011, 0x0000_0000_0000_0013, 0xAAAA, 0xBBBB))
    }

    @Test func vex128OperationClearsTheUpperHalf() throws {
        let before = state(ymm1: Vec256(1, 2, 0xAAAA, 0xBBBB), ymm2: Vec256(10, 20, 0xCCCC, 0xDDDD))
        let outcome = try sandbox.run([0xC5, 0xF1, 0xFE, 0xCA], from: before)
        #expect(try #require(outcome.vector).ymm[1] == Vec256(11, 22, 0, 0))
    }

    @Test func vectorStateIsNotReadBackWhenTheCallerSaysSo() throws {
        let outcome = try sandbox.run([0x90], from: state(ymm1: Vec256(5)), observeVectorState: false)
        #expect(outcome.vector == nil)
    }
}
