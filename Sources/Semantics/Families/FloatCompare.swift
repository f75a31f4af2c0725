import SoftFloat
import X86

/// CMPPS, CMPPD, CMPSS, CMPSD with every predicate, legacy and VEX, and COMISS, COMISD, UCOMISS,
/// UCOMISD (Intel SDM Vol. 2A). A compare lane is all ones where the predicate holds; COMIS and
/// UCOMIS set ZF, PF and CF (unordered 111, greater 000, less 001, equal 100) and clear OF, SF
/// and AF. Capstone names most predicates (`cmpltps`, `vcmpnge_uqps`); the immediate decides.
enum FloatCompare: SemanticFamily {
    static let semantics: [String: Semantic] = {
        var table: [String: Semantic] = [:]
        register(Binary32.self, "s", into: &table)
        register(Binary64.self, "d", into: &table)
        return table
    }()

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    /// The compares of one format under every name Capstone gives them.
    private static func register<F: FloatFormat>(_ format: F.Type, _ suffix: String, into table: inout [String: Semantic]) {
        for (index, predicate) in predicateNames.enumerated() {
            for prefix in index < 8 ? ["", "v"] : ["v"] {
                table[prefix + "cmp" + predicate + "p" + suffix] = compare(format, packed: true)
                table[prefix + "cmp" + predicate + "s" + suffix] = compare(format, packed: false)
            }
        }
        for prefix in ["", "v"] {
            table[prefix + "cmpp" + suffix] = compare(format, packed: true)
            table[prefix + "cmps" + suffix] = compare(format, packed: false)
            table[prefix + "comis" + suffix] = orderedFlags(format, signaling: true)
            table[prefix + "ucomis" + suffix] = orderedFlags(format, signaling: false)
        }
    }

    /// The predicates in immediate order, as Capstone spells them (Intel SDM Vol. 2A, CMPPS,
    /// Table 3-1); legacy SSE has the first eight.
    static let predicateNames = [
        "eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord",
        "eq_uq", "nge", "ngt", "false", "neq_oq", "ge", "gt", "true",
        "eq_os", "lt_oq", "le_oq", "unord_s", "neq_us", "nlt_uq", "nle_uq", "ord_s",
        "eq_us", "nge_uq", "ngt_uq", "false_os", "neq_os", "ge_oq", "gt_oq", "true_us",
    ]

    /// Which relations make predicate `p` true (bit 0 less, 1 equal, 2 greater, 3 unordered), for
    /// p = 0 to 15; 16 to 31 repeat them with the other signalling behaviour.
    private static let holds: [UInt8] = [2, 1, 3, 8, 13, 14, 12, 7, 10, 9, 11, 0, 5, 6, 4, 15]
    /// The predicates 0 to 15 that signal (raise IE) on a QNaN operand too.
    private static let signalsOnQuietNaN: UInt16 = 0b0110_0110_0110_0110

    /// The predicate of an immediate: imm8[2:0] for legacy SSE, imm8[4:0] for VEX.
    private static func predicate(_ immediate: Int, vex: Bool) -> (holds: UInt8, signaling: Bool) {
        let predicate = immediate & (vex ? 0x1F : 0x7)
        let low = predicate & 0xF
        return (holds[low], (signalsOnQuietNaN >> low & 1 == 1) != (predicate >= 16))
    }

    private static func relation(_ ordering: FloatOrdering) -> UInt8 {
        switch ordering {
        case .less: 1
        case .equal: 2
        case .greater: 4
        case .unordered: 8
        }
    }

    /// CMPPS and friends: packed, or scalar (lane 0 only, the rest as the other scalar forms keep it).
    private static func compare<F: FloatFormat>(_ format: F.Type, packed: Bool) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let (predicateHolds, signaling) = predicate(context.immediate8(context.operands.count - 1), vex: context.isVEX)
            let bytes = packed ? context.vectorLength : 16
            let (first, second) = context.sourceOperands
            let a = try context.readVector(first, bytes: bytes)
            let b = try context.readVector(second, bytes: packed ? bytes : F.Bits.bitWidth / 8)
            let environment = context.floatEnvironment
            var result = packed ? Vec256.zero : a
            var raised: Exceptions = []
            for index in 0..<(packed ? bytes / (F.Bits.bitWidth / 8) : 1) {
                let comparison = F.compare(FloatLanes.lane(a, index, format), FloatLanes.lane(b, index, format),
                                           signaling: signaling, environment)
                raised.formUnion(comparison.exceptions)
                FloatLanes.setLane(&result, index, format, predicateHolds & relation(comparison.ordering) != 0 ? F.Bits.max : 0)
            }
            try context.commit(raised, environment)
            try context.writeVector(0, result, bytes: bytes)
        }
    }

    /// COMISS and UCOMISS (`signaling` false): lane 0 of both operands into ZF, PF and CF.
    private static func orderedFlags<F: FloatFormat>(_ format: F.Type, signaling: Bool) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let a = try context.readVector(0, bytes: 16)
            let b = try context.readVector(1, bytes: F.Bits.bitWidth / 8)
            let environment = context.floatEnvironment
            let comparison = F.compare(FloatLanes.lane(a, 0, format), FloatLanes.lane(b, 0, format), signaling: signaling, environment)
            try context.commit(comparison.exceptions, environment)
            let flags: UInt64 = switch comparison.ordering {
            case .unordered: RFlags.zf | RFlags.pf | RFlags.cf
            case .greater: 0
            case .less: RFlags.cf
            case .equal: RFlags.zf
            }
            context.setFlags(RFlags.status, to: flags)
        }
    }
}
