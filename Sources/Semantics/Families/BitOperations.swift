import X86

/// BT BTS BTR BTC BSF BSR POPCNT LZCNT TZCNT BSWAP.
enum BitOperations: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
