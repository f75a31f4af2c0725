import X86

/// One way of encoding one mnemonic: the map, opcode and the constraints on ModRM, prefixes and
/// VEX fields that select it. Families are lists of forms; a focus biases generation towards its
/// forms and keeps the instructions that match one of them.
public struct OpcodeForm: Sendable, Hashable {
    /// Legacy (optional prefixes, REX, escape bytes) or VEX-encoded.
    public enum Encoding: Sendable, Hashable {
        case legacy, vex
    }

    /// What the ModRM byte may be.
    public enum ModRMUse: Sendable, Hashable {
        /// The opcode has no ModRM byte.
        case none
        /// Any mod: register or memory operand.
        case any
        /// mod = 3 only (a register operand).
        case register
        /// mod = 0 to 2 only (a memory operand).
        case memory
        /// Exactly this byte, as in `0F 01 F8` (`swapgs`).
        case fixed(UInt8)
    }

    /// Capstone's mnemonic for what this form decodes to (`add`, `cmovne`, `vpaddd`).
    public var mnemonic: String
    public var encoding: Encoding
    public var map: OpcodeMap
    public var opcode: UInt8
    public var modrm: ModRMUse
    /// The ModRM.reg opcode extension (`/digit`), if the form has one.
    public var reg: UInt8?
    /// The mandatory prefix (66, F2 or F3); for VEX it becomes `pp`.
    public var prefix: UInt8?
    /// REX.W (legacy) or VEX.W required set or clear; nil where either is fine.
    public var w: Bool?
    /// VEX.L required (0 or 1); nil where either is fine.
    public var vexL: Int?
    /// False where VEX.vvvv must be 1111b because the form has no extra register operand.
    public var usesVVVV: Bool

    /// A form; the defaults describe a legacy one-byte opcode with no constraints.
    public init(mnemonic: String, encoding: Encoding = .legacy, map: OpcodeMap = .oneByte, opcode: UInt8,
                modrm: ModRMUse, reg: UInt8? = nil, prefix: UInt8? = nil, w: Bool? = nil, vexL: Int? = nil,
                usesVVVV: Bool = true) {
        self.mnemonic = mnemonic
        self.encoding = encoding
        self.map = map
        self.opcode = opcode
        self.modrm = modrm
        self.reg = reg
        self.prefix = prefix
        self.w = w
        self.vexL = vexL
        self.usesVVVV = usesVVVV
    }

    /// The ModRM.reg value this form pins down: its `/digit`, or the reg field of a fixed byte.
    public var requiredReg: UInt8? {
        if case .fixed(let byte) = modrm { return (byte >> 3) & 7 }
        return reg
    }
}

extension OpcodeForm {
    /// Legacy forms of `mnemonic`, one per opcode; the ModRM use follows the opcode map unless
    /// a `/digit` or an explicit use is given.
    static func legacy(_ mnemonic: String, _ opcodes: [UInt8], map: OpcodeMap = .oneByte, reg: UInt8? = nil,
                       modrm: ModRMUse? = nil, prefix: UInt8? = nil, w: Bool? = nil) -> [OpcodeForm] {
        opcodes.map { opcode in
            let use = modrm ?? (OpcodeTables.hasModRM(map: map, opcode: opcode) ? .any : .none)
            return OpcodeForm(mnemonic: mnemonic, map: map, opcode: opcode, modrm: use, reg: reg, prefix: prefix, w: w)
        }
    }

    /// Legacy forms for consecutive opcodes named by a list of mnemonics (the 16 conditions of
    /// Jcc, SETcc and CMOVcc, the eight shifts of a `/digit` group).
    static func series(_ mnemonics: [String], from first: UInt8, map: OpcodeMap = .oneByte) -> [OpcodeForm] {
        mnemonics.enumerated().flatMap { offset, name in legacy(name, [first + UInt8(offset)], map: map) }
    }

    /// Legacy forms of one opcode whose ModRM.reg picks the mnemonic (`nil` entries are invalid).
    static func group(_ mnemonics: [String?], opcodes: [UInt8], map: OpcodeMap = .oneByte,
                      modrm: ModRMUse = .any, prefix: UInt8? = nil) -> [OpcodeForm] {
        mnemonics.enumerated().flatMap { reg, name -> [OpcodeForm] in
            guard let name else { return [] }
            return legacy(name, opcodes, map: map, reg: UInt8(reg), modrm: modrm, prefix: prefix)
        }
    }

    /// A VEX form: `pp` comes from the mandatory prefix (none, 66, F3, F2).
    static func vex(_ mnemonic: String, map: OpcodeMap, _ opcode: UInt8, prefix: UInt8? = 0x66, reg: UInt8? = nil,
                    modrm: ModRMUse = .any, w: Bool? = nil, l: Int? = nil, usesVVVV: Bool = true) -> OpcodeForm {
        OpcodeForm(mnemonic: mnemonic, encoding: .vex, map: map, opcode: opcode, modrm: modrm, reg: reg,
                   prefix: prefix, w: w, vexL: l, usesVVVV: usesVVVV)
    }

    /// The 16 condition codes in encoding order, as Capstone spells them after `j`, `set`, `cmov`.
    static let conditions = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"]
}
