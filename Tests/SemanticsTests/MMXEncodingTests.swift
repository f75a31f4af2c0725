import Decoding
import Semantics
import Testing
import X86

/// Where Capstone 4 names the wrong register file for an MMX opcode, the model declines the case
/// rather than run the other instruction: a form of the table that names an MM register selects
/// only instructions with one, and the others only instructions without.
struct MMXEncodingTests {
    private let model = ReferenceModel(profile: .amdZen3)

    private func decode(_ hex: String) throws -> Instruction {
        try #require(try InstructionDecoder().decode(Hex.parseBytes(hex)))
    }

    /// 67 with REX.W makes Capstone 4 read `0F C5` and `0F D7` as the 66 forms on XMM registers;
    /// the CPU runs the MMX forms (measured: the x87 transition happens).
    @Test(arguments: [("67480fc5c500", "pextrw eax, xmm5, 0"), ("67480fd7c5", "pmovmskb eax, xmm5")])
    func anXMMRegisterOnAnMMXOpcodeWithoutSixtySixIsDeclined(hex: String, text: String) throws {
        let instruction = try decode(hex)
        #expect(instruction.text == text)
        #expect(model.predict(instruction, from: .defaults) == nil)
    }

    /// A 66 behind segment prefixes is lost to Capstone 4, which keeps the MM register; the CPU
    /// runs the 66 form on XMM registers (measured: `66 2E 0F D7 EB` leaves the x87 state alone).
    @Test func aSixtySixCapstoneLostIsDeclined() throws {
        let instruction = try decode("662e0fd7eb")
        #expect(instruction.text == "pmovmskb ebp, mm3")
        #expect(model.predict(instruction, from: .defaults) == nil)
    }

    @Test(arguments: ["0fc5c500", "0fd7c5", "410fc5c500", "670fc5c500"])
    func theMMXFormsAreModelled(hex: String) throws {
        let prediction = try #require(model.predict(try decode(hex), from: .defaults))
        #expect(prediction.outcome.vector?.ftw == 0xFF)
    }
}
