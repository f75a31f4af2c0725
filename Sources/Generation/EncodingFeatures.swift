import X86

/// What the generator put into one encoding, recorded as it wrote the bytes: the coverage
/// counters (maps, prefix groups, VEX fields, ModRM/SIB shapes) and the per-map summary use it.
/// It describes the emitted bytes, which the decoder may still read differently.
public struct EncodingFeatures: Sendable, Hashable {
    /// How the opcode was introduced.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case legacy, vex2, vex3, evex
    }

    /// Where the opcode came from.
    public enum Source: String, Sendable, Hashable {
        /// A form of an instruction family (the focus, when there is one).
        case knownForm
        /// A random opcode of a map, or random VEX/EVEX fields.
        case random
    }

    public var kind: Kind
    public var source: Source
    /// The opcode map; nil for a VEX/EVEX map select that names no map (reserved values).
    public var map: OpcodeMap?
    public var opcode: UInt8
    /// The map select field of VEX3 (`mmmmm`, 0-31) or EVEX (`mmm`); 1 for VEX2.
    public var mapSelect: Int?
    /// VEX.L (0-1) or EVEX.L'L (0-3).
    public var vectorLength: Int?
    /// VEX/EVEX `pp` (0-3).
    public var pp: Int?
    public var prefixes: PrefixGroups
    /// Which segment overrides were emitted, one bit per `SegmentRegister` in declaration order.
    public var segmentOverrides: UInt8
    public var modrm: UInt8?
    public var sib: UInt8?

    /// Features with no prefixes, ModRM or VEX fields yet; the writer adds them as it emits.
    public init(kind: Kind, source: Source, map: OpcodeMap?, opcode: UInt8) {
        self.kind = kind
        self.source = source
        self.map = map
        self.opcode = opcode
        prefixes = []
        segmentOverrides = 0
    }

    /// A short name for the map and encoding kind, for per-map shares: `1byte`, `0f38`,
    /// `vex-0f3a`, `vex-reserved`, `evex-0f`.
    public var mapLabel: String {
        let mapName = map?.rawValue ?? "reserved"
        switch kind {
        case .legacy: return mapName
        case .vex2, .vex3: return "vex-" + mapName
        case .evex: return "evex-" + mapName
        }
    }
}

/// The kinds of prefix an encoding carries.
public struct PrefixGroups: OptionSet, Sendable, Hashable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// F0.
    public static let lock = PrefixGroups(rawValue: 1 << 0)
    /// F3 (REP/REPE), as a legacy prefix (not as a mandatory one).
    public static let rep = PrefixGroups(rawValue: 1 << 1)
    /// F2 (REPNE), as a legacy prefix.
    public static let repne = PrefixGroups(rawValue: 1 << 2)
    /// Any of 26, 2E, 36, 3E, 64, 65.
    public static let segment = PrefixGroups(rawValue: 1 << 3)
    /// 66, as a legacy prefix.
    public static let operandSize = PrefixGroups(rawValue: 1 << 4)
    /// 67.
    public static let addressSize = PrefixGroups(rawValue: 1 << 5)
    /// A REX byte directly before the opcode (or the escape bytes).
    public static let rex = PrefixGroups(rawValue: 1 << 6)
    /// A REX byte followed by another prefix, which makes the CPU ignore it.
    public static let misplacedRex = PrefixGroups(rawValue: 1 << 7)
    /// The same legacy prefix twice in a row.
    public static let repeated = PrefixGroups(rawValue: 1 << 8)
    /// A mandatory prefix (66, F2, F3) that selects an SSE or ADX instruction.
    public static let mandatory = PrefixGroups(rawValue: 1 << 9)
    /// A legacy prefix (66, F2, F3, F0) or REX before a VEX or EVEX prefix, which is #UD.
    public static let beforeVEX = PrefixGroups(rawValue: 1 << 10)
}
