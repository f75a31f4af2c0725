/// What a particular CPU does where the manuals leave behaviour undefined, as far as it is
/// deterministic. Detected from the CPU's vendor, family and model.
public struct CPUProfile: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// No knowledge beyond the manuals: every undefined flag is masked, even in strict mode.
        case generic
        /// AMD family 19h models 10h-1Fh and 60h-7Fh (Zen 4).
        case amdZen4 = "AMD Zen 4"
    }

    public var kind: Kind
    public var name: String { kind.rawValue }

    public init(kind: Kind) { self.kind = kind }

    public static let generic = CPUProfile(kind: .generic)
    public static let amdZen4 = CPUProfile(kind: .amdZen4)

    /// The profile for a CPU identified by its CPUID vendor string, (display) family and model.
    public static func detect(vendor: String, family: Int, model: Int) -> CPUProfile {
        if vendor == "AuthenticAMD", family == 0x19, (0x10...0x1F).contains(model) || (0x60...0x7F).contains(model) {
            return .amdZen4
        }
        return .generic
    }
}
