/// A named group of instructions a campaign can focus on (`--focus binary`), with the opcode
/// forms that produce them.
public struct InstructionFamily: Sendable {
    /// The `--focus` name.
    public var name: String
    /// The opcode forms that produce the family's instructions.
    public var forms: [OpcodeForm]

    /// The distinct mnemonics of the family, in table order.
    public var mnemonics: [String] {
        var seen = Set<String>()
        return forms.map(\.mnemonic).filter { seen.insert($0).inserted }
    }

    /// Every family, in the order help text lists them.
    public static let all: [InstructionFamily] = [
        binary, logical, shift, bitops, bmi, datatransfer, stack, control, string, sse, avx, system,
    ]

    /// The family called `name`, if there is one.
    public static func named(_ name: String) -> InstructionFamily? { all.first { $0.name == name } }
}
