// The forms table: one line per form (see `Form` and `OpcodeForm.init(mnemonic:notation:)`).

extension FormTable {
    /// MOVS, CMPS, STOS, LODS and SCAS in every width; the generator adds REP/REPNE.
    static let strings: [Form] = [
        Form("movsb", "A4", "m8, m8", reads: "df", manual: "MOVS"),
        Form("movsd", "REX.W0 A5", "m32, m32", reads: "df", manual: "MOVS"),
        Form("movsw", "66 REX.W0 A5", "m16, m16", reads: "df", manual: "MOVS"),
        Form("movsq", "REX.W1 A5", "m64, m64", reads: "df", manual: "MOVS"),
        Form("cmpsb", "A6", "m8, m8", reads: "df", writes: "status", manual: "CMPS"),
        Form("cmpsd", "REX.W0 A7", "m32, m32", reads: "df", writes: "status", manual: "CMPS"),
        Form("cmpsw", "66 REX.W0 A7", "m16, m16", reads: "df", writes: "status", manual: "CMPS"),
        Form("cmpsq", "REX.W1 A7", "m64, m64", reads: "df", writes: "status", manual: "CMPS"),
        Form("stosb", "AA", "m8, r8", reads: "df", manual: "STOS"),
        Form("stosd", "REX.W0 AB", "m32, r32", reads: "df", manual: "STOS"),
        Form("stosw", "66 REX.W0 AB", "m16, r16", reads: "df", manual: "STOS"),
        Form("stosq", "REX.W1 AB", "m64, r64", reads: "df", manual: "STOS"),
        Form("lodsb", "AC", "r8, m8", reads: "df", manual: "LODS"),
        Form("lodsd", "REX.W0 AD", "r32, m32", reads: "df", manual: "LODS"),
        Form("lodsw", "66 REX.W0 AD", "r16, m16", reads: "df", manual: "LODS"),
        Form("lodsq", "REX.W1 AD", "r64, m64", reads: "df", manual: "LODS"),
        Form("scasb", "AE", "r8, m8", reads: "df", writes: "status", manual: "SCAS"),
        Form("scasd", "REX.W0 AF", "r32, m32", reads: "df", writes: "status", manual: "SCAS"),
        Form("scasw", "66 REX.W0 AF", "r16, m16", reads: "df", writes: "status", manual: "SCAS"),
        Form("scasq", "REX.W1 AF", "r64, m64", reads: "df", writes: "status", manual: "SCAS"),
    ]
}
