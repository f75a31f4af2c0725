import X86

/// One instruction form, the one place its facts are written: how it is encoded, its operands,
/// the generator family it belongs to, the CPUID feature it needs, whether LOCK is allowed, the
/// flags it reads, writes and may leave undefined (with the manual's page), and whether the
/// model has semantics for it or why not.
public struct Form: Sendable {
    /// Whether the model covers the form.
    public enum Status: Sendable, Equatable {
        /// The model's semantics for it are registered under the form's mnemonic.
        case modelled
        /// The model has no semantics for it, for this reason.
        case notModelled(String)
    }

    /// Capstone's mnemonic for the form; the model's semantic key too.
    public let mnemonic: String
    /// The encoding, read from the table's notation.
    public private(set) var encoding: OpcodeForm
    /// The operands as Capstone shows the plainest encoding (`r/m32, r32`; `|` between the
    /// VEX.128 and VEX.256 shapes).
    public let operands: String
    /// The generator family (`--focus` name) the form belongs to.
    public internal(set) var family: String
    /// The CPUID feature the form needs, as the manuals name it; empty for the base ISA.
    public let feature: String
    /// LOCK is allowed (with a memory destination; Intel SDM Vol. 2A, LOCK).
    public let lockable: Bool
    /// Status flags read, written, and left undefined for some inputs at least.
    public let reads: UInt64
    public let writes: UInt64
    public let undefined: UInt64
    /// The Intel SDM Vol. 2 page whose "Flags Affected" the flag columns follow.
    public let manual: String
    public let status: Status
    /// What the first operand may be, read from `operands`: the model tells apart forms that share
    /// an opcode by it (`movq xmm, xmm/m64` at F3 0F 7E, `movq r/m64, xmm` at 66 0F 7E).
    public let destination: OperandKinds

    /// A record of the table; `FormTable` fills in the family. Flags are names from
    /// `RFlags.named` (lower case), `status` for all six status flags, or `all` (PUSHF).
    /// `aliases` are the other mnemonics Capstone gives the form (by immediate or operand size).
    init(_ mnemonic: String, _ notation: String, _ operands: String, feature: String = "", reads: String = "",
         writes: String = "", undefined: String = "", manual: String = "", lock: Bool = false,
         model: Status = .modelled, aliases: [String] = []) {
        self.mnemonic = mnemonic
        do { encoding = try OpcodeForm(mnemonic: mnemonic, notation: notation) } catch {
            preconditionFailure("forms table: \(mnemonic) \(error)")
        }
        encoding.aliases = aliases
        self.operands = operands
        family = ""
        self.feature = feature
        self.lockable = lock
        self.reads = Self.flags(reads, mnemonic)
        self.writes = Self.flags(writes, mnemonic)
        self.undefined = Self.flags(undefined, mnemonic)
        self.manual = manual
        self.status = model
        destination = OperandKinds(firstOf: operands)
    }

    /// The reason the model does not cover the form, nil when it does.
    public var notModelledReason: String? {
        switch status {
        case .modelled: nil
        case .notModelled(let reason): reason
        }
    }

    /// The mask a flag list in the table's words names, nil if a word names no flag.
    public static func flags(_ text: String) -> UInt64? {
        var mask: UInt64 = 0
        for name in text.split(separator: " ") {
            switch name {
            case "status": mask |= RFlags.status
            case "all": mask |= RFlags.defined
            default:
                guard let flag = RFlags.named.first(where: { $0.name == name }) else { return nil }
                mask |= flag.mask
            }
        }
        return mask
    }

    private static func flags(_ text: String, _ mnemonic: String) -> UInt64 {
        guard let mask = flags(text) else { preconditionFailure("forms table: \(mnemonic) names an unknown flag in \(text)") }
        return mask
    }

    /// A mask as the table writes it.
    public static func flagNames(_ mask: UInt64) -> String {
        if mask == 0 { return "" }
        if mask == RFlags.defined { return "all" }
        var names: [String] = []
        var rest = mask
        if rest & RFlags.status == RFlags.status {
            names.append("status")
            rest &= ~RFlags.status
        }
        for flag in RFlags.named where rest & flag.mask == flag.mask {
            names.append(flag.name)
            rest &= ~flag.mask
        }
        return names.joined(separator: " ")
    }
}

/// The kinds of operand one operand slot of a form takes.
public struct OperandKinds: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// An XMM or YMM register.
    public static let vector = OperandKinds(rawValue: 1)
    /// A general-purpose register.
    public static let gpr = OperandKinds(rawValue: 2)
    public static let memory = OperandKinds(rawValue: 4)
    /// An MMX register.
    public static let mmx = OperandKinds(rawValue: 8)
    public static let immediate = OperandKinds(rawValue: 16)

    /// The kinds the first operand of an operand list in the table's words takes (`xmm/m128`,
    /// `r/m32`, `r32/m16`, `mm`, `imm8`); empty for a form without operands.
    init(firstOf operands: String) {
        let first = operands.split(separator: "|").first?.split(separator: ",").first ?? ""
        var kinds: OperandKinds = []
        for shape in first.split(separator: "/") {
            let word = shape.drop { $0 == " " }
            if word.hasPrefix("xmm") || word.hasPrefix("ymm") {
                kinds.insert(.vector)
            } else if word.hasPrefix("mm") {
                kinds.insert(.mmx)
            } else if word.hasPrefix("imm") || word.hasPrefix("rel") {
                kinds.insert(.immediate)
            } else if word.hasPrefix("m") {
                kinds.insert(.memory)
            } else if word.hasPrefix("r") {
                kinds.insert(.gpr)
            }
        }
        self = kinds
    }
}

extension Form {
    /// `mnemonic notation` (`add 01 /r`): the form's name in coverage reports, unique in the table.
    public var name: String { mnemonic + " " + encoding.notation }
}
