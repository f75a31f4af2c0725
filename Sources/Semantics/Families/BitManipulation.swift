import X86

/// BMI1, BMI2 and ADX: ANDN BEXTR BLSI BLSMSK BLSR BZHI PDEP PEXT RORX SARX SHLX SHRX MULX ADCX ADOX.
enum BitManipulation: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
