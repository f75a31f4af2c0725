import Decoding
import Fuzzing
import Testing
import X86

@Suite struct DivergenceSignatureTests {
    let outcome = Outcome(exception: nil, gpr: MachineState.defaults.gpr, rip: 0, rflags: 0x202, vector: nil, memoryWrites: [])

    private func signature(_ bytes: [UInt8], _ divergenceClass: DivergenceClass) throws -> DivergenceSignature {
        let instruction = try #require(try InstructionDecoder().decode(bytes))
        let divergences = [Divergence(field: "rax", hardware: "0x1", model: "0x2", class: divergenceClass)]
        return DivergenceSignature(instruction: instruction, divergences: divergences, hardware: outcome, model: outcome)
    }

    @Test func harnessOnlyDivergencesOfOneMnemonicShareASignature() throws {
        let register = try signature([0x48, 0x0F, 0x02, 0xC3], .harness)   // lar rax, bx
        let memory = try signature([0x0F, 0x02, 0x06], .harness)           // lar eax, word ptr [rsi]
        #expect(register.form == "lar")
        #expect(register == memory)
        #expect(register.hash == memory.hash)
    }

    @Test func modelDivergencesKeepTheirOperandForm() throws {
        let register = try signature([0x48, 0x01, 0xD8], .model)           // add rax, rbx
        let memory = try signature([0x48, 0x01, 0x06], .model)             // add qword ptr [rsi], rax
        #expect(register != memory)
        #expect(register.form.hasPrefix("add "))
        #expect(!register.matches(memory))
    }

    @Test func aRecordedHarnessEntryMatchesAnyFormOfItsMnemonic() throws {
        let recorded = try signature([0x0F, 0x02, 0x06], .harness)
        var legacyForm = recorded
        legacyForm.form = "lar r32, m16"
        let current = try signature([0x48, 0x0F, 0x02, 0xC3], .harness)
        #expect(current.matches(legacyForm))
        let other = try signature([0x0F, 0x03, 0xC3], .harness)            // lsl eax, ebx
        #expect(!other.matches(legacyForm))
    }
}
