import SoftFloat
import X86

/// The x87 register stack and status word as the data and arithmetic instructions use them
/// (Intel SDM Vol. 1 §8.1-8.5): ST(i) is physical register (TOP + i) mod 8, a register is empty
/// when its tag says so, and exceptions are flags in FSW that an unmasked one turns into a pending
/// #MF (ES and B) for the next waiting instruction.
extension ExecutionContext {
    static let x87C0: UInt16 = 0x0100
    static let x87C1: UInt16 = 0x0200
    static let x87C2: UInt16 = 0x0400
    static let x87C3: UInt16 = 0x4000
    /// SF: the invalid operation was a stack overflow or underflow (Vol. 1 §8.1.3.3).
    static let x87StackFault: UInt16 = 0x0040

    /// Rounding, precision and masks from FCW. The reserved precision control 01b is the profile's
    /// question; unanswered, the case is not predicted.
    func x87Environment() throws(Fault) -> ExtendedEnvironment {
        if let environment = ExtendedEnvironment(fcw: vector.fcw) { return environment }
        guard profile.reservedPrecisionIsExtended == true else {
            throw .notModelled("x87 precision control 01b (a profile question)")
        }
        return ExtendedEnvironment(fcw: vector.fcw | 0x0300)!
    }

    /// True when ST(`index`) is empty (its abridged tag bit clear).
    func x87IsEmpty(_ index: Int) -> Bool { vector.ftw & (1 << ((vector.top + index) & 7)) == 0 }

    /// ST(`index`) as an 80-bit value, whatever its tag.
    func x87(_ index: Int) -> Extended {
        let register = vector.st[index & 7]
        return Extended(signExponent: register.signExponent, significand: register.significand)
    }

    /// ST(`index`) := `value`, tagged valid.
    mutating func setX87(_ index: Int, _ value: Extended) {
        vector.st[index & 7] = X87Register(significand: value.significand, signExponent: value.signExponent)
        vector.ftw |= 1 << ((vector.top + index) & 7)
    }

    /// Pops: ST(0)'s tag empty, TOP + 1.
    mutating func popX87() {
        vector.ftw &= ~(1 << (vector.top & 7))
        setTop((vector.top + 1) & 7)
    }

    /// Pushes: TOP - 1, then ST(0) := `value`.
    mutating func pushX87(_ value: Extended) {
        setTop((vector.top + 7) & 7)
        setX87(0, value)
    }

    /// Sets the exception flags (sticky), and ES and B when one of them is unmasked.
    mutating func raiseX87(_ exceptions: Exceptions) {
        vector.fsw |= UInt16(exceptions.rawValue & 0x3F)
        if vector.hasPendingX87Exception { vector.fsw |= 0x8080 }
    }

    /// C1 := `value`.
    mutating func setX87C1(_ value: Bool) {
        vector.fsw = vector.fsw & ~Self.x87C1 | (value ? Self.x87C1 : 0)
    }

    /// C3, C2 and C0 := the given bits.
    mutating func setX87Conditions(c3: Bool, c2: Bool, c0: Bool) {
        vector.fsw = vector.fsw & ~(Self.x87C3 | Self.x87C2 | Self.x87C0)
            | (c3 ? Self.x87C3 : 0) | (c2 ? Self.x87C2 : 0) | (c0 ? Self.x87C0 : 0)
    }

    /// A stack overflow (a push onto a register in use) or underflow (an empty source): IE with SF,
    /// C1 1 for overflow and 0 for underflow (Vol. 1 §8.5.1.1). True when IE is masked, and the
    /// instruction goes on with the indefinite; unmasked, it changes nothing else.
    mutating func x87StackFault(overflow: Bool) -> Bool {
        vector.fsw |= Self.x87StackFault
        setX87C1(overflow)
        raiseX87(.invalid)
        return vector.fcw & 1 != 0
    }

    /// Leaves C0, C2 and C3 to the comparator, for the instructions whose pages call them undefined.
    mutating func leaveX87ConditionsUndefined() {
        leaveStatusWordUndefined(Self.x87C3 | Self.x87C2 | Self.x87C0)
    }

    /// The result of an operation into ST(`destination`): with a value, that value, C1 from the
    /// rounding, and a pop when `pops`; without one (an unmasked invalid, denormal or zero-divide
    /// exception), nothing but the flags, and no pop (Vol. 1 §8.5: the operands stay).
    mutating func finishX87(_ result: ExtendedResult, into destination: Int, pops: Bool) {
        raiseX87(result.exceptions)
        setX87C1(result.roundedUp)
        guard let value = result.value else { return }
        setX87(destination, value)
        if pops { popX87() }
    }

    /// FOP, FIP and FDP after the instruction: this instruction's when it raised an unmasked
    /// exception (FOP: the escape opcode's low 3 bits and ModRM; FDP: the memory operand's
    /// address, kept without one), the loaded ones otherwise, also when FLDCW unmasked one (measured
    /// on Zen 3, which only then saves them: `ReferenceModel` applies that).
    mutating func recordX87Pointers(initial: VectorState, at address: UInt64) {
        // Of the control instructions, which leave the pointers alone (Intel SDM Vol. 1 §8.1.8),
        // only FLDCW can make an exception pending.
        guard vector.hasPendingX87Exception, !initial.hasPendingX87Exception, instruction.map == .oneByte, (0xD8...0xDF).contains(instruction.opcode),
              instruction.mnemonic != "fldcw" else { return }
        var data = initial.x87Pointers.fdp
        if case .memory(let operand)? = operands.first(where: \.isMemory) { data = effectiveAddress(operand) }
        vector.x87Pointers = X87Pointers(fop: UInt16(instruction.opcode & 7) << 8 | UInt16(instruction.modrm ?? 0), fip: address, fdp: data)
    }

    /// i of a register form's ST(i), from the ModRM byte: the encoding says which register, where
    /// Capstone 4 lists the reserved aliases' operands in more than one way.
    func x87RegisterIndex() throws(Fault) -> Int {
        guard let modrm = instruction.modrm, modrm >= 0xC0 else { throw .notModelled("\(instruction.text): not a register form") }
        return Int(modrm & 7)
    }
}

/// x87 memory operands: 2 to 10 bytes, checked as one access (an 80-bit one for #AC at 8 bytes,
/// Intel SDM Vol. 3A §6.15, Table 6-7).
extension ExecutionContext {
    /// The bytes of memory operand `index`, little-endian, after the access checks.
    mutating func readX87Memory(_ index: Int) throws(Fault) -> UInt128 {
        let (address, size) = try x87MemoryAccess(index, kind: .read)
        var value: UInt128 = 0
        for offset in stride(from: 0, to: size, by: 8) {
            value |= UInt128(memory.load(address &+ UInt64(offset), size: min(8, size - offset))) << UInt128(8 * offset)
        }
        return value
    }

    /// Writes the low `access.size` bytes of `value` where `x87MemoryAccess` checked a write.
    mutating func storeX87Memory(_ access: (address: UInt64, size: Int), _ value: UInt128) {
        for offset in stride(from: 0, to: access.size, by: 8) {
            memory.store(access.address &+ UInt64(offset), size: min(8, access.size - offset),
                         UInt64(truncatingIfNeeded: value >> UInt128(8 * offset)))
        }
    }

    /// The size in bytes of memory operand `index`, as the forms table gives it for this opcode
    /// and ModRM.reg (Capstone 4 gives FNSTSW m16, DD /7, a doubleword).
    func x87MemorySize(_ index: Int) throws(Fault) -> Int {
        let reg = ((instruction.modrm ?? 0) >> 3) & 7
        guard case .memory = try operand(index),
              let form = encodingForms.forms.first(where: { !$0.vex && $0.opcode == instruction.opcode && $0.allowsMemory
                  && ($0.reg == EncodingForm.noDigit || $0.reg == reg) && $0.memoryBytes != 0 }) else {
            throw .notModelled("\(instruction.text): no x87 memory form in the table")
        }
        return Int(form.memoryBytes)
    }

    /// The address and size of memory operand `index` after the checks of an access: a store
    /// checks first, and then decides what (or whether) to write.
    mutating func x87MemoryAccess(_ index: Int, kind: MemoryModel.AccessKind) throws(Fault) -> (address: UInt64, size: Int) {
        let size = try x87MemorySize(index)
        guard case .memory(let operand) = try operand(index) else { throw .notModelled("\(instruction.text): not memory") }
        let address = effectiveAddress(operand)
        try check(address, size: size, kind: kind, segment: segment(of: operand), alignment: min(size, 8))
        return (address, size)
    }

    /// A floating-point (`integer` false: m32, m64) or integer (m16, m32, m64) memory source as an
    /// 80-bit value, exactly; `denormal` when a float was a denormal (widening normalizes it, and
    /// the instruction still raises DE for it).
    mutating func x87MemorySource(_ index: Int, integer: Bool) throws(Fault) -> (value: Extended, denormal: Bool) {
        let bits = try readX87Memory(index)
        switch (try x87MemorySize(index), integer) {
        case (2, true): return (Extended.fromInteger(Int16(truncatingIfNeeded: bits)), false)
        case (4, true): return (Extended.fromInteger(Int32(truncatingIfNeeded: bits)), false)
        case (8, true): return (Extended.fromInteger(Int64(truncatingIfNeeded: bits)), false)
        case (4, false): return Extended.widened(UInt32(truncatingIfNeeded: bits), Binary32.self)
        case (8, false): return Extended.widened(UInt64(truncatingIfNeeded: bits), Binary64.self)
        case (10, false): return (Extended(bits: bits), false)
        default: throw .notModelled("\(instruction.text): x87 memory source")
        }
    }

    /// An operation's result when its float memory source was a denormal: DE added, and with DE
    /// unmasked no result; unless what the layer checks before denormal operands decided it (a NaN
    /// or unsupported register, an invalid operation, a division by zero: Vol. 1 §8.5 priority).
    static func withDenormalSource(_ result: ExtendedResult, register: Extended, _ environment: ExtendedEnvironment) -> ExtendedResult {
        if register.isNaN || register.isUnsupported || !result.exceptions.isDisjoint(with: [.invalid, .divideByZero]) { return result }
        if environment.masks.contains(.denormal) {
            var result = result
            result.exceptions.insert(.denormal)
            return result
        }
        return ExtendedResult(value: nil, exceptions: result.exceptions.intersection(.denormal).union(.denormal))
    }
}
