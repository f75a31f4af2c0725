/// The mix of encodings the generator draws: relative weights of the kinds of encoding, and
/// percent chances of each prefix feature. Campaigns keep the default or the focused mix;
/// tests and experiments may tune any field.
public struct GeneratorWeights: Sendable, Hashable {
    /// A form of an instruction family (of the focus, when there is one): mostly decodable and
    /// testable, so it carries most of the default weight.
    public var knownForm: Int
    /// A random opcode of the one-byte, 0F, 0F38, 0F3A and 3DNow! maps.
    public var oneByte: Int
    public var map0F: Int
    public var map0F38: Int
    public var map0F3A: Int
    /// A random 3DNow! suffix opcode (0F 0F ModRM ... suffix).
    public var amd3DNow: Int
    /// A VEX prefix with random L, pp, W, vvvv and (for VEX3) map select.
    public var vex: Int
    /// An EVEX prefix with random fields (rejected while the VM cannot run AVX-512).
    public var evex: Int

    /// Percent chance that an encoding has random legacy prefixes at all.
    public var legacyPrefix: Int
    /// Percent chance of each further random legacy prefix once there is one (at most four).
    public var anotherPrefix: Int
    /// Percent chance that a random legacy prefix is written twice in a row.
    public var repeatedPrefix: Int
    /// Percent chance of a REX byte before the opcode of a legacy encoding.
    public var rex: Int
    /// Percent chance of an extra REX byte placed before a legacy prefix, where it is ignored.
    public var misplacedRex: Int
    /// Percent chance that a VEX or EVEX encoding is preceded by 66, F2, F3, F0 or REX (#UD).
    public var prefixBeforeVEX: Int
    /// Percent of random VEX encodings that use the three-byte form (C4).
    public var vex3: Int
    /// Percent of random three-byte VEX encodings whose map select is a reserved value.
    public var reservedVEXMap: Int
    /// Percent of random 0F38, 0F3A, VEX and EVEX encodings whose opcode (for EVEX: whose
    /// opcode, pp and W) a known form of that map uses; these maps are sparse.
    public var knownOpcode: Int

    /// The default mix, with any field overridden.
    public init(knownForm: Int = 70, oneByte: Int = 10, map0F: Int = 8, map0F38: Int = 2, map0F3A: Int = 2,
                amd3DNow: Int = 1, vex: Int = 5, evex: Int = 2, legacyPrefix: Int = 30, anotherPrefix: Int = 30,
                repeatedPrefix: Int = 10, rex: Int = 35, misplacedRex: Int = 6, prefixBeforeVEX: Int = 4,
                vex3: Int = 60, reservedVEXMap: Int = 10, knownOpcode: Int = 70) {
        self.knownForm = knownForm
        self.oneByte = oneByte
        self.map0F = map0F
        self.map0F38 = map0F38
        self.map0F3A = map0F3A
        self.amd3DNow = amd3DNow
        self.vex = vex
        self.evex = evex
        self.legacyPrefix = legacyPrefix
        self.anotherPrefix = anotherPrefix
        self.repeatedPrefix = repeatedPrefix
        self.rex = rex
        self.misplacedRex = misplacedRex
        self.prefixBeforeVEX = prefixBeforeVEX
        self.vex3 = vex3
        self.reservedVEXMap = reservedVEXMap
        self.knownOpcode = knownOpcode
    }

    /// The default campaign mix: every map and prefix group, most weight on family forms.
    public static let `default` = GeneratorWeights()

    /// The mix under `--focus`: nine cases in ten come from the focus's forms; the rest keep the
    /// default proportions, so encodings of the focused mnemonics the tables miss still occur.
    public static let focused = GeneratorWeights(knownForm: 270)
}
