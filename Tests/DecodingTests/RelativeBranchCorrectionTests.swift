import Decoding
import Testing
import X86

/// Capstone 4 sizes CALL rel wrongly when another prefix follows 66, or when 67 comes with REX.W,
/// and cuts some 64-bit targets to 16 bits; the decoder recomputes length and target from the
/// encoding (the CPU's lengths and targets, measured with `x86fuzz exec`).
struct RelativeBranchCorrectionTests {
    private let decoder = try! InstructionDecoder()

    @Test(arguments: [
        ("6664e813000000", 5, 0x18 as UInt64, 2),  // Capstone: 7 bytes, call 0x1001a
        ("66f2f3e823223319", 6, 0x2229, 2),  // Capstone: 8 bytes
        ("674de83fff909090", 7, 0xffff_ffff_9091_ff46, 4),  // Capstone: 5 bytes, call 0xff44
        ("6748e9ffffffff", 7, 0x10006, 4),  // Capstone: jmp 6
        ("660f8410000000", 5, 0x15, 2),  // Capstone: je 0x10015
        ("66eb10", 3, 0x13, 1),  // Capstone: jmp 0x10013
        ("66e91000", 4, 0x14, 2),
        ("e2fe", 2, 0x10000, 1),
    ])
    func lengthAndTargetComeFromTheEncoding(hex: String, length: Int, target: UInt64, displacement: Int) throws {
        let instruction = try #require(decoder.decode(try Hex.parseBytes(hex)))
        #expect(instruction.length == length)
        #expect(instruction.operands == [.immediate(target, size: displacement)])
        #expect(instruction.text.hasSuffix(Hex.format(target)))
    }
}

/// A corrected branch's bytes, as a corpus entry keeps them, decode again as the case ran them.
struct DecodeCaseTests {
    private let decoder = try! InstructionDecoder()

    @Test func aCorrectedCallDecodesFromItsOwnBytes() throws {
        // 36 66 66 65 E8 FF FF: CALL rel16 on AMD; Capstone alone wants a rel32 after E8.
        let bytes: [UInt8] = [0x36, 0x66, 0x66, 0x65, 0xE8, 0xFF, 0xFF]
        let instruction = try #require(decoder.decodeCase(bytes))
        #expect(instruction.length == bytes.count)
        #expect(instruction.mnemonic == "call")
    }

    @Test func bytesThatNeedMoreThanTheFillerStayUndecodable() {
        #expect(decoder.decodeCase([0x48]) == nil)
        #expect(decoder.decodeCase([0x0F, 0x04]) == nil)
    }
}
