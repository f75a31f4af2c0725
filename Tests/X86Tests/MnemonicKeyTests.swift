import Testing
import X86

/// The packed mnemonic the model's table looks semantics up by.
struct MnemonicKeyTests {
    private func instruction(_ mnemonic: String) -> Instruction {
        Instruction(bytes: [0x90], mnemonic: mnemonic, text: mnemonic, prefixes: Prefixes(), map: .oneByte, opcode: 0x90,
                    modrm: nil, operandSize: 32, addressSize: 64, operands: [], groups: [], registersRead: [],
                    registersWritten: [], flagsTested: 0, flagsModified: 0, flagsUndefined: 0)
    }

    @Test func packsTheBytesLittleEndianWithTheLength() {
        let key = MnemonicKey("vpbroadcastq")
        #expect(key.low == 0x6364_616F_7262_7076)   // "vpbroadc"
        #expect(key.high == 0x7174_7361)           // "astq"
        #expect(key.count == 12)
        #expect(key.isComplete)
        #expect(MnemonicKey("add") != MnemonicKey("adc"))
        #expect(!MnemonicKey("a_mnemonic_of_17b").isComplete)
    }

    /// A decoder correction renames the instruction (Capstone's `movbe` that is really `crc32`):
    /// the key must follow, or the model would run the old name's semantics.
    @Test func followsTheMnemonicWhenItIsRenamed() {
        var renamed = instruction("movbe")
        let original = renamed
        renamed.mnemonic = "crc32"
        #expect(renamed.mnemonicKey == MnemonicKey("crc32"))
        #expect(original.mnemonicKey == MnemonicKey("movbe"), "copy-on-write leaves the original alone")
    }
}
