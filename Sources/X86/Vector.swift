/// One 256-bit YMM register as four little-endian quadwords; its low 128 bits are the XMM register.
public struct Vec256: Sendable, Hashable {
    public var q0: UInt64
    public var q1: UInt64
    public var q2: UInt64
    public var q3: UInt64

    public init(_ q0: UInt64 = 0, _ q1: UInt64 = 0, _ q2: UInt64 = 0, _ q3: UInt64 = 0) {
        (self.q0, self.q1, self.q2, self.q3) = (q0, q1, q2, q3)
    }

    public static let zero = Vec256()

    /// Quadword `index` (0 is the least significant).
    public subscript(qword index: Int) -> UInt64 {
        get {
            switch index {
            case 0: q0
            case 1: q1
            case 2: q2
            default: q3
            }
        }
        set {
            switch index {
            case 0: q0 = newValue
            case 1: q1 = newValue
            case 2: q2 = newValue
            default: q3 = newValue
            }
        }
    }

    /// The low 128 bits, with the upper half cleared.
    public var low128: Vec256 { Vec256(q0, q1) }
}

/// One 80-bit x87 data register as FXSAVE stores it: the 64-bit significand (bit 63 is the
/// explicit integer bit) and the sign with the 15-bit exponent. An MMX register is the significand.
public struct X87Register: Sendable, Hashable {
    public var significand: UInt64
    public var signExponent: UInt16

    public init(significand: UInt64 = 0, signExponent: UInt16 = 0) {
        self.significand = significand
        self.signExponent = signExponent
    }

    public static let zero = X87Register()
}

/// The x87 last-instruction pointers as FXSAVE64/XSAVE store them: FOP (the opcode's 11 low bits:
/// the first byte's low 3 bits, then ModRM), FIP and FDP (the instruction's and its memory
/// operand's addresses). AMD CPUs save them only while an unmasked exception is pending (FSW.ES),
/// and zeros otherwise (AMD APM Vol. 2 §11.4.4; measured on Zen 3).
public struct X87Pointers: Sendable, Hashable {
    public var fop: UInt16
    public var fip: UInt64
    public var fdp: UInt64

    public init(fop: UInt16 = 0, fip: UInt64 = 0, fdp: UInt64 = 0) {
        self.fop = fop
        self.fip = fip
        self.fdp = fdp
    }

    public static let zero = X87Pointers()

    /// FIP and FDP with only their low `bits` kept, sign-extended from the top one, as the CPU
    /// holds them (48 on Zen 3).
    public func kept(bits: Int) -> X87Pointers {
        func cut(_ value: UInt64) -> UInt64 { UInt64(bitPattern: Int64(bitPattern: value << UInt64(64 - bits)) >> Int64(64 - bits)) }
        return X87Pointers(fop: fop & 0x7FF, fip: cut(fip), fdp: cut(fdp))
    }
}

/// The SSE/AVX register file, the x87 data registers and the FPU control words that a case sets
/// and observes.
///
/// The 512 bytes of YMM registers and the x87 registers live behind one reference with
/// copy-on-write, so that copying a machine state or an outcome (several times per case) does not
/// copy them.
public struct VectorState: Sendable, Hashable {
    /// The registers behind the copy-on-write accessors, which reach them only through a unique
    /// reference when they write: the runtime's exclusivity check (about half of a campaign case's
    /// dozen, some 400 host instructions) has nothing to catch here.
    private final class Registers: @unchecked Sendable {
        @exclusivity(unchecked) var ymm: InlineArray<16, Vec256>
        @exclusivity(unchecked) var st: InlineArray<8, X87Register>
        init(_ ymm: InlineArray<16, Vec256>, _ st: InlineArray<8, X87Register>) {
            self.ymm = ymm
            self.st = st
        }
    }

    private var registers: Registers
    public var mxcsr: UInt32
    /// The x87 control word.
    public var fcw: UInt16
    /// The x87 status word (TOP in bits 13:11).
    public var fsw: UInt16
    /// The abridged x87 tag word of FXSAVE and XSAVE: bit i is 1 when physical register Ri is not
    /// empty (Intel SDM Vol. 1, 10.5.1.1). It is indexed by physical register, not by stack position.
    public var ftw: UInt8
    /// The x87 last-instruction pointers.
    public var x87Pointers = X87Pointers.zero

    /// YMM0-15 (XMM n is the low half of YMM n).
    public var ymm: InlineArray<16, Vec256> {
        _read { yield registers.ymm }
        _modify {
            if !isKnownUniquelyReferenced(&registers) { registers = Registers(registers.ymm, registers.st) }
            yield &registers.ymm
        }
    }

    /// ST(0)..ST(7) in stack order, as FXSAVE stores them: ST(i) is physical register
    /// (TOP + i) mod 8.
    public var st: InlineArray<8, X87Register> {
        _read { yield registers.st }
        _modify {
            if !isKnownUniquelyReferenced(&registers) { registers = Registers(registers.ymm, registers.st) }
            yield &registers.st
        }
    }

    /// Sets FCW (from FLDCW, or as a state is loaded) as the CPU keeps it: bits 0-5 and 8-12, bit
    /// 6 set; and FSW's ES and B (bits 7 and 15) to whether an exception flag is unmasked, which is
    /// what they mean (Intel SDM Vol. 1 §8.1.3.1; measured on Zen 3, `X87SandboxTests`).
    public mutating func loadControlWord(_ value: UInt16) {
        fcw = value & 0x1F3F | 0x40
        fsw = fsw & 0x7F7F | (hasPendingX87Exception ? 0x8080 : 0)
    }

    /// True when an exception flag of FSW is unmasked in FCW: the next waiting x87 or MMX
    /// instruction raises #MF (Intel SDM Vol. 1 §8.6).
    public var hasPendingX87Exception: Bool { fsw & ~fcw & 0x3F != 0 }

    /// True when FSW.ES is clear and the x87 pointers are not zero. The CPU keeps such pointers
    /// (XRSTOR loads them whatever ES says) but XSAVE stores zeros for them, so a host context
    /// switch in between (the kernel's XSAVES and XRSTORS of the vCPU's registers) replaces them
    /// with zeros, which an instruction that then raises an unmasked exception shows
    /// (docs/PLATFORM.md, "x87 floating point on Zen 3").
    public var hidesX87Pointers: Bool { fsw & 0x80 == 0 && x87Pointers != .zero }

    /// True when FSW.ES is set: XSAVE then stores the x87 pointers as the CPU holds them.
    public var showsX87Pointers: Bool { fsw & 0x80 != 0 }

    /// TOP, the physical register number of ST(0) (FSW bits 13:11).
    public var top: Int { Int(fsw >> 11) & 7 }

    /// The stack position of physical register `physical` (MMX register n is physical register n).
    public func stackIndex(ofPhysical physical: Int) -> Int { (physical - top) & 7 }

    /// MMX register `index`: the significand of physical register `index` (Intel SDM Vol. 1, 9.2.1).
    public func mm(_ index: Int) -> UInt64 { registers.st[stackIndex(ofPhysical: index)].significand }

    /// Sets the significand of physical register `index`, as `--set mmN` does; the exponent and
    /// tags stay as they are (an MMX instruction's own side effects are the model's business).
    public mutating func setMM(_ index: Int, _ value: UInt64) { st[stackIndex(ofPhysical: index)].significand = value }

    private static let zeroRegisters = Registers(InlineArray(repeating: .zero), InlineArray(repeating: .zero))

    /// The architectural reset values (XSAVE's initial configuration): registers zero, MXCSR
    /// 0x1F80, FCW 0x037F, FSW 0, every x87 register empty (abridged tag 0).
    public init() {
        registers = VectorState.zeroRegisters
        mxcsr = VectorState.defaultMXCSR
        fcw = VectorState.defaultFCW
        fsw = 0
        ftw = 0
    }

    /// A state from whole register files at once (`XSaveLayout.read`): one allocation instead of a
    /// copy-on-write check per register.
    init(ymm: InlineArray<16, Vec256>, st: InlineArray<8, X87Register>, mxcsr: UInt32, fcw: UInt16, fsw: UInt16, ftw: UInt8,
         x87Pointers: X87Pointers) {
        registers = Registers(ymm, st)
        self.mxcsr = mxcsr
        self.fcw = fcw
        self.fsw = fsw
        self.ftw = ftw
        self.x87Pointers = x87Pointers
    }

    /// This state with the x87 data registers and tag word of `other`: for comparisons with an
    /// outcome recorded before they were observed.
    public func withX87Registers(of other: VectorState) -> VectorState {
        var copy = self
        copy.st = other.st
        copy.ftw = other.ftw
        copy.x87Pointers = other.x87Pointers
        return copy
    }

    /// This state with the x87 pointers of `other`: for comparisons with an outcome recorded
    /// before they were observed.
    public func withX87Pointers(of other: VectorState) -> VectorState {
        var copy = self
        copy.x87Pointers = other.x87Pointers
        return copy
    }

    public static let defaultMXCSR: UInt32 = 0x1F80
    public static let defaultFCW: UInt16 = 0x037F

    public static func == (lhs: VectorState, rhs: VectorState) -> Bool {
        guard lhs.mxcsr == rhs.mxcsr, lhs.fcw == rhs.fcw, lhs.fsw == rhs.fsw, lhs.ftw == rhs.ftw,
              lhs.x87Pointers == rhs.x87Pointers else { return false }
        if lhs.registers === rhs.registers { return true }
        let (left, right) = (lhs.registers.st, rhs.registers.st)
        for index in 0..<8 where left[index] != right[index] { return false }
        // One read of each array, compared a word at a time: indexing the class's array per
        // register pays an exclusivity check each time.
        return withUnsafeBytes(of: lhs.registers.ymm) { left in
            withUnsafeBytes(of: rhs.registers.ymm) { right in
                var difference: UInt64 = 0
                for offset in stride(from: 0, to: left.count, by: 8) {
                    difference |= left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                        ^ right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                }
                return difference == 0
            }
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(mxcsr)
        hasher.combine(fcw)
        hasher.combine(fsw)
        hasher.combine(ftw)
        hasher.combine(x87Pointers)
        for index in 0..<16 { hasher.combine(registers.ymm[index]) }
        for index in 0..<8 { hasher.combine(registers.st[index]) }
    }
}
