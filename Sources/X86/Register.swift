/// A 64-bit general-purpose register, numbered as the ModRM/REX encoding numbers it.
public enum GPR: Int, CaseIterable, Sendable, Hashable, Comparable {
    case rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi
    case r8, r9, r10, r11, r12, r13, r14, r15

    /// The lower-case name used on the command line and in JSON (`rax` ... `r15`).
    public var name: String { GPR.names[rawValue] }

    /// The register with that lower-case name, if there is one.
    public init?(name: String) {
        guard let index = GPR.names.firstIndex(of: name.lowercased()) else { return nil }
        self = GPR(rawValue: index)!
    }

    public static func < (lhs: GPR, rhs: GPR) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The name of the register's low `bytes` bytes (1, 2, 4 or 8): `al`, `ax`, `eax`, `rax`, `r8b` ...
    public func name(bytes: Int) -> String {
        if rawValue >= 8 {
            let suffix = [1: "b", 2: "w", 4: "d"][bytes] ?? ""
            return "r\(rawValue)" + suffix
        }
        let word = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"][rawValue]
        switch bytes {
        case 1: return ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"][rawValue]
        case 2: return word
        case 4: return "e" + word
        default: return name
        }
    }

    private static let names = [
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
    ]
}

/// The sixteen general-purpose registers, stored inline so that copying a state never allocates.
public struct GPRFile: Sendable, Equatable, Hashable {
    @usableFromInline var storage: InlineArray<16, UInt64>

    /// All registers zero.
    public init() { storage = InlineArray(repeating: 0) }

    @inlinable
    public subscript(register: GPR) -> UInt64 {
        get { storage[register.rawValue] }
        set { storage[register.rawValue] = newValue }
    }

    public static func == (lhs: GPRFile, rhs: GPRFile) -> Bool {
        for index in 0..<16 where lhs.storage[index] != rhs.storage[index] { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        for index in 0..<16 { hasher.combine(storage[index]) }
    }
}
