import X86

/// One instruction's semantics: what it does. The flags it reads, writes and may leave undefined
/// are declared in the forms table (`Forms.FormTable`); the body marks undefined flags per
/// execution, because for some instructions, like shifts, it depends on the inputs.
public struct Semantic: Sendable {
    public typealias Body = @Sendable (inout ExecutionContext) throws(Fault) -> Void

    public let body: Body
    /// The forms the body covers; nil means every form Capstone decodes under this mnemonic.
    public let accepts: (@Sendable (Instruction) -> Bool)?
    /// The forms table's forms of the mnemonic the semantics is registered under (`Registry`).
    var forms = EncodingForms.none

    public init(accepts: (@Sendable (Instruction) -> Bool)? = nil, _ body: @escaping Body) {
        self.body = body
        self.accepts = accepts
    }
}

/// A family of instructions: its semantics, by Capstone's base mnemonic.
public protocol SemanticFamily: SendableMetatype {
    static var semantics: [String: Semantic] { get }
    /// Forms the whole family can take; the default admits integer operands only (registers and
    /// memory of 1, 2, 4 or 8 bytes, or memory without a size, as for `lea`).
    static func accepts(_ instruction: Instruction) -> Bool
}

extension SemanticFamily {
    public static func accepts(_ instruction: Instruction) -> Bool { hasIntegerOperands(instruction) }

    /// The default acceptance, for families that widen it: every operand is a GPR of 1, 2, 4 or 8
    /// bytes, memory of those sizes or without a size, or an immediate.
    public static func hasIntegerOperands(_ instruction: Instruction) -> Bool {
        instruction.operands.allSatisfy { operand in
            switch operand {
            case .register(let register): if case .gpr = register.kind { Width.isIntegerSize(register.size) } else { false }
            case .memory(let memory): memory.size == 0 || Width.isIntegerSize(memory.size)
            case .immediate: true
            }
        }
    }
}
