import Forms
import X86

/// What a campaign concentrates on: instruction families (`binary`, `sse`), condition-code
/// groups (`jcc`, `setcc`, `cmovcc`) and plain mnemonics (`add`, `vpaddd`). The generator
/// draws mostly from its forms, and the campaign keeps only instructions it `matches`.
public struct Focus: Sendable {
    /// The names it was built from, lower-cased, in the order given.
    public let names: [String]
    /// The forms of each name, in the same order; the generator picks a name, then a form.
    public let formGroups: [[OpcodeForm]]
    /// The forms by encoding kind, map and opcode, for matching.
    private let formsByOpcode: [OpcodeKey: [OpcodeForm]]

    /// A focus on the given names; throws on an empty list or an unknown name.
    public init(names: [String]) throws(FocusError) {
        let cleaned = names.map { $0.filter { !$0.isWhitespace }.lowercased() }.filter { !$0.isEmpty }
        guard !cleaned.isEmpty else { throw FocusError(unknownName: nil) }
        var groups: [[OpcodeForm]] = []
        for name in cleaned {
            guard let forms = Focus.forms(named: name) else { throw FocusError(unknownName: name) }
            groups.append(forms)
        }
        self.names = cleaned
        formGroups = groups
        formsByOpcode = Dictionary(grouping: groups.joined()) { OpcodeKey($0) }
    }

    /// A focus on a comma-separated list, as `--focus add,shl,bitops` gives it.
    public init(parsing list: String) throws(FocusError) {
        try self.init(names: list.split(separator: ",").map(String.init))
    }

    /// True when the instruction is one of the focus's forms: same mnemonic, encoding kind, map
    /// and opcode, and the form's mandatory prefix (or VEX.pp) and ModRM.reg extension if any.
    public func matches(_ instruction: Instruction) -> Bool {
        guard let candidates = formsByOpcode[OpcodeKey(instruction)] else { return false }
        let reg = instruction.modrm.map { ($0 >> 3) & 7 }
        return candidates.contains { form in
            form.decodes(as: instruction.mnemonic) && (form.requiredReg == nil || form.requiredReg == reg)
                && Focus.hasMandatoryPrefix(of: form, instruction.prefixes)
        }
    }

    /// Names for several families at once.
    public static let familyGroups: [String: [String]] = ["fp": ["sse-fp", "avx-fp", "fma", "f16c"]]

    /// The condition-code groups, which name the 16 forms of one conditional instruction.
    public static let conditionGroups: [String: String] = ["jcc": "j", "setcc": "set", "cmovcc": "cmov"]

    /// Every mnemonic some family can produce, sorted (aliases such as `cmpltps` are focus names
    /// too, but not listed).
    public static let mnemonics: [String] = Array(Set(InstructionFamily.all.flatMap(\.mnemonics))).sorted()

    /// The 16 condition codes in encoding order, as Capstone spells them after `j`, `set`, `cmov`.
    static let conditions = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"]

    private static func forms(named name: String) -> [OpcodeForm]? {
        if let family = InstructionFamily.named(name) { return family.forms }
        if let group = familyGroups[name] { return group.compactMap(InstructionFamily.named).flatMap(\.forms) }
        let allForms = InstructionFamily.all.flatMap(\.forms)
        if let stem = conditionGroups[name] {
            let names = Set(Self.conditions.map { stem + $0 })
            return allForms.filter { names.contains($0.mnemonic) }
        }
        let matching = allForms.filter { $0.decodes(as: name) }
        return matching.isEmpty ? nil : matching
    }
}

/// A focus list that names nothing the generator knows.
public struct FocusError: Error, CustomStringConvertible, Equatable {
    /// The offending name; nil when the list was empty.
    public var unknownName: String?

    /// The error for `unknownName`, or for an empty list when nil.
    public init(unknownName: String?) { self.unknownName = unknownName }

    public var description: String {
        let families = InstructionFamily.all.map(\.name).joined(separator: ", ")
        let valid = "valid names are the families \(families); the groups fp, jcc, setcc, cmovcc; "
            + "or a mnemonic of a family (listed by `x86fuzz generate --help`)"
        guard let unknownName else { return "empty focus list: \(valid)" }
        return "unknown focus name '\(unknownName)': \(valid)"
    }
}

extension Focus {
    /// The form's mandatory prefix is there: as VEX.pp, or as the legacy 66, F3 or F2.
    fileprivate static func hasMandatoryPrefix(of form: OpcodeForm, _ prefixes: Prefixes) -> Bool {
        if let vex = prefixes.vex {
            let pp = switch form.prefix {
            case 0x66: 1
            case 0xF3: 2
            case 0xF2: 3
            default: 0
            }
            return vex.pp == pp
        }
        switch form.prefix {
        case 0x66: return prefixes.operandSizeOverride
        case 0xF3: return prefixes.rep
        case 0xF2: return prefixes.repne
        default: return true
        }
    }
}
