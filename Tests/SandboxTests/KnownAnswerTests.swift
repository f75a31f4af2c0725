import Sandbox
import Testing
import TestSupport
import X86

/// Known-answer cases, each checked against what the CPU did (run through `x86fuzz exec`).
@Suite(.needsKVM)
struct KnownAnswerTests {
    let sandbox: Sandbox

    init() throws { sandbox = try Sandbox() }

    func run(_ hex: String, _ registers: [GPR: UInt64] = [:], rflags: UInt64 = MachineState.defaultRFlags,
             patches: [MemoryRun] = []) throws -> (MachineState, Outcome) {
        var state = MachineState.defaults
        for (register, value) in registers { state.gpr[register] = value }
        state.rflags = rflags
        state.memoryPatches = patches
        return (state, try sandbox.run(try Hex.parseBytes(hex), from: state))
    }

    @Test func addCompletesWithSumAndFlags() throws {
        let (_, outcome) = try run("4801d8", [.rax: 0xFFFF_FFFF_FFFF_FFFF, .rbx: 2])
        #expect(outcome.exception == nil)
        #expect(outcome.gpr[.rax] == 1)
        #expect(outcome.rip == GuestLayout.codeAddress + 3)
        #expect(outcome.rflags == RFlags.if | RFlags.reserved1 | RFlags.cf | RFlags.af)
        #expect(outcome.memoryWrites.isEmpty)
    }

    @Test func ud2RaisesInvalidOpcode() throws {
        let (_, outcome) = try run("0f0b")
        #expect(outcome.exception == ExceptionInfo(vector: .ud))
        #expect(outcome.rip == GuestLayout.codeAddress)
    }

    @Test(arguments: ["f4", "fa"])
    func privilegedInstructionRaisesGeneralProtection(hex: String) throws {
        let (_, outcome) = try run(hex)
        #expect(outcome.exception == ExceptionInfo(vector: .gp, errorCode: 0))
        #expect(outcome.rip == GuestLayout.codeAddress)
    }

    @Test func storeIntoWindowIsReportedAsWrite() throws {
        let address = GuestLayout.dataBase + 0x100
        let (_, outcome) = try run("48891e", [.rsi: address, .rbx: 0x1122_3344_5566_7788])
        #expect(outcome.exception == nil)
        #expect(outcome.memoryWrites == [MemoryRun(address: address, bytes: [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11])])
    }

    @Test(arguments: [("488b06", UInt64(4)), ("488906", UInt64(6))])
    func accessToNotPresentPageRaisesPageFault(hex: String, errorCode: UInt64) throws {
        let address: UInt64 = 0x4000_0010
        let (_, outcome) = try run(hex, [.rsi: address])
        #expect(outcome.exception == ExceptionInfo(vector: .pf, errorCode: errorCode, cr2: address))
        #expect(outcome.rip == GuestLayout.codeAddress)
    }

    @Test func nonCanonicalLoadRaisesGeneralProtection() throws {
        let (_, outcome) = try run("488b06", [.rsi: 0x8000_0000_0000_0000])
        #expect(outcome.exception == ExceptionInfo(vector: .gp, errorCode: 0))
    }

    @Test func divideByZeroRaisesDivideError() throws {
        let (_, outcome) = try run("48f7f1", [.rax: 10, .rcx: 0])
        #expect(outcome.exception == ExceptionInfo(vector: .de))
        #expect(outcome.rip == GuestLayout.codeAddress)
    }

    @Test func pushWritesBelowStackPointer() throws {
        let (state, outcome) = try run("53", [.rbx: 0xABCD])
        let rsp = state.gpr[.rsp] - 8
        #expect(outcome.gpr[.rsp] == rsp)
        #expect(outcome.memoryWrites == [MemoryRun(address: rsp, bytes: [0xCD, 0xAB, 0, 0, 0, 0, 0, 0])])
    }

    @Test func popReadsAndRaisesStackPointer() throws {
        let rsp = MachineState.defaultRSP
        let (_, outcome) = try run("5b", patches: [MemoryRun(address: rsp, bytes: [1, 2, 3, 4, 5, 6, 7, 8])])
        #expect(outcome.gpr[.rbx] == 0x0807_0605_0403_0201)
        #expect(outcome.gpr[.rsp] == rsp + 8)
        #expect(outcome.memoryWrites.isEmpty)
    }

    @Test func jmpRel32LandsAtTarget() throws {
        let (_, outcome) = try run("e900100000")
        #expect(outcome.exception == nil)
        #expect(outcome.rip == GuestLayout.codeAddress + 5 + 0x1000)
    }

    @Test func takenJccLandsAtTarget() throws {
        let (_, outcome) = try run("74f0", rflags: MachineState.defaultRFlags | RFlags.zf)
        #expect(outcome.rip == GuestLayout.codeAddress + 2 - 0x10)
        let (_, notTaken) = try run("74f0")
        #expect(notTaken.rip == GuestLayout.codeAddress + 2)
    }

    @Test func repStosbStopsAfterOneIteration() throws {
        let destination = GuestLayout.dataBase + 0x40
        let (_, outcome) = try run("f3aa", [.rcx: 3, .rdi: destination, .rax: 0x5A])
        #expect(outcome.exception == nil)
        #expect(outcome.gpr[.rcx] == 2)
        #expect(outcome.gpr[.rdi] == destination + 1)
        #expect(outcome.rip == GuestLayout.codeAddress)
        #expect(outcome.memoryWrites == [MemoryRun(address: destination, bytes: [0x5A])])
    }

    /// MOV SS inhibits debug exceptions until the next instruction boundary (Intel SDM Vol. 3,
    /// 6.8.3), so the single-step trap comes after the instruction that follows: the one-byte
    /// `nop` filler. The outcome is a completed step whose RIP is past the filler, at +3.
    @Test func movSSDelaysTheTrapPastTheFiller() throws {
        let (_, outcome) = try run("8ed0", [.rax: UInt64(GuestLayout.userDataSelector)])
        #expect(outcome.exception == nil)
        #expect(outcome.rip == GuestLayout.codeAddress + 2 + 1)
    }

    /// Loading SS with the 32-bit code selector is a #GP with the selector's index as error code.
    @Test func movSSWithACodeSelectorRaisesGeneralProtection() throws {
        let (_, outcome) = try run("8ed0", [.rax: UInt64(GuestLayout.userCode32Selector)])
        #expect(outcome.exception == ExceptionInfo(vector: .gp, errorCode: UInt64(GuestLayout.userCode32Selector) & ~3))
    }

    /// POP SS does not exist in 64-bit mode.
    @Test func popSSIsInvalid() throws {
        let (_, outcome) = try run("17")
        #expect(outcome.exception == ExceptionInfo(vector: .ud))
    }
}
