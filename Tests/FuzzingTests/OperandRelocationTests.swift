import Foundation
import Decoding
import Fuzzing
import Sandbox
import Semantics
import Testing
import TestSupport
import X86

/// Moving a memory operand to a canonical, aligned address, and what the re-run there decides.
struct OperandRelocationTests {
    private func moved(_ hex: String, _ registers: [GPR: UInt64]) throws -> MachineState? {
        let instruction = try #require(try InstructionDecoder().decode(Hex.parseBytes(hex)))
        var state = MachineState.defaults
        for (register, value) in registers { state.gpr[register] = value }
        return OperandRelocation.state(state, movingTheOperandOf: instruction)
    }

    @Test func theBaseRegisterCarriesTheOperandToTheTarget() throws {
        let target = OperandRelocation.target
        #expect(try moved("480300", [.rax: 0x8000_0000_0000_0000])?.gpr[.rax] == target, "add rax, [rax]")
        let state = try #require(try moved("48035c8b08", [.rbx: 0x7FFF_FFFF_FFFF_0001, .rcx: 3]), "add rbx, [rbx + rcx*4 + 8]")
        #expect(state.gpr[.rbx] &+ 3 * 4 &+ 8 == target)
        #expect(state.gpr[.rcx] == 3)
        #expect(try moved("48031c0d00000000", [.rcx: 0x8000_0000_0000_0000])?.gpr[.rcx] == target, "add rbx, [rcx*1]")
    }

    @Test func withThirtyTwoBitAddressingOnlyTheLowHalfCounts() throws {
        let state = try #require(try moved("67480300", [.rax: 0xDEAD_0000_0000_0003]), "add rax, [eax]")
        #expect(state.gpr[.rax] & 0xFFFF_FFFF == OperandRelocation.target)
    }

    @Test func anOperandWithoutAMovableRegisterStaysPut() throws {
        #expect(try moved("48031c8d00000000", [.rcx: 1]) == nil, "[rcx*4]: no base, scaled index")
        #expect(try moved("48031d00000000", [:]) == nil, "RIP-relative")
        #expect(try moved("4803042500000000", [:]) == nil, "absolute")
        #expect(try moved("6448030300", [.rbx: 1]) == nil, "FS-relative")
        #expect(try moved("48030400", [.rax: 1]) == nil, "[rax + rax]: base and index alike")
        #expect(try moved("0f0b", [:]) == nil, "no memory operand")
    }

    @Test func theSameFaultAtAHarmlessAddressIsTheModels() {
        let divergences = [Divergence(field: "exception.vector", hardware: "#UD", model: "#GP", class: .harness)]
        let still = OperandRelocation.judged(divergences, fault: ExceptionInfo(vector: .ud), movedCPU: ExceptionInfo(vector: .ud))
        #expect(still.divergences.map(\.class) == [.model])
        #expect(still.evidence.contains("still raises #UD"))
        let gone = OperandRelocation.judged(divergences, fault: ExceptionInfo(vector: .ud), movedCPU: nil)
        #expect(gone.divergences.map(\.class) == [.harness])
        #expect(gone.evidence.contains("gives completed: the #UD came from the address"))
    }
}

/// On kvm_pvm, a campaign's re-run with the operand moved confirms that a #UD for `paddd xmm0,
/// [rax]` at a non-canonical address is the hypervisor's, and records why.
@Suite(.needsKVMPVM)
struct RelocationOnTheCPUTests {
    @Test func aReJudgedFaultIsConfirmedAsTheHypervisorsWithEvidence() throws {
        let model = ReferenceModel(profile: HostEnvironment.current.profile)
        let runner = try CaseRunner(seed: 1, focus: nil, model: model, comparator: Comparator(platform: .kvmPVM))
        let instruction = try #require(try InstructionDecoder().decode([0x66, 0x0F, 0xFE, 0x00]))
        var state = MachineState.defaults
        state.gpr[.rax] = 0x8000_0000_0000_0000
        guard case .diverged(let finding) = runner.judge(instruction, from: state, caseIndex: 0) else {
            Issue.record("paddd xmm0, [rax] at a non-canonical address should diverge under kvm_pvm")
            return
        }
        #expect(Set(finding.divergences.map(\.class)) == [.harness])
        #expect(finding.evidence?.contains("the CPU gives completed: the #UD came from the address") == true, "\(finding.evidence ?? "none")")
    }
}
