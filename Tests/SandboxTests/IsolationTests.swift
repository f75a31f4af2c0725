import Sandbox
import Testing
import TestSupport
import X86

/// The guest's control structures are out of reach of the code under test, a stuck case is cut
/// off by the watchdog. (The 10,000-case leak check runs `bench exec` in its own process.)
@Suite(.needsKVM)
struct IsolationTests {
    static let controlStructures: [(name: String, address: UInt64)] = [
        ("IDT", GuestLayout.idt), ("GDT", GuestLayout.gdt), ("page tables", GuestLayout.pml4),
        ("handlers", GuestLayout.handlers), ("CPL0 stack", GuestLayout.kernelStackTop - 8),
    ]

    /// A store at CPL3 into a supervisor page is a protection fault: error code 7 is present (1),
    /// write (2) and user (4). The next case still runs on intact tables.
    @Test(arguments: controlStructures.map(\.address))
    func storeIntoControlStructureRaisesProtectionFault(address: UInt64) throws {
        let sandbox = try Sandbox()
        var state = MachineState.defaults
        state.gpr[.rsi] = address
        state.gpr[.rbx] = 0xDEAD_BEEF_DEAD_BEEF
        let outcome = try sandbox.run([0x48, 0x89, 0x1E], from: state)
        #expect(outcome.exception == ExceptionInfo(vector: .pf, errorCode: 7, cr2: address))

        var next = MachineState.defaults
        next.gpr[.rax] = 40
        next.gpr[.rbx] = 2
        let add = try sandbox.run([0x48, 0x01, 0xD8], from: next)
        #expect(add.exception == nil)
        #expect(add.gpr[.rax] == 42)
    }

    @Test func storeIntoCodePageRaisesProtectionFault() throws {
        let sandbox = try Sandbox()
        var state = MachineState.defaults
        state.gpr[.rsi] = GuestLayout.codeAddress + 0x10
        let outcome = try sandbox.run([0x48, 0x89, 0x1E], from: state)
        #expect(outcome.exception == ExceptionInfo(vector: .pf, errorCode: 7, cr2: GuestLayout.codeAddress + 0x10))
    }

    @Test func watchdogCutsOffACaseThatNeverTraps() throws {
        let sandbox = try Sandbox(options: Sandbox.Options(watchdogLimit: .milliseconds(200), singleStep: false))
        let loop: [UInt8] = [0xEB, 0xFE]
        #expect(throws: SandboxError.watchdogTimeout(milliseconds: 200)) {
            try sandbox.run(loop, from: MachineState.defaults)
        }
        let ud2 = try sandbox.run([0x0F, 0x0B], from: MachineState.defaults)
        #expect(ud2.exception == ExceptionInfo(vector: .ud))
    }
}
