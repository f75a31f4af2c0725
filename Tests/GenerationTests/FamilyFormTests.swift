import Forms
import Decoding
import Generation
import Testing
import X86

/// Every form of every family decodes (by Capstone) to the mnemonic the table says, and a focus
/// on that mnemonic or on the family matches the decoded instruction.
struct FamilyFormTests {
    private let decoder = try! InstructionDecoder()

    static let forms: [(family: String, form: OpcodeForm)] = InstructionFamily.all.flatMap { family in
        family.forms.map { (family.name, $0) }
    }

    @Test(arguments: forms)
    func canonicalEncodingDecodesToTheForm(family: String, form: OpcodeForm) throws {
        let bytes = form.plainestEncoding
        let instruction = try #require(decoder.decode(bytes), "\(form.mnemonic): \(Hex.format(bytes: bytes)) does not decode")
        #expect(instruction.mnemonic == form.mnemonic, "\(Hex.format(bytes: bytes)) is \(instruction.text)")
        #expect(instruction.map == form.map && instruction.opcode == form.opcode)
        #expect(try Focus(names: [form.mnemonic]).matches(instruction), "\(instruction.text)")
        #expect(try Focus(names: [family]).matches(instruction), "\(instruction.text)")
    }

    @Test func familiesHaveDistinctNamesAndSomeForms() {
        let names = InstructionFamily.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names == ["binary", "logical", "shift", "bitops", "bmi", "datatransfer", "stack", "control", "string",
                          "sse", "avx", "system"])
        for family in InstructionFamily.all { #expect(!family.forms.isEmpty, "\(family.name)") }
    }
}
