import Forms
import X86

/// Writes the pieces of one encoding in order (prefixes, REX or VEX/EVEX, escape, opcode,
/// ModRM, SIB, displacement, immediate bytes) and records each in `features`.
struct EncodingWriter {
    let weights: GeneratorWeights
    var random: Xoshiro256StarStar
    var features = EncodingFeatures(kind: .legacy, source: .random, map: .oneByte, opcode: 0)

    init(weights: GeneratorWeights, random: Xoshiro256StarStar) {
        self.weights = weights
        self.random = random
    }

    // MARK: Legacy encodings

    /// A legacy form: random prefixes, its mandatory prefix, REX (with the W it needs), escape,
    /// opcode and ModRM as the form allows.
    mutating func writeLegacy(form: OpcodeForm, into bytes: inout [UInt8]) {
        features = EncodingFeatures(kind: .legacy, source: .knownForm, map: form.map, opcode: form.opcode)
        writeLegacyPrefixes(mandatory: form.prefix, into: &bytes)
        writeREX(w: form.w, into: &bytes)
        writeEscape(form.map, into: &bytes)
        bytes.append(form.opcode)
        writeModRM(form.modrm, reg: form.reg, into: &bytes)
    }

    /// A random opcode of a legacy map (in the sparse 0F38 and 0F3A maps mostly one a family
    /// uses). In the 0F maps a mandatory prefix is likely, since it selects the XMM forms; a
    /// 3DNow! opcode is the suffix byte after ModRM and displacement.
    mutating func writeRandomLegacy(map: OpcodeMap, known: KnownOpcodes, into bytes: inout [UInt8]) {
        let opcode: UInt8 = switch map {
        case .oneByte: OpcodeTables.randomOneByteOpcodes[random.below(OpcodeTables.randomOneByteOpcodes.count)]
        case .map0F: OpcodeTables.randomMap0FOpcodes[random.below(OpcodeTables.randomMap0FOpcodes.count)]
        case .map0F38: pickOpcode(known.legacy0F38)
        case .map0F3A: pickOpcode(known.legacy0F3A)
        case .amd3DNow: OpcodeTables.amd3DNowSuffixes[random.below(OpcodeTables.amd3DNowSuffixes.count)]
        case .xop8, .xop9, .xopA: random.byte()
        }
        features = EncodingFeatures(kind: .legacy, source: .random, map: map, opcode: opcode)
        let mandatory = (map == .oneByte || map == .amd3DNow) ? nil : EncodingWriter.mandatoryChoice.pick(&random)
        writeLegacyPrefixes(mandatory: mandatory, into: &bytes)
        writeREX(w: nil, into: &bytes)
        writeEscape(map, into: &bytes)
        if map != .amd3DNow { bytes.append(opcode) }
        writeModRM(OpcodeTables.hasModRM(map: map, opcode: opcode) ? .any : .none, reg: nil, into: &bytes)
        if map == .amd3DNow { bytes.append(opcode) }
    }

    /// Random legacy prefixes (sometimes repeated), then the mandatory one, and sometimes a REX
    /// slipped in before one of them, where the CPU ignores it.
    private mutating func writeLegacyPrefixes(mandatory: UInt8?, into bytes: inout [UInt8]) {
        let start = bytes.count
        if random.chance(weights.legacyPrefix) {
            var count = 1
            while count < 4 && random.chance(weights.anotherPrefix) { count += 1 }
            for _ in 0..<count {
                let prefix = EncodingWriter.prefixChoice.pick(&random)
                writePrefix(prefix, into: &bytes)
                if random.chance(weights.repeatedPrefix) {
                    writePrefix(prefix, into: &bytes)
                    features.prefixes.insert(.repeated)
                }
            }
        }
        if let mandatory {
            bytes.append(mandatory)
            features.prefixes.insert(.mandatory)
        }
        if random.chance(weights.misplacedRex) {
            if bytes.count == start {
                writePrefix(EncodingWriter.nullSegments[random.below(EncodingWriter.nullSegments.count)], into: &bytes)
            }
            bytes.insert(0x40 | UInt8(random.below(16)), at: start + random.below(bytes.count - start))
            features.prefixes.insert(.misplacedRex)
        }
    }

    private mutating func writePrefix(_ prefix: UInt8, into bytes: inout [UInt8]) {
        bytes.append(prefix)
        switch prefix {
        case 0xF0: features.prefixes.insert(.lock)
        case 0xF2: features.prefixes.insert(.repne)
        case 0xF3: features.prefixes.insert(.rep)
        case 0x66: features.prefixes.insert(.operandSize)
        case 0x67: features.prefixes.insert(.addressSize)
        default:
            features.prefixes.insert(.segment)
            if let index = EncodingWriter.segmentPrefixes.firstIndex(of: prefix) {
                features.segmentOverrides |= 1 << UInt8(index)
            }
        }
    }

    /// A REX byte with random R, X, B; present when W must be set, otherwise by chance.
    private mutating func writeREX(w: Bool?, into bytes: inout [UInt8]) {
        guard w == true || random.chance(weights.rex) else { return }
        var rex = 0x40 | UInt8(random.below(16))
        if let w { rex = w ? rex | 0x08 : rex & ~0x08 }
        bytes.append(rex)
        features.prefixes.insert(.rex)
    }

    private func writeEscape(_ map: OpcodeMap, into bytes: inout [UInt8]) {
        switch map {
        case .map0F: bytes.append(0x0F)
        case .map0F38: bytes.append(contentsOf: [0x0F, 0x38])
        case .map0F3A: bytes.append(contentsOf: [0x0F, 0x3A])
        case .amd3DNow: bytes.append(contentsOf: [0x0F, 0x0F])
        case .oneByte, .xop8, .xop9, .xopA: break
        }
    }

    // MARK: VEX and EVEX encodings

    /// A VEX form: `pp` from its mandatory prefix, L and W as it requires or random, vvvv random
    /// where it is an operand; the two-byte form when it can express the fields and chance allows.
    mutating func writeVEX(form: OpcodeForm, into bytes: inout [UInt8]) {
        let mapSelect = EncodingWriter.mapSelect(of: form.map)
        let w = form.w ?? random.chance(50)
        let twoByte = mapSelect == 1 && !w && !random.chance(weights.vex3)
        features = EncodingFeatures(kind: twoByte ? .vex2 : .vex3, source: .knownForm, map: form.map, opcode: form.opcode)
        writeVEXPrefix(twoByte: twoByte, mapSelect: mapSelect, w: w,
                       vvvv: form.usesVVVV ? random.below(16) : 0, l: form.vexL ?? random.below(2),
                       pp: EncodingWriter.pp(of: form.prefix), into: &bytes)
        bytes.append(form.opcode)
        writeModRM(form.modrm, reg: form.reg, into: &bytes)
    }

    /// A VEX prefix with random fields (every L, pp and, for VEX3, map select including the
    /// reserved ones), mostly followed by an opcode a known VEX form uses in that map.
    mutating func writeRandomVEX(known: KnownOpcodes, into bytes: inout [UInt8]) {
        let twoByte = !random.chance(weights.vex3)
        var mapSelect = 1
        if !twoByte {
            mapSelect = random.chance(weights.reservedVEXMap)
                ? EncodingWriter.reservedVEXMapSelects[random.below(EncodingWriter.reservedVEXMapSelects.count)]
                : 1 + random.below(3)
        }
        let opcode = mapSelect <= 3 ? pickOpcode(known.vex[mapSelect]) : random.byte()
        features = EncodingFeatures(kind: twoByte ? .vex2 : .vex3, source: .random,
                                    map: EncodingWriter.map(ofSelect: mapSelect), opcode: opcode)
        writeVEXPrefix(twoByte: twoByte, mapSelect: mapSelect, w: !twoByte && random.chance(50),
                       vvvv: random.chance(50) ? 0 : random.below(16), l: random.below(2), pp: random.below(4),
                       into: &bytes)
        bytes.append(opcode)
        if !(mapSelect == 1 && opcode == 0x77) { writeModRM(.any, reg: nil, into: &bytes) }
    }

    /// An EVEX prefix (62), its reserved bits right, mostly carrying the opcode, pp and W of an
    /// avx form, otherwise random; masking, zeroing and broadcast are mostly off so that Capstone
    /// decodes it. EVEX is its own class: the filter rejects it while the VM cannot run AVX-512.
    mutating func writeEVEX(known: KnownOpcodes, into bytes: inout [UInt8]) {
        var mapSelect = random.chance(95) ? 1 + random.below(3) : 0
        var opcode = random.byte()
        var pp = random.below(4)
        var w = random.chance(50)
        var usesVVVV = true
        if random.chance(weights.knownOpcode) {
            let form = known.evexCandidates[random.below(known.evexCandidates.count)]
            mapSelect = EncodingWriter.mapSelect(of: form.map)
            opcode = form.opcode
            pp = EncodingWriter.pp(of: form.prefix)
            w = form.w ?? w
            usesVVVV = form.usesVVVV
        }
        let vectorLength = random.chance(90) ? random.below(3) : 3
        features = EncodingFeatures(kind: .evex, source: .random, map: EncodingWriter.map(ofSelect: mapSelect), opcode: opcode)
        writePrefixesBeforeVEX(into: &bytes)
        let vvvv = usesVVVV ? random.below(16) : 0
        let zeroing: UInt8 = random.chance(10) ? 0x80 : 0
        let broadcast: UInt8 = random.chance(10) ? 0x10 : 0
        bytes.append(0x62)
        bytes.append(UInt8(random.below(16)) << 4 | UInt8(mapSelect))
        bytes.append((w ? 0x80 : 0) | UInt8(~vvvv & 0xF) << 3 | 0x04 | UInt8(pp))
        bytes.append(zeroing | UInt8(vectorLength) << 5 | broadcast | 0x08 | UInt8(random.below(8)))
        features.mapSelect = mapSelect
        features.vectorLength = vectorLength
        features.pp = pp
        bytes.append(opcode)
        writeModRM(.any, reg: nil, into: &bytes)
    }

    /// One of `opcodes` by the known-opcode chance (when there are any), otherwise any byte.
    private mutating func pickOpcode(_ opcodes: [UInt8]) -> UInt8 {
        guard !opcodes.isEmpty, random.chance(weights.knownOpcode) else { return random.byte() }
        return opcodes[random.below(opcodes.count)]
    }

    /// C5 or C4 with the inverted fields inverted. `vvvv` is the register number (0-15).
    private mutating func writeVEXPrefix(twoByte: Bool, mapSelect: Int, w: Bool, vvvv: Int, l: Int, pp: Int,
                                         into bytes: inout [UInt8]) {
        writePrefixesBeforeVEX(into: &bytes)
        let extensions = UInt8(random.below(8))
        let tail = UInt8(~vvvv & 0xF) << 3 | UInt8(l) << 2 | UInt8(pp)
        if twoByte {
            bytes.append(0xC5)
            bytes.append((~extensions & 0x4) << 5 | tail)
        } else {
            bytes.append(0xC4)
            bytes.append((~extensions & 0x7) << 5 | UInt8(mapSelect))
            bytes.append((w ? 0x80 : 0) | tail)
        }
        features.mapSelect = mapSelect
        features.vectorLength = l
        features.pp = pp
    }

    /// Prefixes that may precede VEX/EVEX (segment overrides, 67) by the usual chance, and
    /// rarely one that makes it #UD (66, F2, F3, F0, REX).
    private mutating func writePrefixesBeforeVEX(into bytes: inout [UInt8]) {
        if random.chance(weights.legacyPrefix) {
            writePrefix(EncodingWriter.vexCompatiblePrefixes[random.below(EncodingWriter.vexCompatiblePrefixes.count)], into: &bytes)
        }
        if random.chance(weights.prefixBeforeVEX) {
            let choice = random.below(5)
            bytes.append(choice == 4 ? 0x40 | UInt8(random.below(16)) : [0x66, 0xF2, 0xF3, 0xF0][choice])
            features.prefixes.insert(.beforeVEX)
        }
    }

    // MARK: ModRM, SIB, displacement, immediates

    /// ModRM as `use` allows, with the `/digit` in reg when given, then SIB and displacement as
    /// mod and rm call for.
    private mutating func writeModRM(_ use: OpcodeForm.ModRMUse, reg: UInt8?, into bytes: inout [UInt8]) {
        let mod: UInt8
        switch use {
        case .none: return
        case .fixed(let byte):
            bytes.append(byte)
            features.modrm = byte
            return
        case .register: mod = 3
        case .memory: mod = UInt8(random.below(3))
        case .any: mod = UInt8(random.below(4))
        }
        let rm = UInt8(random.below(8))
        let modrm = mod << 6 | (reg ?? UInt8(random.below(8))) << 3 | rm
        bytes.append(modrm)
        features.modrm = modrm
        guard mod != 3 else { return }
        if rm == 4 {
            let sib = random.byte()
            bytes.append(sib)
            features.sib = sib
            if mod == 0 && sib & 7 == 5 { writeDisplacement32(.absolute, into: &bytes) }
        } else if mod == 0 && rm == 5 {
            writeDisplacement32(.ripRelative, into: &bytes)
        }
        if mod == 1 { writeDisplacement8(into: &bytes) }
        if mod == 2 { writeDisplacement32(.baseRelative, into: &bytes) }
    }

    private enum DisplacementUse { case baseRelative, absolute, ripRelative }

    /// Small offsets (the randomizer points base registers into the data window), zero, the
    /// sign boundary, or any byte.
    private mutating func writeDisplacement8(into bytes: inout [UInt8]) {
        let value: Int8 = switch random.below(4) {
        case 0: Int8(random.below(17) - 8)
        case 1: [0, 1, -1, 127, -128][random.below(5)]
        default: Int8(truncatingIfNeeded: random.byte())
        }
        bytes.append(UInt8(bitPattern: value))
    }

    /// Absolute and RIP-relative displacements mostly point into the data window; the rest are
    /// small, random or extreme.
    private mutating func writeDisplacement32(_ use: DisplacementUse, into bytes: inout [UInt8]) {
        let windowAddress = Int64(GuestLayout.dataBase) + Int64(random.below(Int(GuestLayout.dataSize)))
        let draw = random.below(10)
        let value: Int64
        if use == .ripRelative && draw < 6 {
            value = windowAddress - Int64(GuestLayout.codeAddress) - 8
        } else if use == .absolute && draw < 6 {
            value = windowAddress
        } else if draw < 5 {
            value = Int64(random.below(513)) - 256
        } else if draw < 8 {
            value = Int64(Int32(truncatingIfNeeded: random.next()))
        } else {
            value = [0x7FFF_FFFF, -0x8000_0000, -1, 0x1000][random.below(4)]
        }
        let bits = UInt32(truncatingIfNeeded: value)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> shift)) }
    }

    /// Fills the encoding up to 15 bytes. Whatever the instruction reads of these is its
    /// immediate (or the next opcode byte of a random one), so one style per case gives
    /// interesting values: all zeros, all ones, a small count, a sign boundary, or random.
    mutating func fillTail(_ bytes: inout [UInt8]) {
        if bytes.count > EncodingGenerator.maximumLength {
            bytes.removeLast(bytes.count - EncodingGenerator.maximumLength)
        }
        let style = random.below(8)
        var first = true
        while bytes.count < EncodingGenerator.maximumLength {
            let byte: UInt8 = switch style {
            case 0: 0x00
            case 1: 0xFF
            case 2: first ? UInt8(random.below(65)) : 0x00
            case 3: first ? [0x7F, 0x80, 0x1F, 0x20, 0x3F, 0x40][random.below(6)] : [0x00, 0xFF, 0x7F, 0x80][random.below(4)]
            default: random.byte()
            }
            bytes.append(byte)
            first = false
        }
    }

    // MARK: Tables

    /// Legacy prefixes with their weights: 66 most, then F3, F2, 67, the segments, LOCK (which
    /// Capstone refuses, like the CPU, on all but a few memory-destination instructions).
    private static let prefixChoice = WeightedChoice<UInt8>([
        (0x66, 28), (0xF3, 12), (0xF2, 12), (0xF0, 5), (0x67, 10),
        (0x26, 5), (0x2E, 5), (0x36, 5), (0x3E, 5), (0x64, 5), (0x65, 5),
    ])

    /// The mandatory prefix of a random 0F, 0F38 or 0F3A opcode: none, 66, F3, F2.
    private static let mandatoryChoice = WeightedChoice<UInt8?>([(nil, 40), (0x66, 40), (0xF3, 10), (0xF2, 10)])

    /// Segment-override bytes in `SegmentRegister` order: ES, CS, SS, DS, FS, GS.
    private static let segmentPrefixes: [UInt8] = [0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65]

    /// Segment overrides that 64-bit mode ignores for most instructions.
    private static let nullSegments: [UInt8] = [0x26, 0x2E, 0x36, 0x3E]

    private static let vexCompatiblePrefixes: [UInt8] = [0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x67]

    /// VEX3 map selects that name no map (0, 4-31).
    private static let reservedVEXMapSelects: [Int] = [0] + Array(4...31)

    private static func mapSelect(of map: OpcodeMap) -> Int {
        switch map {
        case .map0F38: 2
        case .map0F3A: 3
        default: 1
        }
    }

    private static func map(ofSelect select: Int) -> OpcodeMap? {
        switch select {
        case 1: .map0F
        case 2: .map0F38
        case 3: .map0F3A
        default: nil
        }
    }

    /// VEX `pp` for a mandatory prefix: none 0, 66 1, F3 2, F2 3.
    private static func pp(of prefix: UInt8?) -> Int {
        switch prefix {
        case 0x66: 1
        case 0xF3: 2
        case 0xF2: 3
        default: 0
        }
    }
}
