import Semantics
import Testing

/// The bound RCPPS and RSQRTPS are judged by (Intel SDM Vol. 2B: |relative error| <= 1.5 * 2^-12),
/// in integer arithmetic, on values measured on Zen 4 and on values just inside and outside it.
struct ApproximationTests {
    private func reciprocal(_ input: UInt32) -> ApproximateLane {
        ApproximateLane(register: 0, lane: 0, function: .reciprocal, input: input)
    }

    private func reciprocalSquareRoot(_ input: UInt32) -> ApproximateLane {
        ApproximateLane(register: 0, lane: 0, function: .reciprocalSquareRoot, input: input)
    }

    /// What Zen 4 returned (`x86fuzz exec f30f53c1 --set xmm1=...`, `f30f52c1`).
    @Test(arguments: [
        (UInt32(0x3F80_0000), UInt32(0x3F7F_F000), true),    // rcp(1) = 1 - 2^-12
        (0xBF80_0000, 0xBF7F_F000, true),
        (0x0080_0000, 0x7E7F_F000, true),                      // rcp(smallest normal)
        (0x7E7F_FFFF, 0x0080_0000, true),                      // just above the flush
        (0x7E80_0000, 0x0000_0000, true),                      // 2^-126 exactly: flushed
        (0x7F7F_FFFF, 0x0000_0000, true),
    ])
    func zen4Reciprocals(input: UInt32, output: UInt32, accepted: Bool) {
        #expect(reciprocal(input).accepts(output) == accepted)
    }

    @Test func theBoundIsOneAndAHalfTimesTwoToTheMinusTwelve() {
        // rcp(1): 1 - 1.5 * 2^-12 is representable (0x3F7FE800) and inside; one ulp further is out.
        #expect(reciprocal(0x3F80_0000).accepts(0x3F7F_E800))
        #expect(!reciprocal(0x3F80_0000).accepts(0x3F7F_E7FF))
        #expect(reciprocal(0x3F80_0000).accepts(0x3F80_0C00))      // 1 + 1.5 * 2^-12
        #expect(!reciprocal(0x3F80_0000).accepts(0x3F80_0C01))
        #expect(!reciprocal(0x3F80_0000).accepts(0x3F7F_0000))      // 2^-8 off
        #expect(!reciprocal(0x3F80_0000).accepts(0xBF80_0000))      // wrong sign
        #expect(!reciprocal(0x3F80_0000).accepts(0x7FC0_0000))      // a NaN
        #expect(!reciprocal(0x7F00_0000).accepts(0x0080_0000))      // 2^-127 is not 2^-126
        #expect(!reciprocal(0x3F80_0000).accepts(0x0000_0000))      // no flush of a normal result
    }

    @Test func reciprocalSquareRoots() {
        #expect(reciprocalSquareRoot(0x3F80_0000).accepts(0x3F7F_F800))   // Zen 4's rsqrt(1)
        #expect(reciprocalSquareRoot(0x4080_0000).accepts(0x3F00_0000))   // rsqrt(4) = 0.5
        #expect(reciprocalSquareRoot(0x4080_0000).accepts(0x3F00_0800))   // 2^-12 off
        #expect(!reciprocalSquareRoot(0x4080_0000).accepts(0x3F00_1000))  // 2^-11 off
        #expect(reciprocalSquareRoot(0x0080_0000).accepts(0x5EFF_F800))   // Zen 4's rsqrt(2^-126)
        #expect(reciprocalSquareRoot(0x7F7F_FFFF).accepts(0x1F80_0000))   // Zen 4's rsqrt(largest)
        #expect(!reciprocalSquareRoot(0x4080_0000).accepts(0))
    }
}
