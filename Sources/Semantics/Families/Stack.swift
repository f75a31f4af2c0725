import X86

/// PUSH POP PUSHF POPF ENTER LEAVE.
enum Stack: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
