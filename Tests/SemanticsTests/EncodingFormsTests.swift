import Decoding
import Semantics
import Testing
import TestSupport
import X86

/// The encoding rule the model reads from the forms table: a legacy F2 or F3 mandatory prefix
/// that selects no form at the opcode raises #UD (Intel SDM Vol. 2, Appendix A, Table A-3), one
/// that selects another instruction than Capstone 4 decoded (it lets a later 66 win) is not
/// predicted. Recorded on an AMD EPYC (family 19h model 01h) with `scripts/record-known-answer.py`.
struct EncodingFormsTests {
    private static let s = VectorInputs.registers

    static let answers: [KnownAnswer] = [
        // Capstone: movdqa, movd, movlhps; no F2 form at 0F 6F, 7F, 7E or 16.
        ("f2660f6fca \(s)", "#UD"),
        ("f2660f7fca \(s)", "#UD"),
        ("f2660f7ec9 \(s)", "#UD"),
        ("f2660f16ca \(s)", "#UD"),
        ("f2660f6f08 \(s)", "#UD"),
        ("f2660fe708 \(s)", "#UD"),
        // The last of F3 and F2 is the mandatory prefix: F2 0F F0 is LDDQU.
        ("f3f20ff008 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8cac9c8c7c6c5c4c3fd02fe807f01ff00"),
    ].map(KnownAnswer.init)

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer) }

    @Test(.needsKVM, arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }

    /// The effective prefix selects a form the table names differently (F3 0F 16 MOVSHDUP, F2 0F
    /// D6 MOVDQ2Q, F2 0F 12 MOVDDUP, F3 0F 7E MOVQ): the model predicts nothing.
    @Test(arguments: [("f3660f16c1", "movlhps"), ("f2660fd6c1", "movq"), ("f2660f12ca", "movhlps"), ("f3660f7ec9", "movd")])
    func aPrefixThatSelectsAnotherFormIsNotPredicted(_ hex: String, _ decoded: String) throws {
        let instruction = try #require(try InstructionDecoder().decode(Hex.parseBytes(hex)))
        #expect(instruction.mnemonic == decoded)
        #expect(ReferenceModel(profile: .generic).predict(instruction, from: .defaults) == nil)
    }
}
