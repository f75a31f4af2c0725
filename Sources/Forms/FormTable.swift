/// The table of instruction forms (`Sources/Forms/Table/`), one record per form, grouped in the
/// generator's families. The generator's forms, the model's lock rule and flag declarations,
/// and `x86fuzz forms` all read it; a diff of the table is a change to what the fuzzer knows.
public enum FormTable {
    /// The families in the order `--focus` help lists them, each with its forms in table order
    /// (the generator draws by position, so the order is part of what a seed means).
    public static let families: [(name: String, forms: [Form])] = [
        ("binary", binary), ("logical", logical), ("shift", shift), ("bitops", bitops), ("bmi", bmi),
        ("datatransfer", datatransfer), ("stack", stack), ("control", control), ("string", strings),
        ("sse", sse), ("avx", avx), ("system", system),
        ("sse-fp", sseFloat), ("avx-fp", avxFloat), ("fma", fusedMultiplyAdd), ("f16c", halfPrecision), ("mmx", mmx), ("x87", x87),
    ].map { name, forms in
        (name, forms.map { form in
            var form = form
            form.family = name
            return form
        })
    }

    /// Every form, family by family.
    public static let all: [Form] = families.flatMap(\.forms)

    /// The forms Capstone's `mnemonic` may name (a form's mnemonic or alias), in table order.
    public static func forms(decodedAs mnemonic: String) -> [Form] { byDecodedName[mnemonic] ?? [] }

    private static let byDecodedName: [String: [Form]] = {
        var index: [String: [Form]] = [:]
        for form in all {
            for name in [form.mnemonic] + form.encoding.aliases { index[name, default: []].append(form) }
        }
        return index
    }()

    /// The mnemonics with a form that allows LOCK.
    public static let lockableMnemonics: Set<String> = Set(all.filter(\.lockable).map(\.mnemonic))
}
