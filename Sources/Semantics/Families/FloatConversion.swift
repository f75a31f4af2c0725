import SoftFloat
import X86

/// The conversions between integers, singles and doubles, legacy and VEX (Intel SDM Vol. 2A,
/// CVTDQ2PD ... CVTTSS2SI): rounding per MXCSR.RC, or toward zero for the `cvtt` forms; a NaN or
/// out-of-range value becomes the integer indefinite (0x80000000, 0x8000000000000000) with IE. The
/// MMX forms (CVTPI2PS CVTPI2PD CVTPS2PI CVTTPS2PI CVTPD2PI CVTTPD2PI) convert two elements.
enum FloatConversion: SemanticFamily {
    /// One lane: its source bits in, its result bits and flags out.
    typealias Lane = (UInt64, FloatEnvironment) -> (bits: UInt64, exceptions: Exceptions)

    static let semantics: [String: Semantic] = VectorSemantics.withVEXNames([
        "cvtps2pd": packed(from: 4, to: 8, singleToDouble), "cvtpd2ps": packed(from: 8, to: 4, doubleToSingle),
        "cvtdq2ps": packed(from: 4, to: 4, integerToSingle), "cvtdq2pd": packed(from: 4, to: 8, integerToDouble),
        "cvtps2dq": packed(from: 4, to: 4, singleToInteger(truncating: false)),
        "cvttps2dq": packed(from: 4, to: 4, singleToInteger(truncating: true)),
        "cvtpd2dq": packed(from: 8, to: 4, doubleToInteger(truncating: false)),
        "cvttpd2dq": packed(from: 8, to: 4, doubleToInteger(truncating: true)),
        "cvtss2sd": scalar(from: 4, to: .qword, singleToDouble), "cvtsd2ss": scalar(from: 8, to: .dword, doubleToSingle),
        "cvtsi2ss": fromInteger(to: .dword), "cvtsi2sd": fromInteger(to: .qword),
        "cvtss2si": toInteger(from: Binary32.self, truncating: false), "cvttss2si": toInteger(from: Binary32.self, truncating: true),
        "cvtsd2si": toInteger(from: Binary64.self, truncating: false), "cvttsd2si": toInteger(from: Binary64.self, truncating: true),
    ]).merging(["vcvtpd2psx": packed(from: 8, to: 4, doubleToSingle), "vcvtpd2dqx": packed(from: 8, to: 4, doubleToInteger(truncating: false)),
                "vcvttpd2dqx": packed(from: 8, to: 4, doubleToInteger(truncating: true)),
                "cvtpi2ps": pair(from: 4, to: 4, integerToSingle), "cvtpi2pd": pair(from: 4, to: 8, integerToDouble),
                "cvtps2pi": pair(from: 4, to: 4, singleToInteger(truncating: false)),
                "cvttps2pi": pair(from: 4, to: 4, singleToInteger(truncating: true)),
                "cvtpd2pi": pair(from: 8, to: 4, doubleToInteger(truncating: false)),
                "cvttpd2pi": pair(from: 8, to: 4, doubleToInteger(truncating: true))]) { $1 }

    /// XMM/YMM and MM registers, 32- and 64-bit GPRs and memory; no EVEX.
    static func accepts(_ instruction: Instruction) -> Bool {
        guard !instruction.prefixes.evex else { return false }
        return instruction.operands.allSatisfy { operand in
            guard case .register(let register) = operand else { return true }
            switch register.kind {
            case .vector(let number): return number < 16 && (register.size == 16 || register.size == 32)
            case .mmx: return true
            case .gpr: return register.size == 4 || register.size == 8
            default: return false
            }
        }
    }

    private static let singleToDouble: Lane = { x, environment in
        let result = Binary64.convert(UInt32(truncatingIfNeeded: x), from: Binary32.self, environment)
        return (result.bits, result.exceptions)
    }
    private static let doubleToSingle: Lane = { x, environment in
        let result = Binary32.convert(x, from: Binary64.self, environment)
        return (UInt64(result.bits), result.exceptions)
    }
    private static let integerToSingle: Lane = { x, environment in
        let result = Binary32.convert(fromInteger: Int64(Int32(truncatingIfNeeded: x)), environment)
        return (UInt64(result.bits), result.exceptions)
    }
    private static let integerToDouble: Lane = { x, environment in
        let result = Binary64.convert(fromInteger: Int64(Int32(truncatingIfNeeded: x)), environment)
        return (result.bits, result.exceptions)
    }
    private static func singleToInteger(truncating: Bool) -> Lane {
        { x, environment in
            let result = Binary32.convertToInt32(UInt32(truncatingIfNeeded: x), truncating: truncating, environment)
            return (UInt64(result.bits), result.exceptions)
        }
    }
    private static func doubleToInteger(truncating: Bool) -> Lane {
        { x, environment in
            let result = Binary64.convertToInt32(x, truncating: truncating, environment)
            return (UInt64(result.bits), result.exceptions)
        }
    }

    /// Every lane of the source: as many as fit the operation's length at the wider of the two
    /// element sizes (CVTPS2PD reads xmm2/m64 into xmm1, CVTPD2PS writes the low half of xmm1 and
    /// clears the rest up to bit 127; VEX.256 forms read or write a whole YMM register).
    private static func packed(from sourceBytes: Int, to destinationBytes: Int, _ lane: @escaping Lane) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let lanes = context.vectorLength / max(sourceBytes, destinationBytes)
            let source = try context.readVector(1, bytes: lanes * sourceBytes)
            let environment = context.floatEnvironment
            var result = Vec256.zero
            var raised: Exceptions = []
            for index in 0..<lanes {
                let converted = lane(source.lane(index, Width(bytes: sourceBytes)), environment)
                result.setLane(index, Width(bytes: destinationBytes), converted.bits)
                raised.formUnion(converted.exceptions)
            }
            try context.commit(raised, environment)
            try context.writeVector(0, result, bytes: max(16, lanes * destinationBytes))
        }
    }

    /// The MMX conversions: two elements of `sourceBytes` from an MM register or m64 (CVTPI2PS,
    /// CVTPI2PD) or from the low half of an XMM register, m64 or m128 (CVTPS2PI, CVTPD2PI and the
    /// truncating ones) into an MM register or the low lanes of an XMM register, whose other bits
    /// CVTPI2PS keeps (Intel SDM Vol. 2A). Measured on Zen 3: #XM keeps the x87 transition that
    /// an MM operand made.
    private static func pair(from sourceBytes: Int, to destinationBytes: Int, _ lane: @escaping Lane) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let source = try context.readVector(1, bytes: 2 * sourceBytes)
            var result = context.vectorRegister(0) != nil ? try context.readVector(0, bytes: 16) : Vec256.zero
            let environment = context.floatEnvironment
            var raised: Exceptions = []
            for index in 0..<2 {
                let converted = lane(source.lane(index, Width(bytes: sourceBytes)), environment)
                result.setLane(index, Width(bytes: destinationBytes), converted.bits)
                raised.formUnion(converted.exceptions)
            }
            do throws(Fault) {
                try context.commit(raised, environment)
            } catch {
                var fault = error
                if context.isMMX, let mxcsr = fault.mxcsr {
                    fault.vectorState = context.vector
                    fault.vectorState?.mxcsr = mxcsr
                }
                throw fault
            }
            try context.writeVector(0, result, bytes: 16)
        }
    }

    /// `op xmm1, xmm2/mN` (the rest of xmm1 kept) and `vop xmm1, xmm2, xmm3/mN` (the rest from xmm2):
    /// lane 0 converted into lane 0 of `destination`'s width.
    private static func scalar(from sourceBytes: Int, to destination: Width, _ lane: @escaping Lane) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let (first, second) = context.sourceOperands
            var result = try context.readVector(first, bytes: 16)
            let source = try context.readVector(second, bytes: sourceBytes)
            let environment = context.floatEnvironment
            let converted = lane(source.lane(0, Width(bytes: sourceBytes)), environment)
            try context.commit(converted.exceptions, environment)
            result.setLane(0, destination, converted.bits)
            try context.writeVector(0, result, bytes: 16)
        }
    }

    /// CVTSI2SS and CVTSI2SD: a signed 32- or 64-bit integer (REX.W or VEX.W) into lane 0.
    private static func fromInteger(to destination: Width) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let (first, second) = context.sourceOperands
            var result = try context.readVector(first, bytes: 16)
            let integer = Int64(bitPattern: context.width(second).signExtend(try context.read(second)))
            let environment = context.floatEnvironment
            let (bits, raised): (UInt64, Exceptions)
            if destination == .dword {
                let converted = Binary32.convert(fromInteger: integer, environment)
                (bits, raised) = (UInt64(converted.bits), converted.exceptions)
            } else {
                let converted = Binary64.convert(fromInteger: integer, environment)
                (bits, raised) = (converted.bits, converted.exceptions)
            }
            try context.commit(raised, environment)
            result.setLane(0, destination, bits)
            try context.writeVector(0, result, bytes: 16)
        }
    }

    /// CVT(T)SS2SI and CVT(T)SD2SI: lane 0 into a 32- or 64-bit GPR (a 32-bit one zero-extends).
    private static func toInteger<F: FloatFormat>(from format: F.Type, truncating: Bool) -> Semantic {
        Semantic { context throws(Fault) in
            try context.checkEncoding()
            let source = FloatLanes.lane(try context.readVector(1, bytes: F.Bits.bitWidth / 8), 0, format)
            let environment = context.floatEnvironment
            let (bits, raised): (UInt64, Exceptions)
            if context.width(0) == .qword {
                let converted = F.convertToInt64(source, truncating: truncating, environment)
                (bits, raised) = (converted.bits, converted.exceptions)
            } else {
                let converted = F.convertToInt32(source, truncating: truncating, environment)
                (bits, raised) = (UInt64(converted.bits), converted.exceptions)
            }
            try context.commit(raised, environment)
            try context.write(0, bits)
        }
    }
}
