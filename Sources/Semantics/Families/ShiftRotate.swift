import X86

/// SHL/SAL SHR SAR ROL ROR RCL RCR SHLD SHRD.
enum ShiftRotate: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
