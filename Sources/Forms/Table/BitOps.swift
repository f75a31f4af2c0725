// The forms table: one line per form (see `Form` and `OpcodeForm.init(mnemonic:notation:)`).

extension FormTable {
    /// Bit tests, scans and counts, and byte swap.
    static let bitops: [Form] = [
        Form("bt", "0F A3 /r", "r/m32, r32", writes: "cf", undefined: "of sf af pf", manual: "BT"),
        Form("bts", "0F AB /r", "r/m32, r32", writes: "cf", undefined: "of sf af pf", manual: "BTS", lock: true),
        Form("btr", "0F B3 /r", "r/m32, r32", writes: "cf", undefined: "of sf af pf", manual: "BTR", lock: true),
        Form("btc", "0F BB /r", "r/m32, r32", writes: "cf", undefined: "of sf af pf", manual: "BTC", lock: true),
        Form("bt", "0F BA /4", "r/m32, imm8", writes: "cf", undefined: "of sf af pf", manual: "BT"),
        Form("bts", "0F BA /5", "r/m32, imm8", writes: "cf", undefined: "of sf af pf", manual: "BTS", lock: true),
        Form("btr", "0F BA /6", "r/m32, imm8", writes: "cf", undefined: "of sf af pf", manual: "BTR", lock: true),
        Form("btc", "0F BA /7", "r/m32, imm8", writes: "cf", undefined: "of sf af pf", manual: "BTC", lock: true),
        Form("bsf", "0F BC /r", "r32, r/m32", writes: "status", undefined: "of sf af pf cf", manual: "BSF"),
        Form("bsr", "0F BD /r", "r32, r/m32", writes: "status", undefined: "of sf af pf cf", manual: "BSR"),
        Form("popcnt", "F3 0F B8 /r", "r32, r/m32", feature: "POPCNT", writes: "status", manual: "POPCNT"),
        Form("tzcnt", "F3 0F BC /r", "r32, r/m32", feature: "BMI1", writes: "status", undefined: "of sf af pf", manual: "TZCNT"),
        Form("lzcnt", "F3 0F BD /r", "r32, r/m32", feature: "LZCNT", writes: "status", undefined: "of sf af pf", manual: "LZCNT"),
        Form("bswap", "0F C8", "r32"),
        Form("bswap", "0F C9", "r32"),
        Form("bswap", "0F CA", "r32"),
        Form("bswap", "0F CB", "r32"),
        Form("bswap", "0F CC", "r32"),
        Form("bswap", "0F CD", "r32"),
        Form("bswap", "0F CE", "r32"),
        Form("bswap", "0F CF", "r32"),
    ]
}
