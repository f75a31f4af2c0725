@testable import Generation
import X86
import Testing

/// The PRNG must give the same numbers on every machine: checked against the reference outputs.
struct RandomTests {
    @Test func xoshiro256StarStarMatchesTheReference() {
        var random = Xoshiro256StarStar(state: (1, 2, 3, 4))
        let outputs = (0..<4).map { _ in random.next() }
        #expect(outputs == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
    }

    @Test func splitMix64MatchesTheReference() {
        var mixer = SplitMix64(state: 0)
        #expect(mixer.next() == 0xE220_A839_7B1D_CDAF)
        #expect(mixer.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func casesHaveIndependentStreams() {
        var first = Xoshiro256StarStar(seed: 7, caseIndex: 0)
        var second = Xoshiro256StarStar(seed: 7, caseIndex: 1)
        var again = Xoshiro256StarStar(seed: 7, caseIndex: 0)
        let a = (0..<8).map { _ in first.next() }
        #expect(a != (0..<8).map { _ in second.next() })
        #expect(a == (0..<8).map { _ in again.next() })
    }

    @Test func belowStaysInRange() {
        var random = Xoshiro256StarStar(seed: 1, caseIndex: 1)
        for bound in [1, 2, 3, 7, 100, 1000] {
            for _ in 0..<1000 { #expect((0..<bound).contains(random.below(bound))) }
        }
    }
}
