import Sandbox
import Testing
import TestSupport
import X86

/// The CPU's length from fetch faults at the code page's end, with no decoder involved.
@Suite(.needsKVM)
struct LengthProbeTests {
    @Test(arguments: [
        ([0x90], 1),                                   // nop
        ([0x48, 0x01, 0xD8], 3),                       // add rax, rbx
        ([0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00], 6),     // nop word ptr [rax + rax]
        ([0x48, 0xB8, 1, 2, 3, 4, 5, 6, 7, 8], 10),    // mov rax, imm64
        ([0xC3], 1),                                   // ret: #GP on the popped address, still 1 byte
        ([0x0F, 0x01, 0xF8], 3),                       // swapgs: #GP at CPL3
        ([0x0F, 0x0D, 0x00], 3),                       // prefetch (AMD 3DNow! hint): Capstone 4 cannot decode it
    ] as [([UInt8], Int)])
    func measuresTheLength(bytes: [UInt8], length: Int) throws {
        let probe = LengthProbe(sandbox: try Sandbox())
        let padded = bytes + [UInt8](repeating: 0x90, count: 15 - bytes.count)
        let measured = try probe.measure(padded)
        #expect(measured.length == length)
        #expect(measured.fetched == length)
    }

    /// `jmp +0` at the page's end jumps to the next page and faults fetching there: with RIP at
    /// the target, not at the jump, so it is a completed 2-byte instruction.
    @Test func aBranchToTheNextPageIsNotAFetchFault() throws {
        let measured = try LengthProbe(sandbox: try Sandbox()).measure([0xEB, 0x00, 0x90])
        #expect(measured.length == 2)
        #expect(measured.outcome?.rip == LengthProbe.nextPage)
    }

    @Test func anInvalidOpcodeHasNoLength() throws {
        let measured = try LengthProbe(sandbox: try Sandbox()).measure([0x0F, 0x04, 0x90])
        #expect(measured.length == nil)
        #expect(measured.fetched == 2)
        #expect(measured.outcome?.exception?.vector == .ud)
    }

    @Test func tooFewBytesHaveNoLength() throws {
        let measured = try LengthProbe(sandbox: try Sandbox()).measure([0x48, 0xB8, 1, 2])
        #expect(measured.fetched == nil)
        #expect(measured.length == nil)
    }

    /// A wrong guess walks to the same answer as the plain walk from one byte.
    @Test(arguments: [1, 2, 5, 15])
    func aGuessDoesNotChangeTheAnswer(guess: Int) throws {
        let probe = LengthProbe(sandbox: try Sandbox())
        let bytes: [UInt8] = [0x67, 0x48, 0x8B, 0x84, 0x88, 1, 2, 3, 4, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90]
        #expect(try probe.measure(bytes, startingAt: guess) == probe.measure(bytes))
        #expect(try probe.measure(bytes, startingAt: guess).fetched == 9)
    }

    /// After a probe the sandbox runs ordinary cases at the code address again.
    @Test func theSandboxStillRunsCasesAtTheCodeAddress() throws {
        let sandbox = try Sandbox()
        _ = try LengthProbe(sandbox: sandbox).measure([0x48, 0xB8, 1, 2, 3, 4, 5, 6, 7, 8])
        var state = MachineState.defaults
        state.gpr[.rax] = 40
        state.gpr[.rbx] = 2
        let add = try sandbox.run([0x48, 0x01, 0xD8], from: state)
        #expect(add.exception == nil)
        #expect(add.gpr[.rax] == 42)
        #expect(add.rip == GuestLayout.codeAddress + 3)
    }
}
