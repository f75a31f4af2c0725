import Testing
import X86

/// The inline store of legacy prefix bytes.
struct LegacyPrefixesTests {
    @Test func keepsTheBytesInOrderAcrossBothWords() {
        let bytes: [UInt8] = [0x66, 0x67, 0xF2, 0x2E, 0x3E, 0x26, 0x64, 0x65, 0xF0, 0xF3]
        let prefixes = LegacyPrefixes(bytes)
        #expect(Array(prefixes) == bytes)
        #expect(prefixes.count == 10)
        #expect(prefixes.lastIndex(where: { $0 == 0xF2 || $0 == 0xF3 }) == 9)
        #expect(prefixes == LegacyPrefixes(bytes))
        #expect(prefixes != LegacyPrefixes(bytes.dropLast()))
        #expect(LegacyPrefixes() == [])
    }

    @Test func dropsBytesBeyondItsCapacity() {
        let prefixes = LegacyPrefixes(Array(repeating: 0x66, count: LegacyPrefixes.capacity + 3))
        #expect(prefixes.count == LegacyPrefixes.capacity)
    }
}
