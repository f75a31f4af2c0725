import Decoding
import Forms
import Generation
import Semantics
import Testing
import X86

/// The forms table against the model and Capstone: every form has semantics or a reason, every
/// semantics is reached by a form, and each record's notation and flag names read back.
struct FormTableTests {
    private let decoder = try! InstructionDecoder()
    private let model = ReferenceModel(profile: .generic)

    @Test func everyFormHasSemanticsOrAReason() throws {
        for form in FormTable.all {
            switch form.status {
            case .modelled:
                #expect(ReferenceModel.hasSemantics(for: form.mnemonic), "\(form.mnemonic) \(form.encoding.notation): no semantics")
            case .notModelled(let reason):
                #expect(!reason.isEmpty, "\(form.mnemonic): an empty reason")
                for wide in [false, true] {
                    for memory in [false, true] {
                        let bytes = form.encoding.variant(memory: memory, wide: wide).plainestEncoding
                        guard let instruction = decoder.decode(bytes) else { continue }
                        #expect(!model.supports(instruction), "\(instruction.text) is modelled, yet the table says: \(reason)")
                    }
                }
            }
        }
    }

    /// A form reaches the semantics of its mnemonic and of the other names Capstone gives it.
    @Test func everySemanticsIsReachedByAForm() {
        let reached = Set(FormTable.all.filter { $0.status == .modelled }.flatMap { [$0.mnemonic] + $0.encoding.aliases })
        let unreached = ReferenceModel.mnemonics.filter { !reached.contains($0) }
        #expect(unreached.isEmpty, "semantics no form reaches: \(unreached)")
    }

    @Test func modelledFormsDecodeToSomethingTheModelSupports() throws {
        for form in FormTable.all where form.status == .modelled {
            let variants = [false, true].flatMap { wide in [false, true].map { form.encoding.variant(memory: $0, wide: wide) } }
            // Filler 3 makes `int imm8` the #BP that reaches the guest (other vectors are the hypervisor's).
            let supported = variants.contains { variant in
                [0, 3].contains { decoder.decode(variant.plainestEncoding(filler: $0)).map(model.supports) ?? false }
            }
            #expect(supported, "\(form.mnemonic) \(form.encoding.notation): no plain encoding is modelled")
        }
    }

    @Test func notationReadsBack() throws {
        for form in FormTable.all {
            var again = try OpcodeForm(mnemonic: form.mnemonic, notation: form.encoding.notation)
            again.aliases = form.encoding.aliases  // names, not part of the notation
            #expect(again == form.encoding, "\(form.encoding.notation)")
        }
    }

    @Test(arguments: ["", "0F", "VEX.128.66.0F W0 60 /r", "VEX.NDS.512.66.0F.W0 60 /r", "66 0F 60 /8",
                      "66 0F 60 /r both", "66 0F 600", "0F 01 ModRM=F", "VEX.NDS.L.66.0F.W2 60 /r", "60 /r reg mem"])
    func badNotationIsRefused(_ notation: String) {
        #expect(throws: NotationError.self) { try OpcodeForm(mnemonic: "x", notation: notation) }
    }

    @Test func flagNamesReadBack() {
        for form in FormTable.all {
            for mask in [form.reads, form.writes, form.undefined] {
                #expect(Form.flags(Form.flagNames(mask)) == mask, "\(form.mnemonic): \(Form.flagNames(mask))")
            }
        }
    }

    @Test func lockableFormsHaveAMemoryDestination() {
        for form in FormTable.all where form.lockable {
            #expect(form.encoding.encoding == .legacy)
            #expect(form.operands.hasPrefix("r/m") || form.operands.hasPrefix("m"), "\(form.mnemonic) \(form.operands)")
        }
        #expect(FormTable.lockableMnemonics == ["add", "adc", "and", "btc", "btr", "bts", "cmpxchg", "cmpxchg8b",
                                                 "cmpxchg16b", "dec", "inc", "neg", "not", "or", "sbb", "sub", "xadd",
                                                 "xchg", "xor"])
    }

    /// The table's flag columns bound what the model's bodies do: from random states, the flags a
    /// prediction changes are written or undefined, those it leaves undefined are undefined, and
    /// those it reads are read.
    @Test func flagColumnsBoundTheModel() throws {
        let randomizer = StateRandomizer(seed: 0xF1A6)
        for (index, form) in FormTable.all.enumerated() where form.status == .modelled {
            for variant in [false, true].map({ form.encoding.variant(memory: $0, wide: false) }) {
                guard let instruction = decoder.decode(variant.plainestEncoding), model.supports(instruction) else { continue }
                for caseIndex in 0..<UInt64(24) {
                    let state = randomizer.state(for: instruction, caseIndex: UInt64(index) << 8 | caseIndex)
                    guard let prediction = model.predict(instruction, from: state) else { continue }
                    let text = "\(instruction.text) (\(form.encoding.notation))"
                    if prediction.outcome.exception == nil {
                        let changed = (prediction.outcome.rflags ^ state.rflags) & RFlags.status
                        #expect(changed & ~(form.writes | form.undefined) == 0,
                                "\(text) changed \(Form.flagNames(changed)); the table writes \(Form.flagNames(form.writes))")
                    }
                    #expect(prediction.undefinedFlags & ~form.undefined == 0,
                            "\(text) left \(Form.flagNames(prediction.undefinedFlags)) undefined; the table says \(Form.flagNames(form.undefined))")
                    #expect(prediction.flagsRead & RFlags.status & ~form.reads == 0,
                            "\(text) read \(Form.flagNames(prediction.flagsRead)); the table reads \(Form.flagNames(form.reads))")
                }
            }
        }
    }
}
