import X86

/// SHL/SAL SHR SAR ROL ROR RCL RCR SHLD SHRD (Intel SDM Vol. 2B: SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR,
/// SHLD, SHRD). The count (an immediate, the implied 1 or CL) is masked to 5 bits, 6 for 64-bit
/// operands. A masked count of 0 changes no flag, but the destination is still written: a memory
/// one is checked as a write (#PF on a read-only page) and a 32-bit register is zero-extended
/// (measured).
enum ShiftRotate: SemanticFamily {
    static let semantics: [String: Semantic] = [
        "shl": shift(.left), "sal": shift(.left), "shr": shift(.logicalRight), "sar": shift(.arithmeticRight),
        "rol": rotate(.left), "ror": rotate(.right), "rcl": rotate(.leftThroughCarry), "rcr": rotate(.rightThroughCarry),
        "shld": doubleShift(left: true), "shrd": doubleShift(left: false),
    ]

    enum ShiftKind { case left, logicalRight, arithmeticRight }
    enum RotateKind { case left, right, leftThroughCarry, rightThroughCarry }

    /// Operand `index`, the count, masked to 5 bits (6 for a 64-bit destination).
    private static func maskedCount(_ context: inout ExecutionContext, _ index: Int, _ width: Width) throws(Fault) -> Int {
        Int(try context.read(index) & (width.bytes == 8 ? 0x3F : 0x1F))
    }

    /// SF ZF PF from the result and CF the last bit out. OF is defined for a count of 1 only; AF
    /// is undefined for any count, and CF too for SHL/SHR when the count is at least the width.
    /// Zen 4 sets AF, and computes CF and OF as the last one-bit step would (measured).
    private static func shift(_ kind: ShiftKind) -> Semantic {
        Semantic { context throws(Fault) in
            let width = context.width(0)
            let value = try context.readForWrite(0)
            let count = try maskedCount(&context, 1, width)
            guard count != 0 else { try context.write(0, value); return }
            let (result, carry) = shifted(value, by: count, kind, width)
            try context.write(0, result)
            let overflow = switch kind {
            case .left: width.isNegative(result) != carry
            case .logicalRight: width.isNegative(value >> (count - 1))
            case .arithmeticRight: false
            }
            let flags = FlagMath.zeroSignParity(result, width) | (carry ? RFlags.cf : 0) | (overflow ? RFlags.of : 0)
            context.setFlags(RFlags.status, to: flags)
            var undefined = RFlags.af | (count == 1 ? 0 : RFlags.of)
            if kind != .arithmeticRight && count >= width.bits { undefined |= RFlags.cf }
            context.leaveUndefined(undefined, answering: .shift)
        }
    }

    /// `value` (of `width`) shifted by `count` (1 to 63) and the last bit shifted out.
    static func shifted(_ value: UInt64, by count: Int, _ kind: ShiftKind, _ width: Width) -> (result: UInt64, carry: Bool) {
        switch kind {
        case .left:
            return (width.truncate(value << count), count <= width.bits && (value >> (width.bits - count)) & 1 != 0)
        case .logicalRight:
            return (value >> count, (value >> (count - 1)) & 1 != 0)
        case .arithmeticRight:
            let signed = Int64(bitPattern: width.signExtend(value))
            return (width.truncate(UInt64(bitPattern: signed >> count)), (signed >> (count - 1)) & 1 != 0)
        }
    }

    /// Only CF and OF change: CF for any nonzero masked count (even one that rotates a full turn),
    /// OF for a masked count of 1 only (undefined otherwise; Zen 4 computes it the same way for
    /// any count, measured).
    private static func rotate(_ kind: RotateKind) -> Semantic {
        Semantic { context throws(Fault) in
            let width = context.width(0)
            let value = try context.readForWrite(0)
            let count = try maskedCount(&context, 1, width)
            guard count != 0 else { try context.write(0, value); return }
            let (result, carry) = switch kind {
            case .left, .right: rotated(value, by: count, left: kind == .left, width)
            case .leftThroughCarry, .rightThroughCarry:
                rotatedThroughCarry(value, carry: context.flag(RFlags.cf), by: count, left: kind == .leftThroughCarry, width)
            }
            try context.write(0, result)
            let left = kind == .left || kind == .leftThroughCarry
            let overflow = width.isNegative(result) != (left ? carry : width.isNegative(result << 1))
            let flags = (carry ? RFlags.cf : 0) | (overflow ? RFlags.of : 0)
            context.setFlags(RFlags.cf | RFlags.of, to: flags)
            context.leaveUndefined(count == 1 ? 0 : RFlags.of, answering: .rotate)
        }
    }

    /// ROL/ROR: a rotation by `count` modulo the width; CF is the bit that last wrapped around.
    static func rotated(_ value: UInt64, by count: Int, left: Bool, _ width: Width) -> (result: UInt64, carry: Bool) {
        let bits = width.bits
        let leftAmount = left ? count % bits : (bits - count % bits) % bits
        let result = width.truncate(value << leftAmount | value >> (bits - leftAmount))
        return (result, left ? result & 1 != 0 : width.isNegative(result))
    }

    /// RCL/RCR: a rotation of the width + 1 bits CF:value by `count` modulo width + 1 (so 9 and 17
    /// for bytes and words; 32- and 64-bit counts are below that already). RCR by r is RCL by
    /// width + 1 - r.
    static func rotatedThroughCarry(_ value: UInt64, carry: Bool, by count: Int, left: Bool, _ width: Width)
        -> (result: UInt64, carry: Bool) {
        let span = width.bits + 1
        let amount = left ? count % span : (span - count % span) % span
        guard amount != 0 else { return (value, carry) }
        let carryIn: UInt64 = carry ? 1 : 0
        let result = width.truncate(value << amount | carryIn << (amount - 1) | value >> (span - amount))
        return (result, (value >> (width.bits - amount)) & 1 != 0)
    }

    /// SF ZF PF from the result, CF the last bit out of the destination, OF a sign change for a
    /// count of 1 (undefined above), AF undefined. A count above the width (16-bit operands only:
    /// the count is masked to 5 bits) leaves the result and every flag undefined. Zen 4 sets AF,
    /// takes CF from the destination alone (0 past its width) and OF from the bit after it for
    /// SHLD, from the top two result bits for SHRD: the defined values for a count of 1 (measured).
    private static func doubleShift(left: Bool) -> Semantic {
        Semantic { context throws(Fault) in
            let width = context.width(0)
            let destination = try context.readForWrite(0)
            let source = try context.read(1)
            let count = try maskedCount(&context, 2, width)
            guard count != 0 else { try context.write(0, destination); return }
            let bits = width.bits
            let result = count > bits ? try oversizedWordDoubleShift(context.profile, destination, source, count, left: left)
                : left ? width.truncate(destination << count | source >> (bits - count))
                : width.truncate(destination >> count | source << (bits - count))
            try context.write(0, result)
            let carry = left ? count <= bits && (destination >> (bits - count)) & 1 != 0 : (destination >> (count - 1)) & 1 != 0
            let overflow = left ? (count < bits && (destination >> (bits - 1 - count)) & 1 != 0) != carry
                                : width.isNegative(result) != width.isNegative(result << 1)
            let flags = FlagMath.zeroSignParity(result, width) | (carry ? RFlags.cf : 0) | (overflow ? RFlags.of : 0)
            context.setFlags(RFlags.status, to: flags)
            let undefined = count > bits ? RFlags.status : RFlags.af | (count == 1 ? 0 : RFlags.of)
            context.leaveUndefined(undefined, answering: .doubleShift)
        }
    }

    /// A 16-bit SHLD/SHRD by 17 to 31, whose result the manuals leave undefined (Intel SDM Vol. 2B,
    /// SHLD/SHRD: "If the count is greater than the operand size, the result is undefined"). Zen 4
    /// shifts the 48 bits destination:source:source (SHLD) or source:source:destination (SHRD),
    /// measured; other CPUs differ, so only a profile that answers `oversizedWordDoubleShift` predicts it.
    private static func oversizedWordDoubleShift(_ profile: CPUProfile, _ destination: UInt64, _ source: UInt64,
                                                 _ count: Int, left: Bool) throws(Fault) -> UInt64 {
        guard profile.oversizedWordDoubleShift == .shiftsThroughDoubledSource else {
            throw .notModelled("16-bit shld/shrd by more than 16 (undefined result)")
        }
        return left ? (((destination << 32 | source << 16 | source) << count) >> 32) & 0xFFFF
                    : ((source << 32 | source << 16 | destination) >> count) & 0xFFFF
    }
}
