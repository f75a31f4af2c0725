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

/// The SSE/AVX register file and the FPU control words that a case sets and observes.
///
/// The 512 bytes of YMM registers live behind one reference with copy-on-write, so that copying a
/// machine state or an outcome (several times per case) does not copy them.
public struct VectorState: Sendable, Hashable {
    private final class Registers: @unchecked Sendable {
        var ymm: InlineArray<16, Vec256>
        init(_ ymm: InlineArray<16, Vec256>) { self.ymm = ymm }
    }

    private var registers: Registers
    public var mxcsr: UInt32
    /// The x87 control word.
    public var fcw: UInt16
    /// The x87 status word.
    public var fsw: UInt16

    /// YMM0-15 (XMM n is the low half of YMM n).
    public var ymm: InlineArray<16, Vec256> {
        _read { yield registers.ymm }
        _modify {
            if !isKnownUniquelyReferenced(&registers) { registers = Registers(registers.ymm) }
            yield &registers.ymm
        }
    }

    private static let zeroRegisters = Registers(InlineArray(repeating: .zero))

    /// The architectural reset values: registers zero, MXCSR 0x1F80, FCW 0x037F, FSW 0.
    public init() {
        registers = VectorState.zeroRegisters
        mxcsr = VectorState.defaultMXCSR
        fcw = VectorState.defaultFCW
        fsw = 0
    }

    public static let defaultMXCSR: UInt32 = 0x1F80
    public static let defaultFCW: UInt16 = 0x037F

    public static func == (lhs: VectorState, rhs: VectorState) -> Bool {
        guard lhs.mxcsr == rhs.mxcsr, lhs.fcw == rhs.fcw, lhs.fsw == rhs.fsw else { return false }
        if lhs.registers === rhs.registers { return true }
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
        for index in 0..<16 { hasher.combine(registers.ymm[index]) }
    }
}
