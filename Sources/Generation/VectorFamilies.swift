import X86

/// The integer vector families: SSE2 to SSE4.2 (66-prefixed XMM forms) and their VEX forms, with
/// the moves, logic, shuffles and blends of floating-point data (bit operations, no arithmetic).
extension InstructionFamily {
    /// Integer SSE on XMM registers: arithmetic, compares, logic, shifts, shuffles, packs,
    /// extensions, moves and inserts/extracts.
    static let sse = InstructionFamily(
        name: "sse",
        forms: (VectorForm.integerSSE + VectorForm.floatingPointData).flatMap(\.legacyForms))

    /// Integer AVX and AVX2: the VEX forms of the SSE ones at 128 and 256 bits, plus the
    /// AVX2-only broadcasts, permutes, blends, lane moves and variable shifts.
    static let avx = InstructionFamily(
        name: "avx",
        forms: (VectorForm.integerSSE + VectorForm.floatingPointData).compactMap(\.vexForm) + VectorForm.avx2Only)
}

/// An integer SSE instruction, described once for both its legacy (66/F2/F3 + 0F ...) and its
/// VEX encoding (pp from the same prefix, mnemonic with a `v`).
struct VectorForm {
    var mnemonic: String
    var map: OpcodeMap
    var opcode: UInt8
    /// The mandatory prefix (66, F2 or F3), nil for none.
    var prefix: UInt8? = 0x66
    var reg: UInt8?
    var modrm: OpcodeForm.ModRMUse = .any
    var w: Bool?
    /// Two operands only: the VEX form leaves `vvvv` unused.
    var twoOperand = false
    /// The VEX form exists at 128 bits only (VEX.L must be 0).
    var only128 = false
    /// No VEX form (`pblendvb` takes XMM0 implicitly; the VEX one is a different instruction).
    var legacyOnly = false

    var legacyForms: [OpcodeForm] {
        [OpcodeForm(mnemonic: mnemonic, map: map, opcode: opcode, modrm: modrm, reg: reg, prefix: prefix, w: w)]
    }

    var vexForm: OpcodeForm? {
        guard !legacyOnly else { return nil }
        return .vex("v" + mnemonic, map: map, opcode, prefix: prefix, reg: reg, modrm: modrm, w: w,
                    l: only128 ? 0 : nil, usesVVVV: !twoOperand)
    }

    /// The 66 0F, 66 0F38, 66 0F3A (and F3/F2 0F) integer SSE instructions.
    static let integerSSE: [VectorForm] = {
        var forms: [VectorForm] = []
        func add(_ mnemonic: String, _ map: OpcodeMap, _ opcode: UInt8, prefix: UInt8 = 0x66, reg: UInt8? = nil,
                 modrm: OpcodeForm.ModRMUse = .any, w: Bool? = nil, twoOperand: Bool = false,
                 only128: Bool = false, legacyOnly: Bool = false) {
            forms.append(VectorForm(mnemonic: mnemonic, map: map, opcode: opcode, prefix: prefix, reg: reg, modrm: modrm,
                                    w: w, twoOperand: twoOperand, only128: only128, legacyOnly: legacyOnly))
        }
        let threeOperand0F: [(String, UInt8)] = [
            ("punpcklbw", 0x60), ("punpcklwd", 0x61), ("punpckldq", 0x62), ("packsswb", 0x63), ("pcmpgtb", 0x64),
            ("pcmpgtw", 0x65), ("pcmpgtd", 0x66), ("packuswb", 0x67), ("punpckhbw", 0x68), ("punpckhwd", 0x69),
            ("punpckhdq", 0x6A), ("packssdw", 0x6B), ("punpcklqdq", 0x6C), ("punpckhqdq", 0x6D),
            ("pcmpeqb", 0x74), ("pcmpeqw", 0x75), ("pcmpeqd", 0x76),
            ("psrlw", 0xD1), ("psrld", 0xD2), ("psrlq", 0xD3), ("paddq", 0xD4), ("pmullw", 0xD5),
            ("psubusb", 0xD8), ("psubusw", 0xD9), ("pminub", 0xDA), ("pand", 0xDB), ("paddusb", 0xDC),
            ("paddusw", 0xDD), ("pmaxub", 0xDE), ("pandn", 0xDF), ("pavgb", 0xE0), ("psraw", 0xE1),
            ("psrad", 0xE2), ("pavgw", 0xE3), ("pmulhuw", 0xE4), ("pmulhw", 0xE5), ("psubsb", 0xE8),
            ("psubsw", 0xE9), ("pminsw", 0xEA), ("por", 0xEB), ("paddsb", 0xEC), ("paddsw", 0xED),
            ("pmaxsw", 0xEE), ("pxor", 0xEF), ("psllw", 0xF1), ("pslld", 0xF2), ("psllq", 0xF3),
            ("pmuludq", 0xF4), ("pmaddwd", 0xF5), ("psadbw", 0xF6), ("psubb", 0xF8), ("psubw", 0xF9),
            ("psubd", 0xFA), ("psubq", 0xFB), ("paddb", 0xFC), ("paddw", 0xFD), ("paddd", 0xFE),
        ]
        for (name, opcode) in threeOperand0F { add(name, .map0F, opcode) }
        for (opcode, digits) in [(UInt8(0x71), [(2, "psrlw"), (4, "psraw"), (6, "psllw")]),
                                 (0x72, [(2, "psrld"), (4, "psrad"), (6, "pslld")]),
                                 (0x73, [(2, "psrlq"), (3, "psrldq"), (6, "psllq"), (7, "pslldq")])] {
            for (digit, name) in digits { add(name, .map0F, opcode, reg: UInt8(digit), modrm: .register) }
        }
        add("movd", .map0F, 0x6E, w: false, twoOperand: true, only128: true)
        add("movq", .map0F, 0x6E, w: true, twoOperand: true, only128: true)
        add("movd", .map0F, 0x7E, w: false, twoOperand: true, only128: true)
        add("movq", .map0F, 0x7E, w: true, twoOperand: true, only128: true)
        add("movq", .map0F, 0x7E, prefix: 0xF3, twoOperand: true, only128: true)
        add("movq", .map0F, 0xD6, twoOperand: true, only128: true)
        add("movdqa", .map0F, 0x6F, twoOperand: true)
        add("movdqa", .map0F, 0x7F, twoOperand: true)
        add("movdqu", .map0F, 0x6F, prefix: 0xF3, twoOperand: true)
        add("movdqu", .map0F, 0x7F, prefix: 0xF3, twoOperand: true)
        add("movntdq", .map0F, 0xE7, modrm: .memory, twoOperand: true)
        add("pshufd", .map0F, 0x70, twoOperand: true)
        add("pshufhw", .map0F, 0x70, prefix: 0xF3, twoOperand: true)
        add("pshuflw", .map0F, 0x70, prefix: 0xF2, twoOperand: true)
        add("pmovmskb", .map0F, 0xD7, modrm: .register, twoOperand: true)
        add("pinsrw", .map0F, 0xC4, only128: true)
        add("pextrw", .map0F, 0xC5, modrm: .register, twoOperand: true, only128: true)

        let threeOperand0F38: [(String, UInt8)] = [
            ("pshufb", 0x00), ("phaddw", 0x01), ("phaddd", 0x02), ("phaddsw", 0x03), ("pmaddubsw", 0x04),
            ("phsubw", 0x05), ("phsubd", 0x06), ("phsubsw", 0x07), ("psignb", 0x08), ("psignw", 0x09),
            ("psignd", 0x0A), ("pmulhrsw", 0x0B), ("pmuldq", 0x28), ("pcmpeqq", 0x29), ("packusdw", 0x2B),
            ("pcmpgtq", 0x37), ("pminsb", 0x38), ("pminsd", 0x39), ("pminuw", 0x3A), ("pminud", 0x3B),
            ("pmaxsb", 0x3C), ("pmaxsd", 0x3D), ("pmaxuw", 0x3E), ("pmaxud", 0x3F), ("pmulld", 0x40),
        ]
        for (name, opcode) in threeOperand0F38 { add(name, .map0F38, opcode) }
        add("pblendvb", .map0F38, 0x10, legacyOnly: true)
        let twoOperand0F38: [(String, UInt8)] = [
            ("ptest", 0x17), ("pabsb", 0x1C), ("pabsw", 0x1D), ("pabsd", 0x1E),
            ("pmovsxbw", 0x20), ("pmovsxbd", 0x21), ("pmovsxbq", 0x22), ("pmovsxwd", 0x23), ("pmovsxwq", 0x24),
            ("pmovsxdq", 0x25), ("pmovzxbw", 0x30), ("pmovzxbd", 0x31), ("pmovzxbq", 0x32), ("pmovzxwd", 0x33),
            ("pmovzxwq", 0x34), ("pmovzxdq", 0x35),
        ]
        for (name, opcode) in twoOperand0F38 { add(name, .map0F38, opcode, twoOperand: true) }
        add("movntdqa", .map0F38, 0x2A, modrm: .memory, twoOperand: true)
        add("phminposuw", .map0F38, 0x41, twoOperand: true, only128: true)

        add("pblendw", .map0F3A, 0x0E)
        add("palignr", .map0F3A, 0x0F)
        add("mpsadbw", .map0F3A, 0x42)
        add("pextrb", .map0F3A, 0x14, twoOperand: true, only128: true)
        add("pextrw", .map0F3A, 0x15, twoOperand: true, only128: true)
        add("pextrd", .map0F3A, 0x16, w: false, twoOperand: true, only128: true)
        add("pextrq", .map0F3A, 0x16, w: true, twoOperand: true, only128: true)
        add("pinsrb", .map0F3A, 0x20, only128: true)
        add("pinsrd", .map0F3A, 0x22, w: false, only128: true)
        add("pinsrq", .map0F3A, 0x22, w: true, only128: true)
        for (name, opcode) in [("pcmpestrm", UInt8(0x60)), ("pcmpestri", 0x61), ("pcmpistrm", 0x62), ("pcmpistri", 0x63)] {
            add(name, .map0F3A, opcode, twoOperand: true, only128: true)
        }
        return forms
    }()

    /// Moves, logic, shuffles and blends of packed and scalar floating-point data: no mandatory
    /// prefix for the `ps` forms, 66 for `pd`, F3/F2 for MOVSS/MOVSD (whose VEX register form
    /// merges from vvvv and whose memory forms have none).
    static let floatingPointData: [VectorForm] = {
        var forms: [VectorForm] = []
        func add(_ mnemonic: String, _ map: OpcodeMap, _ opcode: UInt8, prefix: UInt8? = nil,
                 modrm: OpcodeForm.ModRMUse = .any, twoOperand: Bool = false, only128: Bool = false,
                 legacyOnly: Bool = false) {
            forms.append(VectorForm(mnemonic: mnemonic, map: map, opcode: opcode, prefix: prefix, modrm: modrm,
                                    twoOperand: twoOperand, only128: only128, legacyOnly: legacyOnly))
        }
        for (suffix, prefix) in [("ps", UInt8?.none), ("pd", 0x66)] {
            add("movu" + suffix, .map0F, 0x10, prefix: prefix, twoOperand: true)
            add("movu" + suffix, .map0F, 0x11, prefix: prefix, twoOperand: true)
            add("mova" + suffix, .map0F, 0x28, prefix: prefix, twoOperand: true)
            add("mova" + suffix, .map0F, 0x29, prefix: prefix, twoOperand: true)
            add("movnt" + suffix, .map0F, 0x2B, prefix: prefix, modrm: .memory, twoOperand: true)
            add("movl" + suffix, .map0F, 0x12, prefix: prefix, modrm: .memory, only128: true)
            add("movl" + suffix, .map0F, 0x13, prefix: prefix, modrm: .memory, twoOperand: true, only128: true)
            add("movh" + suffix, .map0F, 0x16, prefix: prefix, modrm: .memory, only128: true)
            add("movh" + suffix, .map0F, 0x17, prefix: prefix, modrm: .memory, twoOperand: true, only128: true)
            add("movmsk" + suffix, .map0F, 0x50, prefix: prefix, modrm: .register, twoOperand: true)
            for (name, opcode) in [("and", UInt8(0x54)), ("andn", 0x55), ("or", 0x56), ("xor", 0x57)] {
                add(name + suffix, .map0F, opcode, prefix: prefix)
            }
            add("shuf" + suffix, .map0F, 0xC6, prefix: prefix)
        }
        add("movhlps", .map0F, 0x12, modrm: .register, only128: true)
        add("movlhps", .map0F, 0x16, modrm: .register, only128: true)
        for (name, prefix) in [("movss", UInt8(0xF3)), ("movsd", 0xF2)] {
            add(name, .map0F, 0x10, prefix: prefix, modrm: .register)
            add(name, .map0F, 0x11, prefix: prefix, modrm: .register)
            add(name, .map0F, 0x10, prefix: prefix, modrm: .memory, twoOperand: true)
            add(name, .map0F, 0x11, prefix: prefix, modrm: .memory, twoOperand: true)
        }
        add("blendps", .map0F3A, 0x0C, prefix: 0x66)
        add("blendpd", .map0F3A, 0x0D, prefix: 0x66)
        add("blendvps", .map0F38, 0x14, prefix: 0x66, legacyOnly: true)
        add("blendvpd", .map0F38, 0x15, prefix: 0x66, legacyOnly: true)
        return forms
    }()

    /// AVX2 instructions without an SSE counterpart.
    static let avx2Only: [OpcodeForm] = [
        .vex("vpbroadcastb", map: .map0F38, 0x78, w: false, usesVVVV: false),
        .vex("vpbroadcastw", map: .map0F38, 0x79, w: false, usesVVVV: false),
        .vex("vpbroadcastd", map: .map0F38, 0x58, w: false, usesVVVV: false),
        .vex("vpbroadcastq", map: .map0F38, 0x59, w: false, usesVVVV: false),
        .vex("vpermd", map: .map0F38, 0x36, w: false, l: 1),
        .vex("vpermq", map: .map0F3A, 0x00, w: true, l: 1, usesVVVV: false),
        .vex("vperm2i128", map: .map0F3A, 0x46, w: false, l: 1),
        .vex("vpblendd", map: .map0F3A, 0x02, w: false),
        .vex("vinserti128", map: .map0F3A, 0x38, w: false, l: 1),
        .vex("vextracti128", map: .map0F3A, 0x39, w: false, l: 1, usesVVVV: false),
        .vex("vpsrlvd", map: .map0F38, 0x45, w: false), .vex("vpsrlvq", map: .map0F38, 0x45, w: true),
        .vex("vpsravd", map: .map0F38, 0x46, w: false),
        .vex("vpsllvd", map: .map0F38, 0x47, w: false), .vex("vpsllvq", map: .map0F38, 0x47, w: true),
        .vex("vpmaskmovd", map: .map0F38, 0x8C, modrm: .memory, w: false),
        .vex("vpmaskmovq", map: .map0F38, 0x8C, modrm: .memory, w: true),
        .vex("vpblendvb", map: .map0F3A, 0x4C, w: false),
        .vex("vblendvps", map: .map0F3A, 0x4A, w: false),
        .vex("vblendvpd", map: .map0F3A, 0x4B, w: false),
    ]
}
