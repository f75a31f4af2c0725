import X86

/// One way of encoding one mnemonic: the map, opcode and the constraints on ModRM, prefixes and
/// VEX fields that select it. The forms table (`FormTable`) gives each form in a short notation
/// (`OpcodeForm.init(mnemonic:notation:)`); the generator lays encodings out from it.
public struct OpcodeForm: Sendable, Hashable {
    /// Legacy (optional prefixes, REX, escape bytes) or VEX-encoded.
    public enum Encoding: Sendable, Hashable {
        case legacy, vex
    }

    /// What the ModRM byte may be.
    public enum ModRMUse: Sendable, Hashable {
        /// The opcode has no ModRM byte.
        case none
        /// Any mod: register or memory operand.
        case any
        /// mod = 3 only (a register operand).
        case register
        /// mod = 0 to 2 only (a memory operand).
        case memory
        /// Exactly this byte, as in `0F 01 F8` (`swapgs`).
        case fixed(UInt8)
    }

    /// Capstone's mnemonic for what this form decodes to (`add`, `cmovne`, `vpaddd`).
    public var mnemonic: String
    public var encoding: Encoding
    public var map: OpcodeMap
    public var opcode: UInt8
    public var modrm: ModRMUse
    /// The ModRM.reg opcode extension (`/digit`), if the form has one.
    public var reg: UInt8?
    /// The prefix that selects the form: mandatory 66, F2 or F3 (for VEX it becomes `pp`), or 67
    /// where the address size picks the mnemonic (`jecxz`).
    public var prefix: UInt8?
    /// REX.W (legacy) or VEX.W required set or clear; nil where either is fine.
    public var w: Bool?
    /// VEX.L required (0 or 1); nil where either is fine.
    public var vexL: Int?
    /// False where VEX.vvvv must be 1111b because the form has no extra register operand.
    public var usesVVVV: Bool
    /// The other mnemonics Capstone decodes the form to: `cmpltps` for `cmpps` with immediate 1,
    /// `vcvtpd2psx` for the memory form of `vcvtpd2ps` at VEX.128.
    public var aliases: [String] = []

    /// A form; the defaults describe a legacy one-byte opcode with no constraints.
    public init(mnemonic: String, encoding: Encoding = .legacy, map: OpcodeMap = .oneByte, opcode: UInt8,
                modrm: ModRMUse, reg: UInt8? = nil, prefix: UInt8? = nil, w: Bool? = nil, vexL: Int? = nil,
                usesVVVV: Bool = true) {
        self.mnemonic = mnemonic
        self.encoding = encoding
        self.map = map
        self.opcode = opcode
        self.modrm = modrm
        self.reg = reg
        self.prefix = prefix
        self.w = w
        self.vexL = vexL
        self.usesVVVV = usesVVVV
    }

    /// True when Capstone's `mnemonic` names this form: its own mnemonic or an alias.
    public func decodes(as mnemonic: String) -> Bool {
        mnemonic == self.mnemonic || aliases.contains(mnemonic)
    }

    /// The ModRM.reg value this form pins down: its `/digit`, or the reg field of a fixed byte.
    public var requiredReg: UInt8? {
        if case .fixed(let byte) = modrm { return (byte >> 3) & 7 }
        return reg
    }
}

extension OpcodeForm {
    /// A form of `mnemonic` written in the table's notation, after the Intel SDM's opcode column:
    /// `[66|F2|F3|67] [REX.W0|REX.W1] [0F|0F38|0F3A] OP [/r|/digit] [reg|mem]` for legacy forms
    /// (`66 0F 38 01 /r`, `REX.W1 0F C7 /1 mem`), `VEX.[NDS.]L.pp.map.W OP ...` for VEX ones,
    /// with L one of 128, 256 or L (both), pp one of NP 66 F3 F2, W one of W0, W1 or W* (either),
    /// and NDS where VEX.vvvv names an operand; `ModRM=F8` pins the whole ModRM byte.
    public init(mnemonic: String, notation: String) throws(NotationError) {
        var words = notation.split(separator: " ").map(String.init)[...]
        func fail(_ why: String) -> NotationError { NotationError(notation: notation, problem: why) }
        self.init(mnemonic: mnemonic, opcode: 0, modrm: .none)
        if let first = words.first, first.hasPrefix("VEX.") {
            words.removeFirst()
            var fields = first.split(separator: ".").map(String.init).dropFirst()[...]
            encoding = .vex
            usesVVVV = fields.first == "NDS"
            if usesVVVV { fields.removeFirst() }
            guard fields.count == 4 else { throw fail("a VEX form needs L.pp.map.W") }
            let (length, pp, map, w) = (fields[fields.startIndex], fields[fields.startIndex + 1],
                                        fields[fields.startIndex + 2], fields[fields.startIndex + 3])
            switch length {
            case "128": vexL = 0
            case "256": vexL = 1
            case "L": vexL = nil
            default: throw fail("VEX length \(length) is not 128, 256 or L")
            }
            switch pp {
            case "NP": prefix = nil
            case "66", "F3", "F2": prefix = UInt8(pp, radix: 16)
            default: throw fail("VEX pp \(pp) is not NP, 66, F3 or F2")
            }
            guard let vexMap = Self.maps[map], vexMap != .oneByte else { throw fail("VEX map \(map) is not 0F, 0F38 or 0F3A") }
            self.map = vexMap
            switch w {
            case "W0": self.w = false
            case "W1": self.w = true
            case "W*": self.w = nil
            default: throw fail("VEX.W \(w) is not W0, W1 or W*")
            }
        } else {
            if let first = words.first, ["66", "F2", "F3", "67"].contains(first) {
                prefix = UInt8(first, radix: 16)
                words.removeFirst()
            }
            if let first = words.first, first == "REX.W0" || first == "REX.W1" {
                w = first == "REX.W1"
                words.removeFirst()
            }
            if let first = words.first, let legacyMap = Self.maps[first], legacyMap != .oneByte {
                map = legacyMap
                words.removeFirst()
            }
        }
        guard let opcodeWord = words.popFirst(), opcodeWord.count == 2, let value = UInt8(opcodeWord, radix: 16) else {
            throw fail("no two-digit opcode")
        }
        opcode = value
        if let word = words.popFirst() {
            if word.hasPrefix("ModRM="), let byte = UInt8(word.dropFirst(6), radix: 16), word.count == 8 {
                modrm = .fixed(byte)
            } else if word == "/r" {
                modrm = .any
            } else if word.count == 2, word.first == "/", let digit = UInt8(word.dropFirst()), digit < 8 {
                modrm = .any
                reg = digit
            } else {
                throw fail("\(word) is not /r, /0 to /7 or ModRM=XX")
            }
            switch words.popFirst() {
            case nil: break
            case "reg": modrm = .register
            case "mem": modrm = .memory
            case let other?: throw fail("\(other) is not reg or mem")
            }
        }
        guard words.isEmpty else { throw fail("\(words.joined(separator: " ")) is left over") }
    }

    /// The form in the table's notation; `init(mnemonic:notation:)` reads it back.
    public var notation: String {
        var words: [String] = []
        let mapName = Self.maps.first { $0.value == map }?.key ?? ""
        switch encoding {
        case .vex:
            let length = vexL.map { $0 == 0 ? "128" : "256" } ?? "L"
            let pp = prefix.map(Self.twoDigits) ?? "NP"
            let width = w.map { $0 ? "W1" : "W0" } ?? "W*"
            words.append((["VEX"] + (usesVVVV ? ["NDS"] : []) + [length, pp, mapName, width]).joined(separator: "."))
        case .legacy:
            if let prefix { words.append(Self.twoDigits(prefix)) }
            if let w { words.append(w ? "REX.W1" : "REX.W0") }
            if !mapName.isEmpty { words.append(mapName) }
        }
        words.append(Self.twoDigits(opcode))
        switch modrm {
        case .none: break
        case .fixed(let byte): words.append("ModRM=" + Self.twoDigits(byte))
        case .any, .register, .memory:
            words.append(reg.map { "/\($0)" } ?? "/r")
            if case .register = modrm { words.append("reg") }
            if case .memory = modrm { words.append("mem") }
        }
        return words.joined(separator: " ")
    }

    /// The plainest encoding of the form: mandatory prefix, REX.W or a three-byte VEX as
    /// required, a ModRM byte with a register (mod 3) or `[rax]` operand, and eight zero bytes
    /// for any displacement or immediate (a decoder reports the real length).
    public var plainestEncoding: [UInt8] { plainestEncoding(filler: 0) }

    /// `plainestEncoding` with `filler` for the displacement and immediate bytes.
    public func plainestEncoding(filler: UInt8) -> [UInt8] {
        var bytes: [UInt8] = []
        let reg = reg ?? 2
        switch encoding {
        case .legacy:
            if let prefix { bytes.append(prefix) }
            if w == true { bytes.append(0x48) }
            switch map {
            case .map0F: bytes += [0x0F]
            case .map0F38: bytes += [0x0F, 0x38]
            case .map0F3A: bytes += [0x0F, 0x3A]
            default: break
            }
        case .vex:
            let select: UInt8 = map == .map0F38 ? 2 : map == .map0F3A ? 3 : 1
            let pp: UInt8 = switch prefix {
            case 0x66: 1
            case 0xF3: 2
            case 0xF2: 3
            default: 0
            }
            let vvvv: UInt8 = usesVVVV ? 3 : 0
            bytes += [0xC4, 0xE0 | select, (w == true ? 0x80 : 0) | (~vvvv & 0xF) << 3 | UInt8(vexL ?? 0) << 2 | pp]
        }
        bytes.append(opcode)
        switch modrm {
        case .none: break
        case .fixed(let byte): bytes.append(byte)
        case .memory: bytes.append(reg << 3)
        case .any, .register: bytes.append(0xC1 | reg << 3)
        }
        return bytes + [UInt8](repeating: filler, count: 8)
    }

    /// The same form with a memory operand where it allows one (`plainestEncoding` then names
    /// `[rax]`), and at VEX.256 when `wide` and the form allows it.
    public func variant(memory: Bool, wide: Bool) -> OpcodeForm {
        var form = self
        if case .any = modrm { form.modrm = memory ? .memory : .register }
        if encoding == .vex && vexL == nil { form.vexL = wide ? 1 : 0 }
        return form
    }

    private static func twoDigits(_ byte: UInt8) -> String {
        (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }

    private static let maps: [String: OpcodeMap] = ["": .oneByte, "0F": .map0F, "0F38": .map0F38, "0F3A": .map0F3A]
}

/// A form's notation the table cannot read, and why.
public struct NotationError: Error, CustomStringConvertible, Sendable {
    public var notation: String
    public var problem: String
    public var description: String { "\(notation): \(problem)" }
}
