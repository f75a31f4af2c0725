import SoftFloat
import Testing

/// The x86 rules beyond IEEE 754 that the layer implements, one readable case each. Every rule
/// here was measured on Zen 4 and is also pinned, with many more cases, by the recorded tables
/// and the randomized tests against the CPU.
struct BehaviourTests {
    private static let masked = FloatEnvironment(mxcsr: 0x1F80)

    @Test func environmentComesFromMXCSR() {
        let environment = FloatEnvironment(mxcsr: 0xEFC3)
        #expect(environment.rounding == .towardZero)
        #expect(environment.denormalsAreZero && environment.flushToZero)
        #expect(environment.masked == [.invalid, .denormal, .divideByZero, .overflow, .underflow])
        #expect(environment.mxcsr == 0xEFC0)
        #expect(FloatEnvironment().mxcsr == 0x1F80)
        #expect(environment.rounding(immediate: 0x01) == .down)
        #expect(environment.rounding(immediate: 0x0C) == .towardZero)
    }

    @Test func tininessIsJudgedAfterRounding() {
        // (1 - 2^-46) × 2^-126 rounds to the smallest normal at 24 bits: inexact, not tiny.
        let result = Binary32.multiply(0x3F7F_FFFE, 0x0080_0001, Self.masked)
        #expect(result.bits == 0x0080_0000 && result.exceptions == .precision)
    }

    @Test func unmaskedOverflowAndUnderflowRecordPrecisionOnlyWhenInexactAtFullPrecision() {
        let overflowUnmasked = FloatEnvironment(mxcsr: 0x1B80)
        #expect(Binary32.multiply(0x7F7F_FFFF, 0x4000_0000, overflowUnmasked).exceptions == .overflow)
        #expect(Binary32.multiply(0x7F7F_FFFF, 0x3FC0_0000, overflowUnmasked).exceptions == [.overflow, .precision])
        let underflowUnmasked = FloatEnvironment(mxcsr: 0x1780)
        #expect(Binary32.multiply(0x0080_0001, 0x3F00_0000, underflowUnmasked).exceptions == .underflow)
        #expect(Binary32.multiply(0x0080_0001, 0x3EFF_FFFF, underflowUnmasked).exceptions == [.underflow, .precision])
    }

    @Test func flushToZeroFlushesExactTinyResultsToo() {
        let result = Binary32.multiply(0x0080_0000, 0x3F00_0000, FloatEnvironment(mxcsr: 0x9F80))
        #expect(result.bits == 0 && result.exceptions == [.underflow, .precision])
    }

    @Test func nansDivisionByZeroAndInvalidOperationsHideDenormals() {
        #expect(Binary32.add(0x7FC0_0000, 0x0000_0001, Self.masked).exceptions == [])
        #expect(Binary32.divide(0x0000_0001, 0x0000_0000, Self.masked).exceptions == .divideByZero)
        #expect(Binary32.squareRoot(0x8000_0001, Self.masked).exceptions == .invalid)
        #expect(Binary32.multiply(0x7F80_0000, 0x0000_0001, Self.masked).exceptions == .denormal)
    }

    @Test func minimumAndMaximumReturnTheSecondOperandForNaNsAndZeros() {
        #expect(Binary32.minimum(0x3F80_0000, 0x7F80_0001, Self.masked) == FloatResult(bits: 0x7F80_0001, exceptions: .invalid))
        #expect(Binary32.maximum(0x7FC0_0000, 0x3F80_0000, Self.masked) == FloatResult(bits: 0x3F80_0000, exceptions: .invalid))
        #expect(Binary32.minimum(0x0000_0000, 0x8000_0000, Self.masked).bits == 0x8000_0000)
        // Under DAZ the result is the operand as read: a denormal comes back as a zero.
        #expect(Binary32.minimum(0x3F80_0000, 0x8000_0001, FloatEnvironment(mxcsr: 0x1FC0)).bits == 0x8000_0000)
    }

    @Test func fusedMultiplyAddNaNRules() {
        // The first NaN of a, b, c wins; negation does not touch it.
        let result = Binary32.fusedMultiplyAdd(0x3F80_0000, 0xFFC0_0001, 0x7FC0_0002, negateProduct: true, Self.masked)
        #expect(result.bits == 0xFFC0_0001)
        // ∞ × 0 + QNaN is the QNaN, with no IE.
        #expect(Binary32.fusedMultiplyAdd(0x7F80_0000, 0, 0x7FC0_0003, Self.masked) == FloatResult(bits: 0x7FC0_0003, exceptions: []))
        #expect(Binary32.fusedMultiplyAdd(0x7F80_0000, 0, 0x3F80_0000, Self.masked) == FloatResult(bits: 0xFFC0_0000, exceptions: .invalid))
    }

    @Test func halfPrecisionConversionsIgnoreSomeControls() {
        let dazAndFTZ = FloatEnvironment(mxcsr: 0x9FC0)
        // VCVTPH2PS ignores DAZ and raises no DE.
        #expect(Binary16.widen(0x0001, dazAndFTZ) == FloatResult(bits: 0x3380_0000, exceptions: []))
        // VCVTPS2PH ignores FTZ: 2^-25 + ulp rounds to the smallest half denormal.
        #expect(Binary16.narrow(0x3300_0001, immediate: 0, dazAndFTZ) == FloatResult(bits: 0x0001, exceptions: [.underflow, .precision]))
        #expect(Binary16.narrow(0x477F_F000, immediate: 3, Self.masked) == FloatResult(bits: 0x7BFF, exceptions: .precision))
    }

    @Test func conversionsToIntegersGiveTheIndefiniteAndNoDenormal() {
        #expect(Binary32.convertToInt32(0x4F00_0000, truncating: false, Self.masked) == FloatResult(bits: 0x8000_0000, exceptions: .invalid))
        #expect(Binary32.convertToInt32(0xCF00_0000, truncating: false, Self.masked) == FloatResult(bits: 0x8000_0000, exceptions: []))
        #expect(Binary64.convertToInt32(0xC1E0_0000_0010_0000, truncating: false, Self.masked)
                == FloatResult(bits: 0x8000_0000, exceptions: .precision))
        #expect(Binary32.convertToInt64(0x0000_0001, truncating: true, Self.masked) == FloatResult(bits: 0, exceptions: .precision))
    }

    @Test func roundToIntegralKeepsTheSignAndCanSuppressPrecision() {
        #expect(Binary32.roundToIntegral(0xBE99_999A, immediate: 0, Self.masked) == FloatResult(bits: 0x8000_0000, exceptions: .precision))
        #expect(Binary32.roundToIntegral(0x3FC0_0000, immediate: 0x0A, Self.masked) == FloatResult(bits: 0x4000_0000, exceptions: []))
    }

    @Test func unmaskedPreComputationExceptionsStopEveryLane() {
        let invalidUnmasked = FloatEnvironment(mxcsr: 0x1F00)
        #expect(invalidUnmasked.recorded([.invalid, .denormal, .precision, .overflow]) == [.invalid, .denormal])
        #expect(invalidUnmasked.faults([.invalid]))
        let overflowUnmasked = FloatEnvironment(mxcsr: 0x1B80)
        #expect(overflowUnmasked.recorded([.invalid, .overflow, .precision]) == [.invalid, .overflow, .precision])
        #expect(!Self.masked.faults(.all))
    }
}
