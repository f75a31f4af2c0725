// The forms table: one line per form (see `Form` and `OpcodeForm.init(mnemonic:notation:)`).

extension FormTable {
    /// Legacy SSE floating-point arithmetic, compares and conversions (the moves, logic, shuffles and
    /// blends of floating-point data are bit operations, in the sse family).
    static let sseFloat: [Form] = [
        // Arithmetic (Intel SDM Vol. 2, ADDPS ... SQRTSD).
        Form("addps", "0F 58 /r", "xmm, xmm/m128", feature: "SSE"),
        Form("addpd", "66 0F 58 /r", "xmm, xmm/m128", feature: "SSE2"),
        Form("addss", "F3 0F 58 /r", "xmm, xmm/m32", feature: "SSE"),
        Form("addsd", "F2 0F 58 /r", "xmm, xmm/m64", feature: "SSE2"),
        Form("mulps", "0F 59 /r", "xmm, xmm/m128", feature: "SSE"),
        Form("mulpd", "66 0F 59 /r", "xmm, xmm/m128", feature: "SSE2"),
        Form("mulss", "F3 0F 59 /r", "xmm, xmm/m32", feature: "SSE"),
        Form("mulsd", "F2 0F 59 /r", "xmm, xmm/m64", feature: "SSE2"),
        Form("subps", "0F 5C /r", "xmm, xmm/m128", feature: "SSE"),
        Form("subpd", "66 0F 5C /r", "xmm, xmm/m128", feature: "SSE2"),
        Form("subss", "F3 0F 5C /r", "xmm, xmm/m32", feature: "SSE"),
        Form("subsd", "F2 0F 5C /r", "xmm, xmm/m64", feature: "SSE2"),
        Form("minps", "0F 5D /r", "xmm, xmm/m128", feature: "SSE"),
        Form("minpd", "66 0F 5D /r", "xmm, xmm/m128", feature: "SSE2"),
        Form("minss", "F3 0F 5D /r", "xmm, xmm/m32", feature: "SSE"),
        Form("minsd", "F2 0F 5D /r", "xmm, xmm/m64", feature: "SSE2"),
        Form("divps", "0F 5E /r", "xmm, xmm/m128", feature: "SSE"),
        Form("divpd", "66 0F 5E /r", "xmm, xmm/m128", feature: "SSE2"),
        Form("divss", "F3 0F 5E /r", "xmm, xmm/m32", feature: "SSE"),
        Form("divsd", "F2 0F 5E /r", "xmm, xmm/m64", feature: "SSE2"),
        Form("maxps", "0F 5F /r", "xmm, xmm/m128", feature: "SSE"),
        Form("maxpd", "66 0F 5F /r", "xmm, xmm/m128", feature: "SSE2"),
        Form("maxss", "F3 0F 5F /r", "xmm, xmm/m32", feature: "SSE"),
        Form("maxsd", "F2 0F 5F /r", "xmm, xmm/m64", feature: "SSE2"),
        Form("sqrtps", "0F 51 /r", "xmm, xmm/m128", feature: "SSE"),
        Form("sqrtpd", "66 0F 51 /r", "xmm, xmm/m128", feature: "SSE2"),
        Form("sqrtss", "F3 0F 51 /r", "xmm, xmm/m32", feature: "SSE"),
        Form("sqrtsd", "F2 0F 51 /r", "xmm, xmm/m64", feature: "SSE2"),
        Form("rsqrtps", "0F 52 /r", "xmm, xmm/m128", feature: "SSE", manual: "Intel SDM Vol. 2B, RCPPS, RSQRTPS: relative error at most 1.5 * 2^-12"),
        Form("rsqrtss", "F3 0F 52 /r", "xmm, xmm/m32", feature: "SSE", manual: "Intel SDM Vol. 2B, RCPPS, RSQRTPS: relative error at most 1.5 * 2^-12"),
        Form("rcpps", "0F 53 /r", "xmm, xmm/m128", feature: "SSE", manual: "Intel SDM Vol. 2B, RCPPS, RSQRTPS: relative error at most 1.5 * 2^-12"),
        Form("rcpss", "F3 0F 53 /r", "xmm, xmm/m32", feature: "SSE", manual: "Intel SDM Vol. 2B, RCPPS, RSQRTPS: relative error at most 1.5 * 2^-12"),

        // Horizontal and alternating arithmetic (SSE3), dot products and rounding (SSE4.1).
        Form("addsubpd", "66 0F D0 /r", "xmm, xmm/m128", feature: "SSE3"),
        Form("addsubps", "F2 0F D0 /r", "xmm, xmm/m128", feature: "SSE3"),
        Form("haddpd", "66 0F 7C /r", "xmm, xmm/m128", feature: "SSE3"),
        Form("haddps", "F2 0F 7C /r", "xmm, xmm/m128", feature: "SSE3"),
        Form("hsubpd", "66 0F 7D /r", "xmm, xmm/m128", feature: "SSE3"),
        Form("hsubps", "F2 0F 7D /r", "xmm, xmm/m128", feature: "SSE3"),
        Form("dpps", "66 0F3A 40 /r", "xmm, xmm/m128, imm8", feature: "SSE4.1"),
        Form("dppd", "66 0F3A 41 /r", "xmm, xmm/m128, imm8", feature: "SSE4.1"),
        Form("roundps", "66 0F3A 08 /r", "xmm, xmm/m128, imm8", feature: "SSE4.1"),
        Form("roundpd", "66 0F3A 09 /r", "xmm, xmm/m128, imm8", feature: "SSE4.1"),
        Form("roundss", "66 0F3A 0A /r", "xmm, xmm/m32, imm8", feature: "SSE4.1"),
        Form("roundsd", "66 0F3A 0B /r", "xmm, xmm/m64, imm8", feature: "SSE4.1"),

        // Compares: CMPPS ... CMPSD (imm8 picks the predicate and Capstone's name), COMISS ... UCOMISD.
        Form("cmpps", "0F C2 /r", "xmm, xmm/m128, imm8", feature: "SSE", aliases: predicates("cmp", "ps", count: 8)),
        Form("cmppd", "66 0F C2 /r", "xmm, xmm/m128, imm8", feature: "SSE2", aliases: predicates("cmp", "pd", count: 8)),
        Form("cmpss", "F3 0F C2 /r", "xmm, xmm/m32, imm8", feature: "SSE", aliases: predicates("cmp", "ss", count: 8)),
        Form("cmpsd", "F2 0F C2 /r", "xmm, xmm/m64, imm8", feature: "SSE2", aliases: predicates("cmp", "sd", count: 8)),
        Form("comiss", "0F 2F /r", "xmm, xmm/m32", feature: "SSE", writes: "status", manual: "Intel SDM Vol. 2A, COMISS"),
        Form("comisd", "66 0F 2F /r", "xmm, xmm/m64", feature: "SSE2", writes: "status", manual: "Intel SDM Vol. 2A, COMISD"),
        Form("ucomiss", "0F 2E /r", "xmm, xmm/m32", feature: "SSE", writes: "status", manual: "Intel SDM Vol. 2A, UCOMISS"),
        Form("ucomisd", "66 0F 2E /r", "xmm, xmm/m64", feature: "SSE2", writes: "status", manual: "Intel SDM Vol. 2A, UCOMISD"),

        // Conversions (Intel SDM Vol. 2A, CVTDQ2PD ... CVTTSS2SI); the MMX ones are in the mmx family.
        Form("cvtsi2ss", "F3 0F 2A /r", "xmm, r/m32", feature: "SSE"),
        Form("cvtsi2sd", "F2 0F 2A /r", "xmm, r/m32", feature: "SSE2"),
        Form("cvttss2si", "F3 0F 2C /r", "r32, xmm/m32", feature: "SSE"),
        Form("cvttsd2si", "F2 0F 2C /r", "r32, xmm/m64", feature: "SSE2"),
        Form("cvtss2si", "F3 0F 2D /r", "r32, xmm/m32", feature: "SSE"),
        Form("cvtsd2si", "F2 0F 2D /r", "r32, xmm/m64", feature: "SSE2"),
        Form("cvtps2pd", "0F 5A /r", "xmm, xmm/m64", feature: "SSE2"),
        Form("cvtpd2ps", "66 0F 5A /r", "xmm, xmm/m128", feature: "SSE2"),
        Form("cvtss2sd", "F3 0F 5A /r", "xmm, xmm/m32", feature: "SSE2"),
        Form("cvtsd2ss", "F2 0F 5A /r", "xmm, xmm/m64", feature: "SSE2"),
        Form("cvtdq2ps", "0F 5B /r", "xmm, xmm/m128", feature: "SSE2"),
        Form("cvtps2dq", "66 0F 5B /r", "xmm, xmm/m128", feature: "SSE2"),
        Form("cvttps2dq", "F3 0F 5B /r", "xmm, xmm/m128", feature: "SSE2"),
        Form("cvttpd2dq", "66 0F E6 /r", "xmm, xmm/m128", feature: "SSE2"),
        Form("cvtdq2pd", "F3 0F E6 /r", "xmm, xmm/m64", feature: "SSE2"),
        Form("cvtpd2dq", "F2 0F E6 /r", "xmm, xmm/m128", feature: "SSE2"),

        // MXCSR (Intel SDM Vol. 2A, LDMXCSR, STMXCSR).
        Form("ldmxcsr", "0F AE /2 mem", "m32", feature: "SSE"),
        Form("stmxcsr", "0F AE /3 mem", "m32", feature: "SSE"),
    ]

    /// Capstone's names for a compare at each predicate immediate below `count` (`cmpltps` for
    /// `cmpps` with imm8 1; Intel SDM Vol. 2A, CMPPS, Tables 3-1 and 3-4); a larger immediate
    /// keeps the plain name.
    static func predicates(_ stem: String, _ suffix: String, count: Int) -> [String] {
        comparePredicates.prefix(count).map { stem + $0 + suffix }
    }

    /// The predicates in immediate order, as Capstone spells them.
    private static let comparePredicates = [
        "eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord",
        "eq_uq", "nge", "ngt", "false", "neq_oq", "ge", "gt", "true",
        "eq_os", "lt_oq", "le_oq", "unord_s", "neq_us", "nlt_uq", "nle_uq", "ord_s",
        "eq_us", "nge_uq", "ngt_uq", "false_os", "neq_os", "ge_oq", "gt_oq", "true_us",
    ]
}
