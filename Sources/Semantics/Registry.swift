import X86

/// Every instruction the model covers, by Capstone's base mnemonic. Adding a family is one line
/// here; adding an instruction is one entry in its family's table.
enum Registry {
    static let families: [any SemanticFamily.Type] = [
        BinaryArithmetic.self, Logical.self, ShiftRotate.self, BitOperations.self, BitManipulation.self,
        DataTransfer.self, Stack.self, ControlTransfer.self, StringOperations.self, SystemInstructions.self,
        VectorMove.self, VectorLogical.self, VectorIntegerArithmetic.self, VectorCompare.self, VectorShift.self,
        VectorShuffle.self, VectorInsertExtract.self, VectorPermute.self, FloatApproximation.self,
        FloatControl.self, FloatArithmetic.self, FloatCompare.self, FloatConversion.self,
        FloatRound.self, FloatDotProduct.self, FusedMultiplyAdd.self, HalfPrecision.self, MMXOnly.self, X87Control.self,
        X87Data.self, X87Arithmetic.self, X87Compare.self, X87Transcendental.self,
    ]

    /// Each mnemonic's semantics, with its family's acceptance folded into `accepts`. Families may
    /// share a Capstone mnemonic for disjoint forms (string MOVSD and CMPSD, and the SSE scalar
    /// ones): the entry runs the first family that accepts the instruction.
    static let byMnemonic: [String: Semantic] = {
        var table: [String: Semantic] = [:]
        for family in families {
            for (mnemonic, semantic) in family.semantics {
                let own = semantic.accepts
                let accepts: @Sendable (Instruction) -> Bool = { family.accepts($0) && (own?($0) ?? true) }
                guard let earlier = table[mnemonic], let earlierAccepts = earlier.accepts else {
                    table[mnemonic] = Semantic(accepts: accepts, semantic.body)
                    continue
                }
                table[mnemonic] = Semantic(accepts: { earlierAccepts($0) || accepts($0) }) { context throws(Fault) in
                    try (earlierAccepts(context.instruction) ? earlier.body : semantic.body)(&context)
                }
            }
        }
        for mnemonic in table.keys {
            table[mnemonic]?.forms = EncodingForms.byMnemonic[mnemonic] ?? .none
        }
        return table
    }()

    /// `byMnemonic` as the fast table the model looks entries up in.
    static let table = MnemonicTable(byMnemonic)
}
