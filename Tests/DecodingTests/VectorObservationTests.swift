import Decoding
import Testing
import X86

/// Which decoded instructions read the vector registers back from the CPU: every one that may
/// read or write vector, MMX or x87 state, and no integer instruction.
struct VectorObservationTests {
    private let decoder = try! InstructionDecoder()

    private func isNeeded(_ hex: String) throws -> Bool {
        VectorObservation.isNeeded(for: try #require(decoder.decode(try Hex.parseBytes(hex)), "\(hex) should decode"))
    }

    @Test(arguments: [
        "4801d8",     // add rax, rbx
        "50",         // push rax
        "8ed8",       // mov ds, eax (a segment register operand)
        "48ab",       // stosq
        "400fb6f6",   // movzx esi, sil (a GPR name starting with s)
    ])
    func integerInstructionsDoNotNeedIt(_ hex: String) throws {
        #expect(try isNeeded(hex) == false)
    }

    @Test(arguments: [
        "660ffec1",   // paddd xmm0, xmm1 (a vector register operand)
        "0ffec1",     // paddd mm0, mm1 (an MMX register operand)
        "d9c1",       // fld st(1) (an x87 register, by name)
        "d938",       // fnstcw [rax] (an x87 escape naming no x87 register)
        "c5f877",     // vzeroupper (VEX, no operand)
        "0f77",       // emms (an implicit writer)
        "0fae10",     // ldmxcsr [rax]
        "0fae00",     // fxsave [rax] (stores the x87 and SSE state, naming no register)
        "480fae00",   // fxsave64 [rax]
        "0fae20",     // xsave [rax]
        "0fae18",     // stmxcsr [rax]
        "660f7ec0",   // movd eax, xmm0
    ])
    func vectorAndX87InstructionsNeedIt(_ hex: String) throws {
        #expect(try isNeeded(hex))
    }

    @Test func undecodableBytesNeedIt() {
        #expect(VectorObservation.isNeeded(for: .undecodable(Array(repeating: 0x0F, count: 15))))
    }
}
