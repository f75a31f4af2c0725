import Sandbox
import Testing
import TestSupport
import X86

/// Both executors load and read back the x87 state, and the CPU keeps it as loaded (measured on
/// Zen 3, family 19h model 01h, under kvm_pvm) except where it normalizes the control and status words.
@Suite(.needsKVM)
struct X87SandboxTests {
    /// TOP 3, tags mixed, and a register of every class: zero, normal, denormal, pseudo-denormal,
    /// infinity, NaN, pseudo-NaN, an MMX value.
    static var state: MachineState {
        var state = MachineState.defaults
        state.vector.fcw = 0x1B72
        state.vector.fsw = 0x5B00
        state.vector.ftw = 0xA5
        let registers: [(UInt16, UInt64)] = [(0x8000, 0), (0x3FFF, 0xC000_0000_0000_0000), (0, 1), (0x8000, 0x8000_0000_0000_0001),
                                             (0x7FFF, 0x8000_0000_0000_0000), (0xFFFF, 0xC000_0000_0000_0001),
                                             (0x7FFF, 0x0000_0000_0000_0001), (0xFFFF, 0x1122_3344_5566_7788)]
        for (index, (exponent, significand)) in registers.enumerated() {
            state.vector.st[index] = X87Register(significand: significand, signExponent: exponent)
        }
        return state
    }

    @Test func bothExecutorsKeepTheX87StateAcrossAnSSEInstruction() throws {
        let paddd: [UInt8] = [0x66, 0x0F, 0xFE, 0xC1]
        let single = try Sandbox().run(paddd, from: Self.state)
        #expect(single.vector?.withX87Registers(of: Self.state.vector) == single.vector)
        #expect(single.vector?.st[7] == Self.state.vector.st[7])
        #expect(single.vector?.ftw == 0xA5)
        #expect(single.vector?.fcw == 0x1B72 && single.vector?.fsw == 0x5B00)
        guard case .completed(let results) = try BatchSandbox().run([BatchCase(bytes: paddd, state: Self.state, observeVectorState: true)]) else {
            Issue.record("the batch was abandoned")
            return
        }
        #expect(results == [.outcome(single)])
    }

    /// FCW keeps bits 0-5 and 8-12 with bit 6 set; FSW's ES and B both say whether an unmasked
    /// exception flag is set, whatever was loaded. Measured on AMD Zen only.
    @Test(.needsAMDZen) func theCPUNormalizesTheControlAndStatusWords() throws {
        var state = MachineState.defaults
        state.vector.fcw = 0xFFFF
        state.vector.fsw = 0x00FF
        let outcome = try Sandbox().run([0x90], from: state)
        #expect(outcome.vector?.fcw == 0x1F7F)
        #expect(outcome.vector?.fsw == 0x007F)
        state.vector.fcw = 0x037E
        state.vector.fsw = 0x0001
        #expect(try Sandbox().run([0x90], from: state).vector?.fsw == 0x8081)
    }

    /// `paddb mm0, mm1`: TOP 0, every tag valid, the destination's exponent all ones.
    @Test func anMMXInstructionResetsTopAndTagsTheRegisters() throws {
        var state = MachineState.defaults
        state.vector.fsw = 0x3800
        state.vector.setMM(0, 5)
        state.vector.setMM(1, 7)
        let vector = try #require(try Sandbox().run([0x0F, 0xFC, 0xC1], from: state).vector)
        #expect(vector.fsw == 0 && vector.ftw == 0xFF)
        #expect(vector.st[0] == X87Register(significand: 12, signExponent: 0xFFFF))
        #expect(vector.st[1] == X87Register(significand: 7, signExponent: 0))
    }
}
