import X86

/// What makes two divergences "the same": the instruction form, the fields that differ (with
/// their classes) and the outcome kinds on both sides. The corpus keeps one entry per signature.
///
/// A divergence that is all `harness` (the VM's doing, not the model's) says nothing about the
/// instruction, so its form is `*`: kvm_pvm re-judges a CPL3 #GP the same way for every
/// instruction it does not know, and a 10-minute campaign met that artefact in 410 mnemonics,
/// which would bury the divergences that matter and make every nightly run report news.
public struct DivergenceSignature: Sendable, Hashable, Codable {
    public var form: String { didSet { hash = Self.hash(text) } }
    public var fields: [String] { didSet { hash = Self.hash(text) } }
    public var hardwareOutcome: String { didSet { hash = Self.hash(text) } }
    public var modelOutcome: String { didSet { hash = Self.hash(text) } }
    /// 16 hex digits of FNV-1a (64-bit) over `text`: the corpus file name. Kept with the fields
    /// (statistics, clusters, the corpus and the batch check each ask for it).
    public private(set) var hash: String = ""

    private enum CodingKeys: String, CodingKey {
        case form, fields, hardwareOutcome, modelOutcome
    }

    public init(instruction: Instruction, divergences: [Divergence], hardware: Outcome, model: Outcome?) {
        let harnessOnly = !divergences.isEmpty && divergences.allSatisfy { $0.class == .harness }
        form = harnessOnly ? Self.anyInstruction : InstructionForm.describe(instruction)
        fields = divergences.map { "\($0.field):\($0.class.rawValue)" }.sorted()
        hardwareOutcome = Self.kind(hardware)
        modelOutcome = model.map(Self.kind) ?? "none"
        hash = Self.hash(text)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        form = try container.decode(String.self, forKey: .form)
        fields = try container.decode([String].self, forKey: .fields)
        hardwareOutcome = try container.decode(String.self, forKey: .hardwareOutcome)
        modelOutcome = try container.decode(String.self, forKey: .modelOutcome)
        hash = Self.hash(text)
    }

    /// The form of a harness-only signature.
    public static let anyInstruction = "*"

    private static func kind(_ outcome: Outcome) -> String { Coverage.outcomeName(outcome.exception?.vector) }

    /// True when `recorded` describes the same divergence. An entry recorded as `harness` matches
    /// on its field names alone, whatever its form: a replay cannot tell one artefact from another.
    public func matches(_ recorded: DivergenceSignature) -> Bool {
        if self == recorded { return true }
        let recordedClasses = Set(recorded.fields.map { $0.split(separator: ":").last.map(String.init) ?? "" })
        guard recordedClasses == [DivergenceClass.harness.rawValue] else { return false }
        func names(_ fields: [String]) -> [String] { fields.map { String($0.split(separator: ":").first ?? "") } }
        return names(fields) == names(recorded.fields)
    }

    /// The canonical text of the signature, which its hash is taken over.
    public var text: String { "\(form) | \(fields.joined(separator: ",")) | cpu \(hardwareOutcome) | model \(modelOutcome)" }

    private static func hash(_ text: String) -> String {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x100_0000_01B3
        }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
