import X86

/// Every instruction the model covers, by Capstone's base mnemonic. Adding a family is one line
/// here; adding an instruction is one entry in its family's table.
enum Registry {
    static let families: [any SemanticFamily.Type] = [
        BinaryArithmetic.self, Logical.self, ShiftRotate.self, BitOperations.self, BitManipulation.self,
        DataTransfer.self, Stack.self, ControlTransfer.self, StringOperations.self, SystemInstructions.self,
        VectorMove.self, VectorLogical.self, VectorIntegerArithmetic.self, VectorCompare.self, VectorShift.self,
        VectorShuffle.self, VectorInsertExtract.self, VectorPermute.self,
    ]

    /// Each mnemonic's semantics, with its family's acceptance folded into `accepts`.
    static let semantics: [String: Semantic] = {
        var table: [String: Semantic] = [:]
        for family in families {
            for (mnemonic, semantic) in family.semantics {
                precondition(table[mnemonic] == nil, "\(mnemonic) is defined by two families")
                let own = semantic.accepts
                table[mnemonic] = Semantic(writes: semantic.writes, undefined: semantic.undefined,
                                           accepts: { family.accepts($0) && (own?($0) ?? true) }, semantic.body)
            }
        }
        return table
    }()
}
