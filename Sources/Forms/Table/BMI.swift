// The forms table: one line per form (see `Form` and `OpcodeForm.init(mnemonic:notation:)`).

extension FormTable {
    /// BMI1, BMI2 (VEX-encoded general-purpose instructions, VEX.L = 0) and ADX.
    static let bmi: [Form] = [
        Form("andn", "VEX.NDS.128.NP.0F38.W* F2 /r", "r32, r32, r/m32", feature: "BMI1", writes: "status", undefined: "af pf", manual: "ANDN"),
        Form("blsr", "VEX.NDS.128.NP.0F38.W* F3 /1", "r32, r/m32", feature: "BMI1", writes: "status", undefined: "af pf", manual: "BLSR"),
        Form("blsmsk", "VEX.NDS.128.NP.0F38.W* F3 /2", "r32, r/m32", feature: "BMI1", writes: "status", undefined: "af pf", manual: "BLSMSK"),
        Form("blsi", "VEX.NDS.128.NP.0F38.W* F3 /3", "r32, r/m32", feature: "BMI1", writes: "status", undefined: "af pf", manual: "BLSI"),
        Form("bzhi", "VEX.NDS.128.NP.0F38.W* F5 /r", "r32, r/m32, r32", feature: "BMI2", writes: "status", undefined: "af pf", manual: "BZHI"),
        Form("pext", "VEX.NDS.128.F3.0F38.W* F5 /r", "r32, r32, r/m32", feature: "BMI2"),
        Form("pdep", "VEX.NDS.128.F2.0F38.W* F5 /r", "r32, r32, r/m32", feature: "BMI2"),
        Form("mulx", "VEX.NDS.128.F2.0F38.W* F6 /r", "r32, r32, r/m32", feature: "BMI2"),
        Form("bextr", "VEX.NDS.128.NP.0F38.W* F7 /r", "r32, r/m32, r32", feature: "BMI1", writes: "status", undefined: "sf af pf", manual: "BEXTR"),
        Form("shlx", "VEX.NDS.128.66.0F38.W* F7 /r", "r32, r/m32, r32", feature: "BMI2"),
        Form("sarx", "VEX.NDS.128.F3.0F38.W* F7 /r", "r32, r/m32, r32", feature: "BMI2"),
        Form("shrx", "VEX.NDS.128.F2.0F38.W* F7 /r", "r32, r/m32, r32", feature: "BMI2"),
        Form("rorx", "VEX.128.F2.0F3A.W* F0 /r", "r32, r/m32, imm8", feature: "BMI2"),
        Form("adcx", "66 0F38 F6 /r", "r32, r/m32", feature: "ADX", reads: "cf", writes: "cf", manual: "ADCX"),
        Form("adox", "F3 0F38 F6 /r", "r32, r/m32", feature: "ADX", reads: "of", writes: "of", manual: "ADOX"),
    ]
}
