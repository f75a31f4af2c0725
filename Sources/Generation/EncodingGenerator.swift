import Forms
import X86

/// Seeded generator of structured x86-64 encodings: prefixes, REX, VEX/EVEX, escapes,
/// opcode, ModRM/SIB, displacement, then interesting immediate bytes, 15 bytes in all.
///
/// Case `i` of seed `s` is a pure function of `(s, i)` (see `Xoshiro256StarStar`), so shards
/// and replays reproduce it on any machine. The decoder reports the instruction's real length;
/// callers truncate the bytes to it. The generator knows nothing about Capstone.
public struct EncodingGenerator: Sendable {
    /// The architectural limit on an instruction's length, and the length of every encoding.
    public static let maximumLength = 15

    /// The campaign seed; with a case index it determines the case.
    public let seed: UInt64
    /// The mix in use.
    public let weights: GeneratorWeights
    /// The focus whose forms the known-form cases come from; nil for the families the model
    /// covers (`InstructionFamily.drawnByDefault`).
    public let focus: Focus?
    private let kinds: WeightedChoice<CaseKind>
    private let formGroups: [[OpcodeForm]]
    private let known = KnownOpcodes()

    /// A generator for campaign `seed`. Without explicit weights it uses `.focused` when given a
    /// focus and `.default` otherwise; the known forms come from the focus, or from all families.
    public init(seed: UInt64, focus: Focus? = nil, weights: GeneratorWeights? = nil) {
        let weights = weights ?? (focus == nil ? .default : .focused)
        self.seed = seed
        self.weights = weights
        self.focus = focus
        kinds = WeightedChoice([
            (.knownForm, weights.knownForm), (.legacy(.oneByte), weights.oneByte), (.legacy(.map0F), weights.map0F),
            (.legacy(.map0F38), weights.map0F38), (.legacy(.map0F3A), weights.map0F3A),
            (.legacy(.amd3DNow), weights.amd3DNow), (.vex, weights.vex), (.evex, weights.evex),
        ])
        formGroups = focus?.formGroups ?? InstructionFamily.drawnByDefault.map(\.forms)
    }

    /// The 15 bytes of case `caseIndex`.
    public func encoding(caseIndex: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        _ = generate(caseIndex: caseIndex, into: &bytes)
        return bytes
    }

    /// Writes the 15 bytes of case `caseIndex` into `bytes` (reusing its storage, so a loop
    /// allocates nothing) and returns what was emitted.
    public func generate(caseIndex: UInt64, into bytes: inout [UInt8]) -> EncodingFeatures {
        bytes.removeAll(keepingCapacity: true)
        var writer = EncodingWriter(weights: weights, random: Xoshiro256StarStar(seed: seed, caseIndex: caseIndex))
        switch kinds.pick(&writer.random) {
        case .knownForm:
            let group = formGroups[writer.random.below(formGroups.count)]
            let form = group[writer.random.below(group.count)]
            switch form.encoding {
            case .legacy: writer.writeLegacy(form: form, into: &bytes)
            case .vex: writer.writeVEX(form: form, into: &bytes)
            }
        case .legacy(let map):
            writer.writeRandomLegacy(map: map, known: known, into: &bytes)
        case .vex:
            writer.writeRandomVEX(known: known, into: &bytes)
        case .evex:
            writer.writeEVEX(known: known, into: &bytes)
        }
        writer.fillTail(&bytes)
        return writer.features
    }
}

/// The kind of encoding a case gets, drawn first.
private enum CaseKind: Sendable {
    case knownForm
    case legacy(OpcodeMap)
    case vex
    case evex
}

/// The opcodes the default mix's families use in the sparse maps, for random encodings that
/// should mostly land on something that exists.
struct KnownOpcodes: Sendable {
    /// Legacy 0F38 and 0F3A opcodes.
    let legacy0F38: [UInt8]
    let legacy0F3A: [UInt8]
    /// VEX opcodes indexed by map select (1 = 0F, 2 = 0F38, 3 = 0F3A; 0 is empty).
    let vex: [[UInt8]]
    /// The VEX forms of the avx family, whose EVEX encodings mostly exist too.
    let evexCandidates: [OpcodeForm]

    init() {
        let forms = InstructionFamily.drawnByDefault.flatMap(\.forms)
        func opcodes(_ encoding: OpcodeForm.Encoding, _ map: OpcodeMap) -> [UInt8] {
            Array(Set(forms.filter { $0.encoding == encoding && $0.map == map }.map(\.opcode))).sorted()
        }
        legacy0F38 = opcodes(.legacy, .map0F38)
        legacy0F3A = opcodes(.legacy, .map0F3A)
        vex = [[], opcodes(.vex, .map0F), opcodes(.vex, .map0F38), opcodes(.vex, .map0F3A)]
        evexCandidates = InstructionFamily.avxForms
    }
}
