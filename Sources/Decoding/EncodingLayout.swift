import X86

/// The prefixes, opcode map and opcode of an encoding, read from its bytes rather than from
/// Capstone, whose prefix summary folds repeats and has no VEX fields.
///
/// 64-bit mode rules: any number of legacy prefixes; a REX counts only when it is the last
/// prefix before the opcode (one followed by a legacy prefix or another REX is ignored); C4,
/// C5 and 62 always start VEX3, VEX2 and EVEX; 8F starts XOP when its map select is 8 or more.
struct EncodingLayout {
    var prefixes: Prefixes
    var map: OpcodeMap
    var opcode: UInt8
    /// Offset of the opcode byte (for 3DNow!, of the second 0F: its opcode is the last byte).
    var opcodeOffset: Int
    /// The W bit of VEX, XOP or EVEX, or REX.W: a 64-bit operand for the instructions it sizes.
    var w: Bool { prefixes.vex?.w ?? (prefixes.evex ? evexW : prefixes.rexW) }
    private var evexW = false

    /// Reads `bytes`, which must be exactly one decoded instruction; nil if they end early.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        var prefixes = Prefixes()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if EncodingLayout.isLegacyPrefix(byte) {
                prefixes.legacy.append(byte)
                prefixes.rex = nil
            } else if byte & 0xF0 == 0x40 {
                prefixes.rex = byte
            } else {
                break
            }
            index += 1
        }
        guard index < bytes.count else { return nil }
        EncodingLayout.summarize(&prefixes)

        let lead = bytes[index]
        let remaining = bytes.count - index
        switch lead {
        case 0xC5 where remaining >= 3:
            let fields = bytes[index + 1]
            prefixes.vex = VEX(byteCount: 2, w: false, l: Int(fields >> 2) & 1, vvvv: Int(~fields >> 3) & 0xF,
                               pp: Int(fields) & 3, mmmmm: 1)
            self.init(prefixes: prefixes, map: .map0F, opcode: bytes[index + 2], opcodeOffset: index + 2)
        case 0xC4 where remaining >= 4, 0x8F where remaining >= 4 && bytes[index + 1] & 0x1F >= 8:
            let select = Int(bytes[index + 1]) & 0x1F
            let fields = bytes[index + 2]
            prefixes.vex = VEX(byteCount: 3, w: fields & 0x80 != 0, l: Int(fields >> 2) & 1,
                               vvvv: Int(~fields >> 3) & 0xF, pp: Int(fields) & 3, mmmmm: select)
            guard let map = EncodingLayout.map(select: select, xop: lead == 0x8F) else { return nil }
            self.init(prefixes: prefixes, map: map, opcode: bytes[index + 3], opcodeOffset: index + 3)
        case 0x62 where remaining >= 5:
            prefixes.evex = true
            guard let map = EncodingLayout.map(select: Int(bytes[index + 1]) & 0x3, xop: false) else { return nil }
            self.init(prefixes: prefixes, map: map, opcode: bytes[index + 4], opcodeOffset: index + 4)
            evexW = bytes[index + 2] & 0x80 != 0
        case 0x0F where remaining >= 2:
            switch bytes[index + 1] {
            case 0x38 where remaining >= 3:
                self.init(prefixes: prefixes, map: .map0F38, opcode: bytes[index + 2], opcodeOffset: index + 2)
            case 0x3A where remaining >= 3:
                self.init(prefixes: prefixes, map: .map0F3A, opcode: bytes[index + 2], opcodeOffset: index + 2)
            case 0x0F:
                self.init(prefixes: prefixes, map: .amd3DNow, opcode: bytes[bytes.count - 1], opcodeOffset: index + 1)
            default:
                self.init(prefixes: prefixes, map: .map0F, opcode: bytes[index + 1], opcodeOffset: index + 1)
            }
        case 0xC4, 0xC5, 0x62, 0x0F:
            return nil
        default:
            self.init(prefixes: prefixes, map: .oneByte, opcode: lead, opcodeOffset: index)
        }
    }

    private init(prefixes: Prefixes, map: OpcodeMap, opcode: UInt8, opcodeOffset: Int) {
        self.prefixes = prefixes
        self.map = map
        self.opcode = opcode
        self.opcodeOffset = opcodeOffset
    }

    static func isLegacyPrefix(_ byte: UInt8) -> Bool {
        switch byte {
        case 0xF0, 0xF2, 0xF3, 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67: true
        default: false
        }
    }

    /// Fills the flags that follow from the legacy bytes: the last of F2/F3 and the last segment
    /// override win, as on the CPU.
    private static func summarize(_ prefixes: inout Prefixes) {
        for byte in prefixes.legacy {
            switch byte {
            case 0xF0: prefixes.lock = true
            case 0xF2: prefixes.repne = true; prefixes.rep = false
            case 0xF3: prefixes.rep = true; prefixes.repne = false
            case 0x66: prefixes.operandSizeOverride = true
            case 0x67: prefixes.addressSizeOverride = true
            case 0x26: prefixes.segment = .es
            case 0x2E: prefixes.segment = .cs
            case 0x36: prefixes.segment = .ss
            case 0x3E: prefixes.segment = .ds
            case 0x64: prefixes.segment = .fs
            case 0x65: prefixes.segment = .gs
            default: break
            }
        }
    }

    private static func map(select: Int, xop: Bool) -> OpcodeMap? {
        switch (select, xop) {
        case (1, false): .map0F
        case (2, false): .map0F38
        case (3, false): .map0F3A
        case (8, true): .xop8
        case (9, true): .xop9
        case (10, true): .xopA
        default: nil
        }
    }
}
