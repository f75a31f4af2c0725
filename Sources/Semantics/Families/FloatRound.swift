import SoftFloat
import X86

/// ROUNDPS, ROUNDPD, ROUNDSS, ROUNDSD and their VEX forms (Intel SDM Vol. 2B): each lane rounded
/// to an integral value in the mode imm8 selects (imm8[1:0], or MXCSR.RC with imm8[2]); imm8[3]
/// suppresses PE.
enum FloatRound: SemanticFamily {
    static let semantics: [String: Semantic] = {
        var table: [String: Semantic] = [:]
        register(Binary32.self, "s", into: &table)
        register(Binary64.self, "d", into: &table)
        return VectorSemantics.withVEXNames(table)
    }()

    static func accepts(_ instruction: Instruction) -> Bool { VectorSemantics.accepts(instruction) }

    private static func register<F: FloatFormat>(_ format: F.Type, _ suffix: String, into table: inout [String: Semantic]) {
        table["roundp" + suffix] = FloatLanes.packedUnary(format, F.roundToIntegral)
        table["rounds" + suffix] = FloatLanes.scalarUnary(format, F.roundToIntegral)
    }
}
