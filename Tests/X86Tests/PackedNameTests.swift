import Testing
import X86

/// Packed names: the mnemonic key the model looks semantics up by, and register names.
struct PackedNameTests {
    private func instruction(_ mnemonic: String) -> Instruction {
        Instruction(bytes: [0x90], mnemonic: mnemonic, text: mnemonic, prefixes: Prefixes(), map: .oneByte, opcode: 0x90,
                    modrm: nil, operandSize: 32, addressSize: 64, operands: [], groups: [],
                    flagsTested: 0, flagsModified: 0, flagsUndefined: 0)
    }

    @Test func packsTheBytesLittleEndianWithTheLength() {
        let key = PackedName("vpbroadcastq")
        #expect(key.low == 0x6364_616F_7262_7076)   // "vpbroadc"
        #expect(key.high == 0x7174_7361)           // "astq"
        #expect(key.count == 12)
        #expect(key.isComplete)
        #expect(PackedName("add") != PackedName("adc"))
        #expect(!PackedName("a_mnemonic_of_17b").isComplete)
    }

    /// A decoder correction renames the instruction (Capstone's `movbe` that is really `crc32`):
    /// the key must follow, or the model would run the old name's semantics.
    @Test func followsTheMnemonicWhenItIsRenamed() {
        var renamed = instruction("movbe")
        let original = renamed
        renamed.mnemonic = "crc32"
        #expect(renamed.mnemonicKey == PackedName("crc32"))
        #expect(original.mnemonicKey == PackedName("movbe"), "copy-on-write leaves the original alone")
    }

    @Test func registerNamesSurviveThePacking() {
        for name in ["al", "ah", "r9d", "xmm3", "ymm12", "cr0", "st(1)", "r15w"] {
            let register = RegisterOperand(name: name, kind: .other, size: 1, access: .read)
            #expect(register.name == name)
            #expect(PackedName(name).string == name)
        }
        var renamed = RegisterOperand(name: "eax", kind: .gpr(.rax, highByte: false), size: 4, access: .read)
        renamed.name = "rax"
        #expect(renamed == RegisterOperand(name: "rax", kind: .gpr(.rax, highByte: false), size: 4, access: .read))
    }

    /// The map the batch plan asks once per case: every name finds its value, names given twice
    /// get their values combined, and names not in it (or only sharing a prefix) find nothing.
    @Test func aMapFindsEachNameAndCombinesRepeats() {
        let map = PackedNameMap([("push", 1), ("pop", 2), ("pushf", 4), ("pushf", 8), ("jmp", 16)], combining: |)
        #expect(map[PackedName("push")] == 1)
        #expect(map[PackedName("pop")] == 2)
        #expect(map[PackedName("pushf")] == 12)
        #expect(map[PackedName("jmp")] == 16)
        #expect(map[PackedName("pus")] == nil)
        #expect(map[PackedName("pushfq")] == nil)
        #expect(map[PackedName("add")] == nil)
        let set = PackedNameSet(["push", "pop", "pushf", "jmp"])
        for name in ["push", "pop", "pushf", "jmp", "pus", "pushfq", "add", "zzz"] {
            #expect(set.contains(PackedName(name)) == (map[PackedName(name)] != nil), "\(name)")
        }
    }
}
