import X86

/// The opcode space `hunt` walks, map by map, as sandsifter does: every opcode under every
/// mandatory prefix and REX.W (VEX: every L, W and pp), followed by each ModRM class. The bytes
/// after ModRM are zeros (a zero displacement or immediate).
public enum HuntMap: String, Sendable, CaseIterable {
    case oneByte = "1byte"
    case map0F = "0f"
    case map0F38 = "0f38"
    case map0F3A = "0f3a"
    case vex

    /// One opcode under one prefix combination: the bytes before ModRM, and the ModRM bytes to try.
    public struct Opcode: Sendable, Hashable {
        /// Prefixes, escape bytes or VEX prefix, and the opcode.
        public var lead: [UInt8]

        /// The encoding with `modrm` after the lead, padded with zeros to 15 bytes.
        public func encoding(modrm: UInt8) -> [UInt8] {
            lead + [modrm] + [UInt8](repeating: 0, count: 14 - lead.count)
        }
    }

    /// The ModRM classes: each reg value with a register operand (mod 3, rm 0) and with a memory
    /// operand through RSI (mod 0, rm 6: no SIB, no displacement).
    public static let modrmClasses: [UInt8] = (0..<8).flatMap { reg in [0xC0 | reg << 3, 0x06 | reg << 3] }

    /// Legacy prefix combinations: none, 66, F3, F2, each without and with REX.W.
    static let legacyPrefixes: [[UInt8]] = [[], [0x66], [0xF3], [0xF2]].flatMap { [$0, $0 + [0x48]] }

    /// Bytes that are prefixes or the 0F escape in 64-bit mode: not opcodes of the one-byte map.
    static func isPrefixOrEscape(_ byte: UInt8) -> Bool {
        [0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3, 0x0F].contains(byte) || byte & 0xF0 == 0x40
    }

    /// Every opcode of the map under every prefix combination, in a fixed order.
    public var opcodes: [Opcode] {
        switch self {
        case .oneByte: return legacy(escape: [], opcodes: (0...255).filter { !Self.isPrefixOrEscape(UInt8($0)) })
        case .map0F: return legacy(escape: [0x0F], opcodes: (0...255).filter { $0 != 0x38 && $0 != 0x3A })
        case .map0F38: return legacy(escape: [0x0F, 0x38], opcodes: Array(0...255))
        case .map0F3A: return legacy(escape: [0x0F, 0x3A], opcodes: Array(0...255))
        case .vex:
            // C4, RXB = 111 (inverted) and the map; W, vvvv = 1111 (inverted), L, pp.
            return (1...3).flatMap { select in
                (0...255).flatMap { opcode in
                    (0..<16).map { fields in
                        let w = UInt8(fields >> 3), l = UInt8(fields >> 2) & 1, pp = UInt8(fields) & 3
                        return Opcode(lead: [0xC4, 0xE0 | UInt8(select), w << 7 | 0x78 | l << 2 | pp, UInt8(opcode)])
                    }
                }
            }
        }
    }

    private func legacy(escape: [UInt8], opcodes: [Int]) -> [Opcode] {
        opcodes.flatMap { opcode in Self.legacyPrefixes.map { Opcode(lead: $0 + escape + [UInt8(opcode)]) } }
    }
}
