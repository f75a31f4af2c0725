import Foundation
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

    @Test func harnessOnlyDivergencesShareASignatureWhateverTheInstruction() throws {
        let lar = try signature([0x48, 0x0F, 0x02, 0xC3], .harness)        // lar rax, bx
        let paddd = try signature([0x66, 0x0F, 0xFE, 0x06], .harness)      // paddd xmm0, xmmword ptr [rsi]
        #expect(lar.form == DivergenceSignature.anyInstruction)
        #expect(lar == paddd)
        #expect(lar.hash == paddd.hash)
    }

    @Test func modelDivergencesKeepTheirOperandForm() throws {
        let register = try signature([0x48, 0x01, 0xD8], .model)           // add rax, rbx
        let memory = try signature([0x48, 0x01, 0x06], .model)             // add qword ptr [rsi], rax
        #expect(register != memory)
        #expect(register.form.hasPrefix("add "))
        #expect(!register.matches(memory))
    }

    @Test func aRecordedHarnessEntryMatchesOnItsFieldNames() throws {
        var recorded = try signature([0x0F, 0x02, 0x06], .harness)
        recorded.form = "lar r32, m16"
        #expect(try signature([0x48, 0x0F, 0x02, 0xC3], .harness).matches(recorded))
        #expect(try signature([0x48, 0x0F, 0x02, 0xC3], .model).matches(recorded))
        recorded.fields = ["rbx:harness"]
        #expect(try !signature([0x48, 0x0F, 0x02, 0xC3], .harness).matches(recorded))
    }

    /// The hash is kept with the fields: it follows every change to them, and a signature read
    /// back from JSON (which does not carry the hash) has the one its text gives. The value is
    /// FNV-1a over the text, written out here so that a corpus's file names stay what they were.
    @Test func theHashFollowsTheFieldsAndSurvivesJSON() throws {
        var changed = try signature([0x48, 0x01, 0xD8], .model)
        let original = changed.hash
        changed.fields = ["rbx:model"]
        #expect(changed.hash != original)
        changed.fields = try signature([0x48, 0x01, 0xD8], .model).fields
        #expect(changed.hash == original)
        changed.modelOutcome = "#GP"
        #expect(changed.hash != original)
        let json = try JSONEncoder().encode(changed)
        #expect(!String(decoding: json, as: UTF8.self).contains("hash"))
        let decoded = try JSONDecoder().decode(DivergenceSignature.self, from: json)
        #expect(decoded == changed && decoded.hash == changed.hash)
        var fnv: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in changed.text.utf8 { fnv = (fnv ^ UInt64(byte)) &* 0x100_0000_01B3 }
        #expect(UInt64(changed.hash, radix: 16) == fnv && changed.hash.count == 16)
    }
}
