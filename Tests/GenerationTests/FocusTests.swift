import Decoding
import Generation
import Testing
import X86

/// Focus names, errors, matching, and the bias a focus gives the generator.
struct FocusTests {
    private let decoder = try! InstructionDecoder()

    private func decode(_ hex: String) throws -> Instruction {
        try #require(decoder.decode(try Hex.parseBytes(hex)))
    }

    @Test(arguments: ["nosuch", "addd", "3dnow"])
    func unknownNamesAreErrorsThatListTheFamilies(name: String) {
        #expect(throws: FocusError(unknownName: name)) { try Focus(names: ["add", name]) }
        let description = FocusError(unknownName: name).description
        #expect(description.contains("'\(name)'"))
        for family in InstructionFamily.all { #expect(description.contains(family.name)) }
    }

    @Test func anEmptyListIsAnError() {
        #expect(throws: FocusError(unknownName: nil)) { try Focus(parsing: ",,") }
        #expect(throws: FocusError(unknownName: nil)) { try Focus(names: []) }
    }

    @Test func namesAreCaseInsensitiveAndCommaSeparated() throws {
        let focus = try Focus(parsing: " ADD, Shl ,bitops")
        #expect(focus.names == ["add", "shl", "bitops"])
        #expect(focus.formGroups.count == 3)
    }

    @Test(arguments: [
        ("add", "4801d8", true),
        ("add", "4829d8", false),
        ("binary", "4829d8", true),
        ("binary", "4821d8", false),
        ("shl", "d1e0", true),
        ("shl", "d1e8", false),
        ("system", "0f20c0", true),
        ("system", "89d8", false),
        ("datatransfer", "89d8", true),
        ("jcc", "7f00", true),
        ("jcc", "eb00", false),
        ("cmovcc", "0f44c1", true),
        ("vpaddd", "c5f1fec2", true),
        ("paddd", "c5f1fec2", false),
        ("paddd", "660ffec1", true),
        ("sse", "0ffec1", false),
        ("string", "f3aa", true),
        ("bitops", "f30fbcc0", true),
    ])
    func matchesByMnemonicMapOpcodeAndExtension(focus: String, hex: String, expected: Bool) throws {
        #expect(try Focus(names: [focus]).matches(try decode(hex)) == expected)
    }

    @Test func theFocusedMixDrawsMostlyFromTheFocus() throws {
        let focus = try Focus(names: ["shift"])
        let generator = EncodingGenerator(seed: 5, focus: focus)
        #expect(generator.weights == .focused)
        var bytes: [UInt8] = []
        var known = 0
        var matching = 0
        for index in 0..<UInt64(5000) {
            if generator.generate(caseIndex: index, into: &bytes).source == .knownForm { known += 1 }
            if let instruction = decoder.decode(bytes), focus.matches(instruction) { matching += 1 }
        }
        #expect(known > 4300 && known < 4700)
        #expect(matching > 4000)
    }

    @Test func theMnemonicListCoversEveryFamily() {
        for family in InstructionFamily.all {
            #expect(Set(family.mnemonics).isSubset(of: Set(Focus.mnemonics)))
        }
        #expect(Focus.mnemonics == Focus.mnemonics.sorted())
    }
}
