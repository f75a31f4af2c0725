import Decoding
import Generation
import Testing
import X86

/// Over 100,000 cases of the default mix the generator reaches every opcode map, prefix group,
/// VEX field value and ModRM/SIB shape, and most cases decode.
struct CoverageTests {
    /// The coverage counters of one run.
    struct Counters {
        var legacyMaps: Set<OpcodeMap> = []
        var vexMaps: Set<OpcodeMap> = []
        var evexMaps: Set<OpcodeMap> = []
        var kinds: Set<EncodingFeatures.Kind> = []
        var prefixes: PrefixGroups = []
        var segments: UInt8 = 0
        var vexLengthAndPP: Set<Int> = []
        var vex3MapSelects: Set<Int> = []
        var evexLengths: Set<Int> = []
        var modAndRM: Set<UInt8> = []
        var scaleAndIndex: Set<UInt8> = []
        var sibBases: Set<UInt8> = []
        var decoded = 0
        var accepted = 0
        var decodedMaps: Set<OpcodeMap> = []
    }

    static let caseCount = 100_000

    static let counters: Counters = {
        let generator = EncodingGenerator(seed: 2024)
        let decoder = try! InstructionDecoder()
        let filter = Filter()
        var counters = Counters()
        var bytes: [UInt8] = []
        for index in 0..<UInt64(caseCount) {
            let features = generator.generate(caseIndex: index, into: &bytes)
            counters.kinds.insert(features.kind)
            if let map = features.map {
                switch features.kind {
                case .legacy: counters.legacyMaps.insert(map)
                case .vex2, .vex3: counters.vexMaps.insert(map)
                case .evex: counters.evexMaps.insert(map)
                }
            }
            counters.prefixes.formUnion(features.prefixes)
            counters.segments |= features.segmentOverrides
            if features.kind == .vex2 || features.kind == .vex3, let l = features.vectorLength, let pp = features.pp {
                counters.vexLengthAndPP.insert(l * 4 + pp)
            }
            if features.kind == .vex3, let select = features.mapSelect { counters.vex3MapSelects.insert(select) }
            if features.kind == .evex, let length = features.vectorLength { counters.evexLengths.insert(length) }
            if let modrm = features.modrm { counters.modAndRM.insert(modrm & 0xC7) }
            if let sib = features.sib {
                counters.scaleAndIndex.insert(sib >> 3)
                counters.sibBases.insert(sib & 7)
            }
            let instruction = decoder.decode(bytes)
            if let instruction {
                counters.decoded += 1
                counters.decodedMaps.insert(instruction.map)
            }
            if filter.verdict(for: instruction ?? .undecodable(bytes)) == .accepted { counters.accepted += 1 }
        }
        return counters
    }()

    @Test func everyOpcodeMapIsEmitted() {
        #expect(Self.counters.legacyMaps == [.oneByte, .map0F, .map0F38, .map0F3A, .amd3DNow])
        #expect(Self.counters.vexMaps == [.map0F, .map0F38, .map0F3A])
        #expect(Self.counters.evexMaps == [.map0F, .map0F38, .map0F3A])
        #expect(Self.counters.kinds == Set(EncodingFeatures.Kind.allCases))
        #expect(Self.counters.decodedMaps.isSuperset(of: [.oneByte, .map0F, .map0F38, .map0F3A, .amd3DNow]))
    }

    @Test func everyPrefixGroupIsEmitted() {
        let all: PrefixGroups = [.lock, .rep, .repne, .segment, .operandSize, .addressSize, .rex, .misplacedRex,
                                 .repeated, .mandatory, .beforeVEX]
        #expect(Self.counters.prefixes.isSuperset(of: all))
        #expect(Self.counters.segments == 0b11_1111, "ES, CS, SS, DS, FS and GS overrides")
    }

    @Test func everyVEXFieldValueIsEmitted() {
        #expect(Self.counters.vexLengthAndPP == Set(0..<8), "L 0-1 with pp 0-3")
        #expect(Self.counters.vex3MapSelects == Set(0..<32), "every mmmmm, reserved ones included")
        #expect(Self.counters.evexLengths == Set(0..<4))
    }

    @Test func everyModRMAndSIBShapeIsEmitted() {
        #expect(Self.counters.modAndRM.count == 32, "mod 0-3 with rm 0-7")
        #expect(Self.counters.scaleAndIndex.count == 32, "scale 0-3 with index 0-7")
        #expect(Self.counters.sibBases.count == 8)
    }

    @Test func mostCasesDecodeAndAreAccepted() {
        let decodeShare = Double(Self.counters.decoded) / Double(Self.caseCount)
        let acceptShare = Double(Self.counters.accepted) / Double(Self.caseCount)
        print("default mix over \(Self.caseCount) cases: \(Int(decodeShare * 1000) / 10)% decode, "
              + "\(Int(acceptShare * 1000) / 10)% accepted")
        #expect(decodeShare > 0.75)
        #expect(acceptShare > 0.70)
    }
}
