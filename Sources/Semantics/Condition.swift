import X86

/// The 16 condition codes of Jcc, SETcc and CMOVcc, in encoding order (the low nibble of the
/// opcode; Intel SDM Vol. 1, Appendix B), named by Capstone's mnemonic suffixes.
public enum Condition: Int, CaseIterable, Sendable {
    case o, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g

    /// Capstone's suffix: `jae`, `setne`, `cmovle` end in it.
    public var suffix: String { String(describing: self) }

    /// Whether the condition holds, recording the flags it tests. Odd codes negate the even one
    /// before them.
    public func holds(in context: inout ExecutionContext) -> Bool {
        let base: Bool
        switch rawValue >> 1 {
        case 0: base = context.flag(RFlags.of)
        case 1: base = context.flag(RFlags.cf)
        case 2: base = context.flag(RFlags.zf)
        case 3: base = context.flag(RFlags.cf) || context.flag(RFlags.zf)
        case 4: base = context.flag(RFlags.sf)
        case 5: base = context.flag(RFlags.pf)
        case 6: base = context.flag(RFlags.sf) != context.flag(RFlags.of)
        default: base = context.flag(RFlags.zf) || context.flag(RFlags.sf) != context.flag(RFlags.of)
        }
        return rawValue & 1 == 0 ? base : !base
    }
}
