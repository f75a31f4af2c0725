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
        let bytes = Self.canonicalEncoding(of: form)
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

    /// The plainest encoding of a form: mandatory prefix, REX.W or VEX3 as required, ModRM with
    /// a register (mod 3) or `[rax]` operand, and zero immediate bytes.
    static func canonicalEncoding(of form: OpcodeForm) -> [UInt8] {
        var bytes: [UInt8] = []
        let reg = form.reg ?? 2
        switch form.encoding {
        case .legacy:
            if let prefix = form.prefix { bytes.append(prefix) }
            if form.w == true { bytes.append(0x48) }
            switch form.map {
            case .map0F: bytes += [0x0F]
            case .map0F38: bytes += [0x0F, 0x38]
            case .map0F3A: bytes += [0x0F, 0x3A]
            default: break
            }
        case .vex:
            let select: UInt8 = form.map == .map0F38 ? 2 : form.map == .map0F3A ? 3 : 1
            let pp: UInt8 = switch form.prefix {
            case 0x66: 1
            case 0xF3: 2
            case 0xF2: 3
            default: 0
            }
            let vvvv: UInt8 = form.usesVVVV ? 3 : 0
            bytes += [0xC4, 0xE0 | select,
                      (form.w == true ? 0x80 : 0) | (~vvvv & 0xF) << 3 | UInt8(form.vexL ?? 0) << 2 | pp]
        }
        bytes.append(form.opcode)
        switch form.modrm {
        case .none: break
        case .fixed(let byte): bytes.append(byte)
        case .memory: bytes.append(reg << 3)
        case .any, .register: bytes.append(0xC1 | reg << 3)
        }
        return bytes + [UInt8](repeating: 0, count: 8)
    }
}
