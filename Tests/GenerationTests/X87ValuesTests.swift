@testable import Generation
import Testing
import X86

/// The random x87 state covers every encoding class and only control and status words the CPU
/// keeps as loaded.
struct X87ValuesTests {
    enum Class: Hashable { case zero, normal, denormal, pseudoDenormal, infinity, nan, pseudoNaNOrInfinity, unnormal }

    static func classify(_ register: X87Register) -> Class {
        let exponent = register.signExponent & 0x7FFF, integerBit = register.significand >> 63 == 1
        let fraction = register.significand & 0x7FFF_FFFF_FFFF_FFFF
        switch (exponent, integerBit) {
        case (0, false): return fraction == 0 ? .zero : .denormal
        case (0, true): return .pseudoDenormal
        case (0x7FFF, false): return .pseudoNaNOrInfinity
        case (0x7FFF, true): return fraction == 0 ? .infinity : .nan
        case (_, false): return .unnormal
        default: return .normal
        }
    }

    @Test func everyClassAppears() {
        var rng = Xoshiro256StarStar(seed: 3, caseIndex: 0)
        let classes = Set((0..<2000).map { _ in Self.classify(X87Values.register(&rng)) })
        #expect(classes == [.zero, .normal, .denormal, .pseudoDenormal, .infinity, .nan, .pseudoNaNOrInfinity, .unnormal])
    }

    @Test func controlAndStatusWordsAreWhatTheCPUKeeps() {
        var rng = Xoshiro256StarStar(seed: 4, caseIndex: 0)
        var tops = Set<Int>()
        for _ in 0..<1000 {
            var vector = VectorState()
            X87Values.randomize(&vector, &rng)
            #expect(vector.fcw & 0xE0C0 == 0x0040)
            let pending = vector.fsw & ~vector.fcw & 0x3F != 0
            #expect(vector.fsw & 0x8080 == (pending ? 0x8080 : 0))
            tops.insert(vector.top)
        }
        #expect(tops.count == 8)
    }
}
