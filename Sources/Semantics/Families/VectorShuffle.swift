import X86

/// SSE/AVX shuffles, unpacks, packs and blends: PSHUFB PSHUFD PSHUFHW PSHUFLW PALIGNR PUNPCK* PACK* SHUFPS SHUFPD PBLENDW PBLENDVB BLENDPS BLENDPD.
enum VectorShuffle: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
