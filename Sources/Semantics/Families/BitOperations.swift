import X86

/// BT BTS BTR BTC BSF BSR POPCNT LZCNT TZCNT BSWAP (Intel SDM Vol. 2A/2B; AMD APM Vol. 3).
enum BitOperations: SemanticFamily {
    static let semantics: [String: Semantic] = [
        "bt": bitTest(nil),
        "bts": bitTest { value, bit in value | bit },
        "btr": bitTest { value, bit in value & ~bit },
        "btc": bitTest { value, bit in value ^ bit },
        "bsf": bitScan { UInt64($0.trailingZeroBitCount) },
        "bsr": bitScan { UInt64(63 - $0.leadingZeroBitCount) },
        "popcnt": Semantic { context throws(Fault) in
            let source = try context.read(1)
            try context.write(0, UInt64(source.nonzeroBitCount))
            context.setFlags(RFlags.status, to: source == 0 ? RFlags.zf : 0)
        },
        "lzcnt": zeroCount { value, width in UInt64(value.leadingZeroBitCount - (64 - width.bits)) },
        "tzcnt": zeroCount { value, width in UInt64(min(value.trailingZeroBitCount, width.bits)) },
        "bswap": Semantic { context throws(Fault) in
            let width = context.width(0)
            let value = try context.read(0)
            try context.write(0, width.bytes == 2 ? try wordByteSwap(context.profile) : value.byteSwapped >> UInt64(64 - width.bits))
        },
    ]

    /// CF is the selected bit; ZF is unchanged; OF SF AF PF are undefined (Zen 4 leaves them
    /// unchanged). A register destination
    /// takes the offset modulo its width, and so does memory with an immediate offset. A register
    /// offset into memory is signed and moves the access: the operand-sized word at
    /// `address + width * floor(offset / bits)`, cut to the address size (measured: #AC, #PF and
    /// CR2 follow that word). BTS BTR BTC store `update(value, bit)`; BT stores nothing.
    private static func bitTest(_ update: (@Sendable (_ value: UInt64, _ bit: UInt64) -> UInt64)?) -> Semantic {
        let undefined = RFlags.of | RFlags.sf | RFlags.af | RFlags.pf
        return Semantic { context throws(Fault) in
            let width = context.width(0)
            let offset = try context.read(1)
            let value: UInt64
            let bit = UInt64(1) << (offset % UInt64(width.bits))
            if case .memory(let operand) = context.operands[0], case .register = context.operands[1] {
                let address = displacedAddress(&context, operand, bitOffset: offset, width)
                let segment = context.segment(of: operand)
                if let update {
                    try context.check(address, size: width.bytes, kind: .write, segment: segment)
                    value = context.memory.load(address, size: width.bytes)
                    try context.writeMemory(address, width: width, update(value, bit), segment: segment)
                } else {
                    value = try context.readMemory(address, width: width, segment: segment)
                }
            } else if let update {
                value = try context.readForWrite(0)
                try context.write(0, update(value, bit))
            } else {
                value = try context.read(0)
            }
            context.setFlags(RFlags.cf, to: value & bit != 0 ? RFlags.cf : 0)
            context.leaveUndefined(undefined, answering: .bitTest)
        }
    }

    /// The address of the word a register bit offset selects from memory operand `operand`.
    private static func displacedAddress(_ context: inout ExecutionContext, _ operand: MemoryOperand, bitOffset: UInt64,
                                         _ width: Width) -> UInt64 {
        let wordIndex = Int64(bitPattern: width.signExtend(bitOffset)) >> Int64(width.bits.trailingZeroBitCount)
        let address = context.effectiveAddress(operand) &+ UInt64(bitPattern: wordIndex &* Int64(width.bytes))
        return context.instruction.addressSize == 32 ? address & 0xFFFF_FFFF : address
    }

    /// BSF/BSR: the index of the lowest or highest set bit, and ZF clear. For a zero source ZF is
    /// set and the destination is left as it was: Intel leaves it undefined, AMD documents it
    /// unchanged (APM Vol. 3, BSF), and Zen 4 keeps all 64 bits even for a 32-bit operand
    /// (measured). CF OF SF AF PF are undefined: Zen 4 clears all but PF, which it takes from the
    /// index (from 0 for a zero source).
    private static func bitScan(_ index: @escaping @Sendable (_ value: UInt64) -> UInt64) -> Semantic {
        let undefined = RFlags.status & ~RFlags.zf
        return Semantic { context throws(Fault) in
            let source = try context.read(1)
            let found = source == 0 ? 0 : index(source)
            if source != 0 { try context.write(0, found) }
            context.setFlags(RFlags.zf, to: source == 0 ? RFlags.zf : 0)
            context.leaveUndefined(undefined, answering: .bitScan, paritySource: found)
        }
    }

    /// LZCNT/TZCNT: the number of leading or trailing zero bits (the width for a zero source); CF
    /// set for a zero source, ZF for a zero result; OF SF AF PF undefined (Zen 4 clears SF AF PF
    /// and leaves OF unchanged).
    private static func zeroCount(_ count: @escaping @Sendable (_ value: UInt64, _ width: Width) -> UInt64) -> Semantic {
        let undefined = RFlags.of | RFlags.sf | RFlags.af | RFlags.pf
        return Semantic { context throws(Fault) in
            let width = context.width(0)
            let source = try context.read(1)
            let result = count(source, width)
            try context.write(0, result)
            context.setFlags(RFlags.cf | RFlags.zf, to: (source == 0 ? RFlags.cf : 0) | (result == 0 ? RFlags.zf : 0))
            context.leaveUndefined(undefined, answering: .zeroCount)
        }
    }

    /// BSWAP of a 16-bit register, whose result the manuals leave undefined (Intel SDM Vol. 2A,
    /// BSWAP; AMD APM Vol. 3, BSWAP). Zen 4 clears the low 16 bits and keeps the rest (measured);
    /// other CPUs may differ, so only a profile that answers `wordByteSwap` predicts it.
    private static func wordByteSwap(_ profile: CPUProfile) throws(Fault) -> UInt64 {
        switch profile.wordByteSwap {
        case .clearsLowWord?: return 0
        case nil: throw .notModelled("bswap of a 16-bit register (undefined result)")
        }
    }
}
