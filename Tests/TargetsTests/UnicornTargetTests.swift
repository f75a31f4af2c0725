import Targets
import Testing
import TestSupport
import X86

/// Unicorn as a target: what it reports for a few cases whose CPU outcome the README documents.
@Suite(.needsUnicorn)
struct UnicornTargetTests {
    func run(_ bytes: [UInt8], _ set: (inout MachineState) -> Void = { _ in }) throws -> (Outcome, [String]) {
        var state = MachineState.defaults
        set(&state)
        guard case .observed(let outcome, let unobserved) = try Targets.open("unicorn").run(bytes, from: state) else {
            throw TargetError("Unicorn reported no outcome")
        }
        return (outcome, unobserved)
    }

    @Test func addRunsOneInstruction() throws {
        let (outcome, unobserved) = try run([0x48, 0x01, 0xD8]) { $0.gpr[.rax] = 1; $0.gpr[.rbx] = 2 }
        #expect(outcome.exception == nil)
        #expect(outcome.gpr[.rax] == 3)
        #expect(outcome.rip == GuestLayout.codeAddress + 3)
        #expect(outcome.rflags == 0x206)
        #expect(!unobserved.contains("exception.errorCode"))
    }

    @Test func theCodePageIsRewrittenBetweenCases() throws {
        let target = try Targets.open("unicorn")
        var state = MachineState.defaults
        state.gpr[.rax] = 1
        _ = try target.run([0x48, 0x01, 0xC0], from: state)
        guard case .observed(let outcome, _) = try target.run([0x48, 0xFF, 0xC0], from: state) else { throw TargetError("no outcome") }
        #expect(outcome.gpr[.rax] == 2, "inc rax, not a cached add rax, rax")
    }

    /// Unicorn runs at CPL0, where `mov cr0, rax` takes: CR0.TS set by one case must not make the
    /// next case's SSE instruction #NM.
    @Test func aCaseCannotChangeTheNextCasesControlRegisters() throws {
        let target = try Targets.open("unicorn")
        var state = MachineState.defaults
        state.gpr[.rax] = 0x19
        _ = try target.run([0x0F, 0x22, 0xC0], from: state)
        guard case .observed(let outcome, _) = try target.run([0x66, 0x0F, 0xFE, 0xC1], from: .defaults) else { throw TargetError("no outcome") }
        #expect(outcome.exception == nil)
    }

    @Test func aStoreIsAMemoryWrite() throws {
        let (outcome, _) = try run([0x48, 0x89, 0x1E]) { $0.gpr[.rsi] = 0x20100; $0.gpr[.rbx] = 0x1122_3344_5566_7788 }
        #expect(outcome.memoryWrites.count == 1)
        #expect(outcome.memoryWrites.first?.address == 0x20100)
    }

    @Test func faultsMapToVectors() throws {
        let (unmapped, unobserved) = try run([0x48, 0x8B, 0x06]) { $0.gpr[.rsi] = 0x4000_0000 }
        #expect(unmapped.exception == ExceptionInfo(vector: .pf, cr2: 0x4000_0000))
        #expect(unobserved.contains("exception.errorCode") && !unobserved.contains("exception.cr2"))
        #expect(try run([0x0F, 0x0B]).0.exception?.vector == .ud)
        let (breakpoint, _) = try run([0xCC])
        #expect(breakpoint.exception?.vector == .bp)
        #expect(breakpoint.rip == GuestLayout.codeAddress + 1)
    }

    @Test func theVectorRegistersGoInAndComeBack() throws {
        // paddd xmm0, xmm1
        let (outcome, _) = try run([0x66, 0x0F, 0xFE, 0xC1]) {
            $0.vector.ymm[0] = Vec256(1, 2)
            $0.vector.ymm[1] = Vec256(0x10, 0x20)
        }
        #expect(outcome.vector?.ymm[0] == Vec256(0x11, 0x22))
    }
}
