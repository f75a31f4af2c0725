import Testing
import X86

/// The hex forms of the command line and of JSON.
struct HexTests {
    @Test(arguments: [("4801d8", [0x48, 0x01, 0xD8]), ("48 01 D8", [0x48, 0x01, 0xD8]), ("0f0b", [0x0F, 0x0B])])
    func parsesBytes(text: String, bytes: [UInt8]) throws {
        #expect(try Hex.parseBytes(text) == bytes)
    }

    @Test(arguments: ["", "   ", "4", "48g1", "0x4801", "48-01"])
    func rejectsBadBytes(text: String) {
        #expect(throws: HexParseError.self) { try Hex.parseBytes(text) }
    }

    @Test(arguments: [("0x10", UInt64(16)), ("16", 16), ("-1", UInt64.max), ("0xffff_ffff_ffff_ffff", UInt64.max), (" 7 ", 7)])
    func parsesNumbers(text: String, value: UInt64) throws {
        #expect(try Hex.parseNumber(text) == value)
    }

    @Test(arguments: ["", "0x", "x10", "0x1_0000_0000_0000_0000", "18446744073709551616", "ten", "-0x1"])
    func rejectsBadNumbers(text: String) {
        #expect(throws: HexParseError.self) { try Hex.parseNumber(text) }
    }

    @Test func vectorsRoundTripAtFullWidth() throws {
        let value = Vec256(0x0123_4567_89AB_CDEF, 0x1111, 0x2222, 0xFFFF_0000_FFFF_0000)
        #expect(try Hex.parseVector(Hex.format(value)) == value)
        #expect(Hex.format(Vec256(1), digits: 32) == "0x" + String(repeating: "0", count: 31) + "1")
        #expect(try Hex.parseVector("0x5") == Vec256(5))
        #expect(throws: HexParseError.self) { try Hex.parseVector("0x1" + String(repeating: "0", count: 64)) }
    }

    @Test func formatsBytesAndNumbers() {
        #expect(Hex.format(bytes: [0x00, 0xAB, 0x7F]) == "00ab7f")
        #expect(Hex.format(0) == "0x0")
        #expect(Hex.format(UInt64.max) == "0xffffffffffffffff")
    }
}
