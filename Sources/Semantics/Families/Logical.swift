import X86

/// AND OR XOR NOT TEST (Intel SDM Vol. 2A/2B): CF and OF cleared, SF ZF PF from the result and AF
/// undefined (Zen 4 clears it); NOT writes no flag.
enum Logical: SemanticFamily {
    static let semantics: [String: Semantic] = [
        "and": bitwise(storesResult: true) { $0 & $1 },
        "or": bitwise(storesResult: true) { $0 | $1 },
        "xor": bitwise(storesResult: true) { $0 ^ $1 },
        "test": bitwise(storesResult: false) { $0 & $1 },
        "not": Semantic { context throws(Fault) in
            try context.write(0, ~(try context.readForWrite(0)))
        },
    ]

    /// `destination op source`, written back unless it is TEST, with the flags of a bitwise result.
    private static func bitwise(storesResult: Bool, _ operation: @escaping @Sendable (UInt64, UInt64) -> UInt64) -> Semantic {
        Semantic { context throws(Fault) in
            let width = context.width(0)
            let destination = storesResult ? try context.readForWrite(0) : try context.read(0)
            let result = width.truncate(operation(destination, try context.read(1)))
            if storesResult { try context.write(0, result) }
            context.setFlags(RFlags.status, to: FlagMath.logic(result, width))
            context.leaveUndefined(RFlags.af, answering: .logical)
        }
    }
}
