/// A decoded instruction: what the decoder (Capstone) says the bytes mean, in the project's own
/// types, so that no C type leaves the Decoding target.
///
/// The fields live behind one reference with copy-on-write, so that handing an instruction to the
/// model (which happens for every case) costs one retain instead of one per array and string.
public struct Instruction: Sendable, Hashable {
    /// The fields, each stored directly in the class so that reading one loads just that field.
    private final class Storage: @unchecked Sendable {
        var bytes: [UInt8]
        var mnemonic: String { didSet { mnemonicKey = PackedName(mnemonic) } }
        private(set) var mnemonicKey: PackedName
        var text: String
        var prefixes: Prefixes
        var map: OpcodeMap
        var opcode: UInt8
        var modrm: UInt8?
        var operandSize: Int
        var addressSize: Int
        var operands: [Operand]
        var groups: InstructionGroups
        var flagsTested: UInt64
        var flagsModified: UInt64
        var flagsUndefined: UInt64

        init(bytes: [UInt8], mnemonic: String, text: String, prefixes: Prefixes, map: OpcodeMap, opcode: UInt8, modrm: UInt8?, operandSize: Int, addressSize: Int, operands: [Operand], groups: InstructionGroups, flagsTested: UInt64, flagsModified: UInt64, flagsUndefined: UInt64) {
            self.bytes = bytes
            self.mnemonic = mnemonic
            mnemonicKey = PackedName(mnemonic)
            self.text = text
            self.prefixes = prefixes
            self.map = map
            self.opcode = opcode
            self.modrm = modrm
            self.operandSize = operandSize
            self.addressSize = addressSize
            self.operands = operands
            self.groups = groups
            self.flagsTested = flagsTested
            self.flagsModified = flagsModified
            self.flagsUndefined = flagsUndefined
        }

        func copy() -> Storage {
            Storage(bytes: bytes, mnemonic: mnemonic, text: text, prefixes: prefixes, map: map, opcode: opcode, modrm: modrm, operandSize: operandSize, addressSize: addressSize, operands: operands, groups: groups, flagsTested: flagsTested, flagsModified: flagsModified, flagsUndefined: flagsUndefined)
        }

        func equals(_ other: Storage) -> Bool {
            bytes == other.bytes && mnemonic == other.mnemonic && text == other.text && prefixes == other.prefixes && map == other.map && opcode == other.opcode && modrm == other.modrm && operandSize == other.operandSize && addressSize == other.addressSize && operands == other.operands && groups == other.groups && flagsTested == other.flagsTested && flagsModified == other.flagsModified && flagsUndefined == other.flagsUndefined
        }
    }

    private var storage: Storage

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Exactly the instruction's bytes (`length` of them).
    public var bytes: [UInt8] {
        get { storage.bytes }
        set {
            makeUnique()
            storage.bytes = newValue
        }
    }

    /// The base mnemonic without prefixes, lower-case: `add`, `stosb`, `vpaddd`.
    public var mnemonic: String {
        get { storage.mnemonic }
        set {
            makeUnique()
            storage.mnemonic = newValue
        }
    }

    /// `mnemonic`, packed for table lookups.
    public var mnemonicKey: PackedName { storage.mnemonicKey }

    /// Capstone's full Intel-syntax text, prefixes included: `rep stosb byte ptr [rdi], al`.
    public var text: String {
        get { storage.text }
        set {
            makeUnique()
            storage.text = newValue
        }
    }

    public var prefixes: Prefixes {
        get { storage.prefixes }
        set {
            makeUnique()
            storage.prefixes = newValue
        }
    }

    /// The opcode map the opcode byte belongs to.
    public var map: OpcodeMap {
        get { storage.map }
        set {
            makeUnique()
            storage.map = newValue
        }
    }

    /// The opcode byte within its map (the byte after 0F, 0F38 or 0F3A, or after VEX/EVEX).
    public var opcode: UInt8 {
        get { storage.opcode }
        set {
            makeUnique()
            storage.opcode = newValue
        }
    }

    /// The ModRM byte, where the encoding has one.
    public var modrm: UInt8? {
        get { storage.modrm }
        set {
            makeUnique()
            storage.modrm = newValue
        }
    }

    /// Effective operand size in bits (16, 32 or 64), after 66 and REX.W.
    public var operandSize: Int {
        get { storage.operandSize }
        set {
            makeUnique()
            storage.operandSize = newValue
        }
    }

    /// Effective address size in bits (32 or 64), after 67.
    public var addressSize: Int {
        get { storage.addressSize }
        set {
            makeUnique()
            storage.addressSize = newValue
        }
    }

    /// Explicit operands in Intel order (destination first).
    public var operands: [Operand] {
        get { storage.operands }
        set {
            makeUnique()
            storage.operands = newValue
        }
    }

    public var groups: InstructionGroups {
        get { storage.groups }
        set {
            makeUnique()
            storage.groups = newValue
        }
    }

    /// RFLAGS bits Capstone says the instruction tests (one opinion: the model declares its own).
    public var flagsTested: UInt64 {
        get { storage.flagsTested }
        set {
            makeUnique()
            storage.flagsTested = newValue
        }
    }

    /// RFLAGS bits Capstone says the instruction modifies (writes, sets, resets).
    public var flagsModified: UInt64 {
        get { storage.flagsModified }
        set {
            makeUnique()
            storage.flagsModified = newValue
        }
    }

    /// RFLAGS bits Capstone says the instruction leaves undefined.
    public var flagsUndefined: UInt64 {
        get { storage.flagsUndefined }
        set {
            makeUnique()
            storage.flagsUndefined = newValue
        }
    }

    public var length: Int { storage.bytes.count }

    /// The mnemonic of bytes the decoder cannot decode, run as they are (see `isUndecodable`).
    public static let undecodableMnemonic = "(undecodable)"

    /// True for bytes Capstone cannot decode: all of them are run, the CPU decides how many it
    /// takes, and the model predicts #UD.
    public var isUndecodable: Bool { storage.mnemonicKey == Self.undecodableKey }

    /// True when an operand is an MM register: an MMX instruction, with its x87 side effects.
    public var namesMMXRegister: Bool {
        operands.contains { operand in
            if case .register(let register) = operand, case .mmx = register.kind { return true }
            return false
        }
    }

    private static let undecodableKey = PackedName(undecodableMnemonic)

    public init(bytes: [UInt8], mnemonic: String, text: String, prefixes: Prefixes, map: OpcodeMap,
                opcode: UInt8, modrm: UInt8?, operandSize: Int, addressSize: Int, operands: [Operand],
                groups: InstructionGroups, flagsTested: UInt64, flagsModified: UInt64, flagsUndefined: UInt64) {
        storage = Storage(bytes: bytes, mnemonic: mnemonic, text: text, prefixes: prefixes, map: map, opcode: opcode,
                          modrm: modrm, operandSize: operandSize, addressSize: addressSize, operands: operands,
                          groups: groups, flagsTested: flagsTested, flagsModified: flagsModified, flagsUndefined: flagsUndefined)
    }

    public static func == (lhs: Instruction, rhs: Instruction) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.equals(rhs.storage)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.bytes)
        hasher.combine(storage.mnemonic)
        hasher.combine(storage.operands)
    }
}

/// The opcode map (escape sequence or VEX/EVEX `mmmmm`) an opcode belongs to.
public enum OpcodeMap: String, Sendable, Hashable, CaseIterable, Codable {
    case oneByte = "1byte"
    case map0F = "0f"
    case map0F38 = "0f38"
    case map0F3A = "0f3a"
    /// AMD 3DNow! (0F 0F ... suffix).
    case amd3DNow = "3dnow"
    /// AMD XOP maps 8, 9 and A (the 8F escape with map select 8 or more). Zen 4 has no XOP, but
    /// Capstone decodes it, so an encoding that lands there needs a map to be reported in.
    case xop8, xop9, xopA = "xopa"
}

/// A segment register.
public enum SegmentRegister: String, Sendable, Hashable, CaseIterable, Codable {
    case es, cs, ss, ds, fs, gs
}

/// The prefixes of an encoding, read from its bytes rather than from Capstone's summary (which
/// folds repeats), so that odd prefix orders stay visible.
public struct Prefixes: Sendable, Hashable {
    /// Legacy prefix bytes in the order they appear.
    public var legacy: LegacyPrefixes
    public var lock: Bool
    /// F3 (REP/REPE) is the last of F2/F3 present.
    public var rep: Bool
    /// F2 (REPNE) is the last of F2/F3 present.
    public var repne: Bool
    /// The effective segment override (the last one present).
    public var segment: SegmentRegister?
    public var operandSizeOverride: Bool
    public var addressSizeOverride: Bool
    /// The REX byte, when one directly precedes the opcode (a REX elsewhere is ignored by the CPU).
    public var rex: UInt8?
    public var vex: VEX?
    /// EVEX (62 in 64-bit mode); its fields are not broken out.
    public var evex: Bool

    public init(legacy: LegacyPrefixes = [], lock: Bool = false, rep: Bool = false, repne: Bool = false,
                segment: SegmentRegister? = nil, operandSizeOverride: Bool = false,
                addressSizeOverride: Bool = false, rex: UInt8? = nil, vex: VEX? = nil, evex: Bool = false) {
        self.legacy = legacy
        self.lock = lock
        self.rep = rep
        self.repne = repne
        self.segment = segment
        self.operandSizeOverride = operandSizeOverride
        self.addressSizeOverride = addressSizeOverride
        self.rex = rex
        self.vex = vex
        self.evex = evex
    }

    public var rexW: Bool { (rex ?? 0) & 0x08 != 0 }

    /// The prefix that selects among an opcode's forms: VEX.pp as 66, F3 or F2; else the last of
    /// F2/F3, else 66; nil for none.
    public var mandatoryPrefix: UInt8? {
        if let vex { return [nil, 0x66, 0xF3, 0xF2][vex.pp] }
        return repne ? 0xF2 : rep ? 0xF3 : operandSizeOverride ? 0x66 : nil
    }
}

/// The fields of a VEX prefix, with the inverted ones already un-inverted. AMD's XOP prefix
/// (8F) has the same layout and is reported here too, with `mmmmm` 8 to 10.
public struct VEX: Sendable, Hashable {
    /// 2 for C5, 3 for C4 or XOP's 8F.
    public var byteCount: Int
    public var w: Bool
    /// Vector length: 0 for 128 bits, 1 for 256 bits.
    public var l: Int
    /// The extra register operand, 0-15 (un-inverted `vvvv`).
    public var vvvv: Int
    /// Implied prefix: 0 none, 1 is 66, 2 is F3, 3 is F2.
    public var pp: Int
    /// Map select: 1 is 0F, 2 is 0F38, 3 is 0F3A, 8 to 10 are XOP's (others are reserved).
    public var mmmmm: Int

    public init(byteCount: Int, w: Bool, l: Int, vvvv: Int, pp: Int, mmmmm: Int) {
        self.byteCount = byteCount
        self.w = w
        self.l = l
        self.vvvv = vvvv
        self.pp = pp
        self.mmmmm = mmmmm
    }
}

/// How an operand is accessed.
public struct OperandAccess: OptionSet, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let read = OperandAccess(rawValue: 1)
    public static let write = OperandAccess(rawValue: 2)
}

/// One explicit operand.
public enum Operand: Sendable, Hashable {
    case register(RegisterOperand)
    /// The immediate as Capstone gives it (sign-extended to 64 bits where the encoding does),
    /// with its encoded size in bytes: 0 for an implied one (the 1 of `shl al, 1`). For a
    /// relative branch it is the target address, decoded at `GuestLayout.codeAddress`.
    case immediate(UInt64, size: Int)
    case memory(MemoryOperand)

    /// True for a memory operand.
    public var isMemory: Bool {
        if case .memory = self { return true }
        return false
    }
}

/// A register operand.
public struct RegisterOperand: Sendable, Hashable {
    /// Capstone's lower-case name: `al`, `ah`, `r9d`, `xmm3`, `ymm12`, `cr0`, `st(1)`.
    public var name: String {
        get { packedName.string }
        set { packedName = Self.packed(newValue) }
    }
    /// The name, packed: register names are short, and a `String` here made every operand copy
    /// (the model makes several per case) retain and release.
    private var packedName: PackedName
    public var kind: RegisterKind
    /// Width in bytes.
    public var size: Int
    public var access: OperandAccess

    public init(name: String, kind: RegisterKind, size: Int, access: OperandAccess) {
        packedName = Self.packed(name)
        self.kind = kind
        self.size = size
        self.access = access
    }
}

extension RegisterOperand {
    private static func packed(_ name: String) -> PackedName {
        let packed = PackedName(name)
        precondition(packed.isComplete, "register name '\(name)' is longer than 16 bytes")
        return packed
    }
}

/// What file a register operand lives in.
public enum RegisterKind: Sendable, Hashable {
    /// A general-purpose register or part of one; `highByte` marks AH, CH, DH, BH.
    case gpr(GPR, highByte: Bool)
    /// XMM or YMM register `index`.
    case vector(index: Int)
    /// MMX register `index` (MM0-MM7): the significand of physical x87 register `index`.
    case mmx(index: Int)
    case segment(SegmentRegister)
    /// Anything else (control, debug, x87, mask registers): carried by name only.
    case other
}

/// A memory operand: `segment:[base + index * scale + displacement]`.
public struct MemoryOperand: Sendable, Hashable {
    /// The explicit segment override, if any.
    public var segment: SegmentRegister?
    /// The base register; nil when there is none or when the base is RIP.
    public var base: GPR?
    /// True for RIP-relative addressing.
    public var ripRelative: Bool
    public var index: GPR?
    public var scale: Int
    public var displacement: Int64
    /// Access width in bytes (0 where the operand has no size, as for `lea` with Capstone 4).
    public var size: Int
    public var access: OperandAccess

    public init(segment: SegmentRegister?, base: GPR?, ripRelative: Bool, index: GPR?, scale: Int,
                displacement: Int64, size: Int, access: OperandAccess) {
        self.segment = segment
        self.base = base
        self.ripRelative = ripRelative
        self.index = index
        self.scale = scale
        self.displacement = displacement
        self.size = size
        self.access = access
    }
}

/// Capstone's instruction groups that matter for testing.
public struct InstructionGroups: OptionSet, Sendable, Hashable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let jump = InstructionGroups(rawValue: 1 << 0)
    public static let call = InstructionGroups(rawValue: 1 << 1)
    public static let ret = InstructionGroups(rawValue: 1 << 2)
    public static let interrupt = InstructionGroups(rawValue: 1 << 3)
    public static let interruptReturn = InstructionGroups(rawValue: 1 << 4)
    public static let privileged = InstructionGroups(rawValue: 1 << 5)
    public static let branchRelative = InstructionGroups(rawValue: 1 << 6)
    /// SSE/AVX/MMX/x87 and other non-integer units (Capstone's feature groups).
    public static let vector = InstructionGroups(rawValue: 1 << 7)
    public static let fpu = InstructionGroups(rawValue: 1 << 8)
    /// AVX-512 (EVEX) features.
    public static let avx512 = InstructionGroups(rawValue: 1 << 9)
    /// Reads or writes a vector, MMX or x87 register, MXCSR or the x87 status, explicitly or not,
    /// by Capstone's register lists (the decoder sets it; `VectorObservation` reads it). A flag,
    /// where two arrays of register names cost each decoded instruction two allocations.
    public static let vectorStateRegister = InstructionGroups(rawValue: 1 << 10)
}
