import Forms

/// A named group of instructions a campaign can focus on (`--focus binary`), with the opcode
/// forms that produce them: a family of the forms table.
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
    public static let all: [InstructionFamily] = FormTable.families.map { family in
        InstructionFamily(name: family.name, forms: family.forms.map(\.encoding))
    }

    /// The families the default mix draws from: those the model covers some form of. A family it
    /// covers nothing of (float, until issue 11) would only feed the filter.
    public static let drawnByDefault: [InstructionFamily] = FormTable.families.filter { family in
        family.forms.contains { $0.status == .modelled }
    }.map { family in InstructionFamily(name: family.name, forms: family.forms.map(\.encoding)) }

    /// The family called `name`, if there is one.
    public static func named(_ name: String) -> InstructionFamily? { all.first { $0.name == name } }

    /// The forms of the avx family, whose EVEX encodings mostly exist too.
    static let avxForms: [OpcodeForm] = named("avx")?.forms ?? []
}
