import SoftFloat
import X86

/// What the floating-point families share: the MXCSR environment, lane access by format, the
/// exception commit (flags into MXCSR, or #XM with the destination untouched) and the operand
/// shapes of packed and scalar instructions. The arithmetic itself is `SoftFloat`'s.
enum FloatLanes {
    /// One operation on a lane's bits (and the instruction's imm8, which only ROUND reads), with
    /// the flags it raises.
    typealias Unary<F: FloatFormat> = (F.Bits, UInt8, FloatEnvironment) -> FloatResult<F.Bits>
    typealias Binary<F: FloatFormat> = (F.Bits, F.Bits, FloatEnvironment) -> FloatResult<F.Bits>

    /// The lane width of a format's values.
    @inline(__always)
    static func width<F: FloatFormat>(_ format: F.Type) -> Width { Width(bytes: F.Bits.bitWidth / 8) }

    /// Lane `index` of `register` as `F`'s bits.
    @inline(__always)
    static func lane<F: FloatFormat>(_ register: Vec256, _ index: Int, _ format: F.Type) -> F.Bits {
        F.Bits(truncatingIfNeeded: register.lane(index, width(format)))
    }

    /// Sets lane `index` of `register` to `value`.
    @inline(__always)
    static func setLane<F: FloatFormat>(_ register: inout Vec256, _ index: Int, _ format: F.Type, _ value: F.Bits) {
        register.setLane(index, width(format), UInt64(value))
    }

    /// `operation` on each pair of lanes of the first `bytes` bytes (`alternate` picks the second
    /// operation for odd lanes), with the flags of all lanes.
    @inline(__always)
    static func lanewise<F: FloatFormat>(_ format: F.Type, _ a: Vec256, _ b: Vec256, bytes: Int, _ environment: FloatEnvironment,
                                         _ even: Binary<F>, odd: Binary<F>? = nil) -> (Vec256, Exceptions) {
        var result = Vec256.zero
        var raised: Exceptions = []
        for index in 0..<bytes / (F.Bits.bitWidth / 8) {
            let x = lane(a, index, format), y = lane(b, index, format)
            let lane = if index & 1 == 1, let odd { odd(x, y, environment) } else { even(x, y, environment) }
            setLane(&result, index, format, lane.bits)
            raised.formUnion(lane.exceptions)
        }
        return (result, raised)
    }
}

extension ExecutionContext {
    /// The floating-point controls MXCSR holds now.
    var floatEnvironment: FloatEnvironment { FloatEnvironment(mxcsr: vector.mxcsr) }

    /// Records the flags an instruction's lanes raised: where one is unmasked, #XM (Intel SDM
    /// Vol. 1, 11.5.3.2: CR4.OSXMMEXCPT is set in this guest), with MXCSR's flags set and the
    /// destination untouched; else the flags are ORed into MXCSR (they are sticky).
    mutating func commit(_ raised: Exceptions, _ environment: FloatEnvironment) throws(Fault) {
        let recorded = environment.recorded(raised)
        let mxcsr = vector.mxcsr | recorded.rawValue
        if environment.faults(recorded) { throw .simdFloatingPoint(mxcsr: mxcsr) }
        vector.mxcsr = mxcsr
    }
}

extension FloatLanes {
    /// `op xmm1, xmm2/m128` and `vop xmm1, xmm2, xmm3/m128` (or ymm): every lane of both sources.
    static func packed<F: FloatFormat>(_ format: F.Type, _ even: @escaping Binary<F>, odd: Binary<F>? = nil) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let bytes = context.vectorLength
            let (first, second) = context.sourceOperands
            let a = try context.readVector(first, bytes: bytes)
            let b = try context.readVector(second, bytes: bytes)
            let environment = context.floatEnvironment
            let (result, raised) = lanewise(format, a, b, bytes: bytes, environment, even, odd: odd)
            try context.commit(raised, environment)
            try context.writeVector(0, result, bytes: bytes)
        }
    }

    /// `op xmm1, xmm2/mN` (lane 0 of xmm1 and the source; the rest of xmm1 kept) and
    /// `vop xmm1, xmm2, xmm3/mN` (the rest from xmm2, bits 255:128 cleared).
    static func scalar<F: FloatFormat>(_ format: F.Type, _ operation: @escaping Binary<F>) -> Semantic {
        Semantic { context throws(Fault) in try scalarBody(format, &context, operation) }
    }

    private static func scalarBody<F: FloatFormat>(_ format: F.Type, _ context: inout ExecutionContext,
                                                   _ operation: Binary<F>) throws(Fault) {
        try context.checkEncoding()
        let (first, second) = context.sourceOperands
        var result = try context.readVector(first, bytes: 16)
        let b = try context.readVector(second, bytes: F.Bits.bitWidth / 8)
        let environment = context.floatEnvironment
        let lane = operation(lane(result, 0, format), lane(b, 0, format), environment)
        try context.commit(lane.exceptions, environment)
        setLane(&result, 0, format, lane.bits)
        try context.writeVector(0, result, bytes: 16)
    }

    /// `op xmm1, xmm2/m128` and `vop xmm1, xmm2/m128` (or ymm): one source, every lane.
    static func packedUnary<F: FloatFormat>(_ format: F.Type, _ operation: @escaping Unary<F>) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let bytes = context.vectorLength
            let source = try context.readVector(1, bytes: bytes)
            let immediate = UInt8(truncatingIfNeeded: context.immediate8(context.operands.count - 1))
            let environment = context.floatEnvironment
            let (result, raised) = lanewise(format, source, source, bytes: bytes, environment) { a, _, environment in
                operation(a, immediate, environment)
            }
            try context.commit(raised, environment)
            try context.writeVector(0, result, bytes: bytes)
        }
    }

    /// `op xmm1, xmm2/mN` and `vop xmm1, xmm2, xmm3/mN`: lane 0 from the last source, the rest as
    /// `scalar` keeps it.
    static func scalarUnary<F: FloatFormat>(_ format: F.Type, _ operation: @escaping Unary<F>) -> Semantic {
        Semantic { context throws(Fault) in
            let immediate = UInt8(truncatingIfNeeded: context.immediate8(context.operands.count - 1))
            try scalarBody(format, &context) { _, b, environment in operation(b, immediate, environment) }
        }
    }
}
