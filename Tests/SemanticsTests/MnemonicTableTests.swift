@testable import Semantics
import Testing
import X86

/// The model's mnemonic table: found by the packed key, long names told apart by their text.
struct MnemonicTableTests {
    private func instruction(_ mnemonic: String) -> Instruction {
        Instruction(bytes: [0x90], mnemonic: mnemonic, text: mnemonic, prefixes: Prefixes(), map: .oneByte, opcode: 0x90,
                    modrm: nil, operandSize: 32, addressSize: 64, operands: [], groups: [],
                    flagsTested: 0, flagsModified: 0, flagsUndefined: 0)
    }

    /// Each entry's `accepts` answers with its own mark, so a lookup shows which entry it found.
    private func marked(_ mark: Bool) -> Semantic { Semantic(accepts: { _ in mark }) { _ in } }

    @Test func findsEachEntryAndNothingElse() {
        // The two long names share their first 16 bytes, all the packing keeps.
        let table = MnemonicTable(["add": marked(true), "sixteen-byte-name-one": marked(true),
                                   "sixteen-byte-name-two": marked(false)])
        for (name, mark) in [("add", true), ("sixteen-byte-name-one", true), ("sixteen-byte-name-two", false)] {
            let found = table[instruction(name)]
            #expect(found?.accepts?(instruction(name)) == mark, "\(name)")
        }
        #expect(table[instruction("sub")] == nil)
        #expect(table[instruction("sixteen-byte-name-six")] == nil)
    }

    @Test func everyRegisteredMnemonicIsFound() {
        for mnemonic in Registry.byMnemonic.keys {
            #expect(Registry.table[instruction(mnemonic)] != nil, "\(mnemonic)")
        }
    }
}
