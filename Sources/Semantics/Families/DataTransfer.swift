import X86

/// MOV MOVZX MOVSX MOVSXD LEA XCHG CMPXCHG XADD CMOVcc SETcc CBW..CQO MOVBE CRC32 LAHF SAHF CLC STC CMC CLD STD NOP.
enum DataTransfer: SemanticFamily {
    static let semantics: [String: Semantic] = [:]
}
