import Forms
import X86

/// Builds the random initial state of a case: registers, flags, vector registers and the data
/// window, a pure function of `(seed, case index)` and the instruction.
///
/// Values lean towards the ones that matter (zero, one, all ones, sign boundaries, small counts),
/// and the registers an instruction addresses memory with are steered so that most accesses land
/// in the data window, some straddle its edges, and some hit not-present, supervisor or
/// non-canonical addresses, because exceptions are semantics too.
public struct StateRandomizer: Sendable {
    public let seed: UInt64

    /// A randomizer whose streams are independent of the encoding generator's for the same seed.
    public init(seed: UInt64) { self.seed = seed ^ 0x5EED_57A7_E000_0000 }

    /// The initial state for case `caseIndex` running `instruction`.
    public func state(for instruction: Instruction, caseIndex: UInt64) -> MachineState {
        var rng = Xoshiro256StarStar(seed: seed, caseIndex: caseIndex)
        var state = MachineState.defaults
        for register in GPR.allCases { state.gpr[register] = Self.value(&rng) }
        state.gpr[.rsp] = Self.stackPointer(&rng)
        if Self.isString(instruction) {
            state.gpr[.rcx] = rng.chance(70) ? UInt64(rng.below(4)) : Self.value(&rng)
            state.gpr[.rsi] = Self.address(&rng, size: 8)
            state.gpr[.rdi] = Self.address(&rng, size: 8)
        } else if instruction.mnemonicKey == Self.maskmovq {
            state.gpr[.rdi] = Self.address(&rng, size: 8)
        }
        state.rflags = Self.rflags(&rng)
        let floatingPoint = Self.isFloatingPoint(instruction)
        if floatingPoint || VectorObservation.isNeeded(for: instruction) {
            var vectorRNG = Xoshiro256StarStar(seed: seed ^ Self.vectorStream, caseIndex: caseIndex)
            state.vector = floatingPoint ? Self.floatVectorState(&vectorRNG) : Self.vectorState(&vectorRNG)
        }
        state.dataSeed = rng.next()
        for case .memory(let operand) in instruction.operands {
            steer(operand, instruction: instruction, floatingPoint: floatingPoint, state: &state, rng: &rng)
        }
        return state
    }

    /// A register value: small numbers, boundary values or uniform bits.
    public static func value(_ rng: inout Xoshiro256StarStar) -> UInt64 {
        switch rng.below(10) {
        case 0..<3: return UInt64(rng.below(256))
        case 3..<5: return boundaries[rng.below(boundaries.count)]
        case 5: return UInt64(rng.below(64))
        default: return rng.next()
        }
    }

    static let boundaries: [UInt64] = [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
        0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFE,
        0xFFFF_FFFF_8000_0000, 0xFFFF_FFFF_FFFF_FF80,
    ]

    /// RFLAGS: random status flags and DF, AC now and then, IF always (a CPL3 requirement here).
    static func rflags(_ rng: inout Xoshiro256StarStar) -> UInt64 {
        var flags = MachineState.requiredRFlags | (rng.next() & (RFlags.status | RFlags.df))
        if rng.chance(5) { flags |= RFlags.ac }
        if rng.chance(10) { flags |= RFlags.id }
        return flags
    }

    /// Vector registers and MXCSR come from a stream of their own, drawn only for instructions
    /// that can see them (`VectorObservation`): the others keep the defaults, and drawing 64
    /// quadwords they never read was a fifth of a campaign's host time.
    static let vectorStream: UInt64 = 0x0000_0000_7EC7_0000

    /// Random vector registers, an MXCSR with valid bits only (masks mostly set) and random x87
    /// state, drawn last so that the earlier draws mean what they meant before x87 was observed.
    static func vectorState(_ rng: inout Xoshiro256StarStar) -> VectorState {
        var vector = VectorState()
        vector.ymm = registers(&rng, lane: value)
        vector.mxcsr = mxcsr(&rng)
        X87Values.randomize(&vector, &rng)
        return vector
    }

    /// Floating-point lanes in every vector register, and FTZ more often than other cases get it.
    static func floatVectorState(_ rng: inout Xoshiro256StarStar) -> VectorState {
        var vector = VectorState()
        vector.ymm = registers(&rng, lane: FloatValues.quadword)
        vector.mxcsr = mxcsr(&rng)
        if rng.chance(25) { vector.mxcsr |= 0x8000 }
        X87Values.randomize(&vector, &rng)
        return vector
    }

    /// YMM0-15, four draws of `lane` each, built locally and stored once: a store through
    /// `VectorState.ymm[index]` pays a copy-on-write check.
    private static func registers(_ rng: inout Xoshiro256StarStar,
                                  lane: (inout Xoshiro256StarStar) -> UInt64) -> InlineArray<16, Vec256> {
        var ymm = InlineArray<16, Vec256>(repeating: .zero)
        for index in 0..<16 { ymm[index] = Vec256(lane(&rng), lane(&rng), lane(&rng), lane(&rng)) }
        return ymm
    }

    /// An MXCSR with valid bits only: random rounding and flags, masks mostly set, FTZ now and then.
    private static func mxcsr(_ rng: inout Xoshiro256StarStar) -> UInt32 {
        let roundingAndFlags = UInt32(truncatingIfNeeded: rng.next()) & 0x607F
        let masks: UInt32 = rng.chance(80) ? 0x1F80 : UInt32(truncatingIfNeeded: rng.next()) & 0x1F80
        let flushToZero: UInt32 = rng.chance(10) ? 0x8000 : 0
        return roundingAndFlags | masks | flushToZero
    }

    /// Instructions of the floating-point families (`Focus.familyGroups["fp"]`), by Capstone's names.
    /// MASKMOVQ stores through RDI, which no operand names, so it is steered like a string pointer.
    static let maskmovq = PackedName("maskmovq")

    static func isFloatingPoint(_ instruction: Instruction) -> Bool { floatingPointMnemonics.contains(instruction.mnemonicKey) }

    /// Packed (`Instruction.mnemonicKey`): a case costs a binary search, not a string hash.
    static let floatingPointMnemonics = PackedNameSet(FormTable.all.filter { form in
        Focus.familyGroups["fp"]?.contains(form.family) ?? false
    }.flatMap { [$0.mnemonic] + $0.encoding.aliases })

    /// RSP: usually inside the data window and 8-aligned, sometimes misaligned, at its edges, or
    /// elsewhere entirely.
    static func stackPointer(_ rng: inout Xoshiro256StarStar) -> UInt64 {
        switch rng.below(20) {
        case 0: return GuestLayout.dataBase + UInt64(rng.below(3)) * 8
        case 1: return GuestLayout.dataRange.upperBound - UInt64(rng.below(3)) * 8
        case 2: return MachineState.defaultRSP + UInt64(rng.below(8))
        case 3: return address(&rng, size: 8)
        default: return GuestLayout.dataBase + 0x100 + UInt64(rng.below(Int(GuestLayout.dataSize) - 0x200)) & ~7
        }
    }

    /// An address for an access of `size` bytes: mostly in the window (sometimes straddling an
    /// edge), else outside it: the neighbouring pages, supervisor or read-only pages, unmapped
    /// or non-canonical addresses.
    static func address(_ rng: inout Xoshiro256StarStar, size: Int) -> UInt64 {
        let window = GuestLayout.dataRange
        switch rng.below(100) {
        case 0..<70:
            let offset = UInt64(rng.below(Int(GuestLayout.dataSize) - max(size, 1) + 1))
            return window.lowerBound + (rng.chance(60) ? offset & ~UInt64(max(size, 1) - 1) : offset)
        case 70..<76: return window.upperBound - UInt64(rng.below(max(size, 2)))
        case 76..<82: return window.lowerBound - UInt64(1 + rng.below(max(size, 2)))
        case 82..<86: return GuestLayout.dataBase + GuestLayout.pageSize - UInt64(1 + rng.below(max(size, 2)))
        case 86..<89: return [GuestLayout.idt, GuestLayout.gdt, GuestLayout.pml4, GuestLayout.kernelStackBase,
                              GuestLayout.codeAddress, GuestLayout.statePage][rng.below(6)] + UInt64(rng.below(0x100))
        case 89..<94: return UInt64(rng.below(0x4000_0000)) << 12 | UInt64(rng.below(0x1000))
        case 94..<97: return 0x0000_8000_0000_0000 | rng.next()
        default: return rng.next()
        }
    }

    /// Sets base and index registers so that `operand` addresses a chosen target; puts a
    /// boundary value there now and then, so that divisions by memory see zero and friends.
    private func steer(_ operand: MemoryOperand, instruction: Instruction, floatingPoint: Bool, state: inout MachineState,
                       rng: inout Xoshiro256StarStar) {
        guard !operand.ripRelative, operand.base != nil || operand.index != nil else { return }
        let size = max(operand.size, 1)
        let target = Self.address(&rng, size: size)
        var remaining = target &- UInt64(bitPattern: operand.displacement)
        if let index = operand.index, index != operand.base {
            let indexValue = rng.chance(50) ? UInt64(rng.below(16)) : (operand.base == nil ? remaining / UInt64(max(operand.scale, 1)) : UInt64(rng.below(0x100)))
            state.gpr[index] = indexValue
            remaining &-= indexValue &* UInt64(max(operand.scale, 1))
        }
        if let base = operand.base {
            state.gpr[base] = operand.index == base ? remaining / UInt64(1 + max(operand.scale, 1)) : remaining
        }
        guard GuestLayout.dataRange.contains(target), target + UInt64(size) <= GuestLayout.dataRange.upperBound else { return }
        if floatingPoint, rng.chance(70) {
            let values = (0..<(size + 7) / 8).map { _ in FloatValues.quadword(&rng) }
            state.memoryPatches.append(MemoryRun(address: target, bytes: (0..<size).map { UInt8(truncatingIfNeeded: values[$0 / 8] >> UInt64(($0 % 8) * 8)) }))
        } else if rng.chance(25) {
            let value = Self.boundaries[rng.below(Self.boundaries.count)]
            state.memoryPatches.append(MemoryRun(address: target, bytes: (0..<size).map { UInt8(truncatingIfNeeded: value >> UInt64(($0 % 8) * 8)) }))
        }
    }

    /// String instructions, which address memory through RSI/RDI and count in RCX.
    static func isString(_ instruction: Instruction) -> Bool { stringMnemonics.contains(instruction.mnemonicKey) }

    static let stringMnemonics = PackedNameSet(["movs", "stos", "lods", "cmps", "scas", "ins", "outs"].flatMap { base in
        ["b", "w", "d", "q"].map { base + $0 }
    })
}
