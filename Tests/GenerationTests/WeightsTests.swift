import Generation
import Testing
import X86

/// The mix follows its weights: a zero weight never draws its kind, and a lone kind is all.
struct WeightsTests {
    private static let none = GeneratorWeights(knownForm: 0, oneByte: 0, map0F: 0, map0F38: 0, map0F3A: 0,
                                               amd3DNow: 0, vex: 0, evex: 0)

    @Test(arguments: [
        (\GeneratorWeights.evex, EncodingFeatures.Kind.evex, OpcodeMap?.none),
        (\GeneratorWeights.oneByte, .legacy, .oneByte),
        (\GeneratorWeights.map0F38, .legacy, .map0F38),
        (\GeneratorWeights.amd3DNow, .legacy, .amd3DNow),
    ] as [(WritableKeyPath<GeneratorWeights, Int>, EncodingFeatures.Kind, OpcodeMap?)])
    func aLoneKindIsAllTheGeneratorDraws(weight: WritableKeyPath<GeneratorWeights, Int>, kind: EncodingFeatures.Kind,
                                         map: OpcodeMap?) {
        var weights = Self.none
        weights[keyPath: weight] = 1
        let generator = EncodingGenerator(seed: 11, weights: weights)
        var bytes: [UInt8] = []
        for index in 0..<UInt64(2000) {
            let features = generator.generate(caseIndex: index, into: &bytes)
            #expect(features.kind == kind)
            if let map { #expect(features.map == map) }
        }
    }

    @Test func withoutPrefixChancesThereAreNoPrefixes() {
        var weights = GeneratorWeights(legacyPrefix: 0, rex: 0, misplacedRex: 0, prefixBeforeVEX: 0)
        weights.knownForm = 0
        weights.map0F = 0
        weights.map0F38 = 0
        weights.map0F3A = 0
        let generator = EncodingGenerator(seed: 12, weights: weights)
        var bytes: [UInt8] = []
        for index in 0..<UInt64(2000) {
            let features = generator.generate(caseIndex: index, into: &bytes)
            #expect(features.prefixes.isEmpty, "\(Hex.format(bytes: bytes))")
        }
    }

    @Test func theDefaultMixPutsMostWeightOnKnownForms() {
        let weights = GeneratorWeights.default
        let total = weights.knownForm + weights.oneByte + weights.map0F + weights.map0F38 + weights.map0F3A
            + weights.amd3DNow + weights.vex + weights.evex
        #expect(weights.knownForm * 10 >= total * 6)
        #expect([weights.oneByte, weights.map0F, weights.map0F38, weights.map0F3A, weights.amd3DNow, weights.vex,
                 weights.evex].allSatisfy { $0 > 0 })
    }
}
