import Forms
import X86

/// What the model checks of one form of the forms table when a vector instruction runs: the
/// fields that select the form, and the VEX.L, VEX.W and VEX.vvvv values it allows. A plain
/// value, so that the hot path reads it without reference counting.
struct EncodingForm {
    var vex: Bool
    var map: OpcodeMap
    var opcode: UInt8
    /// The `/digit`, or `noDigit`.
    var reg: UInt8
    var allowsRegister: Bool
    var allowsMemory: Bool
    /// The mandatory prefix (VEX: implied by pp): 0, 0x66, 0xF3 or 0xF2.
    var prefix: UInt8
    /// REX.W or VEX.W: 0 or 1 required, -1 either.
    var w: Int8
    /// VEX.L: 0 or 1 required, -1 either.
    var l: Int8
    var usesVVVV: Bool
    var destination: UInt8
    /// An operand is an MM register (`always`), or is one unless ModRM names memory (`mm/m64`
    /// of CVTPI2PS): a form selects an instruction with an MM register only where it has one, and
    /// one without only where it may have none (Capstone 4 turns `67 REX.W 0F C5` into `pextrw
    /// r32, xmm` and loses a 66 behind segment prefixes, `66 2E 0F D7` as `pmovmskb r32, mm`).
    var mmx: MMXOperand
    /// The bytes of the memory operand the table names (`m32fp`: 4, `m80bcd`: 10), 0 for none:
    /// the x87 instructions take it from here (Capstone 4 gives FNSTSW m16 a doubleword).
    var memoryBytes: UInt8

    enum MMXOperand { case none, always, unlessMemory }

    static let noDigit: UInt8 = 0xFF

    init(_ form: Form) {
        let encoding = form.encoding
        vex = encoding.encoding == .vex
        map = encoding.map
        opcode = encoding.opcode
        reg = encoding.reg ?? Self.noDigit
        switch encoding.modrm {
        case .register: (allowsRegister, allowsMemory) = (true, false)
        case .memory: (allowsRegister, allowsMemory) = (false, true)
        case .any, .none, .fixed: (allowsRegister, allowsMemory) = (true, true)
        }
        prefix = encoding.prefix == 0x67 ? 0 : encoding.prefix ?? 0
        w = encoding.w.map { $0 ? 1 : 0 } ?? -1
        l = encoding.vexL.map(Int8.init) ?? -1
        usesVVVV = encoding.usesVVVV
        destination = form.destination.rawValue
        mmx = .none
        memoryBytes = 0
        for operand in form.operands.split(whereSeparator: { $0 == "," || $0 == "|" }) {
            for shape in operand.split(separator: "/") where memoryBytes == 0 {
                let word = shape.filter { $0 != " " }
                guard word.first == "m", let bits = Int(word.dropFirst().prefix { $0.isNumber }) else { continue }
                memoryBytes = UInt8(bits / 8)
            }
            let shapes = operand.split(separator: "/").map { $0.filter { $0 != " " } }
            guard shapes.contains("mm") else { continue }
            mmx = shapes.contains { $0.hasPrefix("m") && $0 != "mm" } && mmx != .always ? .unlessMemory : .always
        }
    }

    /// True when the form has this map, opcode and ModRM, its first operand may be of
    /// `destination`'s kind (0: the instruction has no operand, nor may the form), and it names an
    /// MM register exactly when the instruction does (`mmx`).
    @inline(__always)
    func selects(map: OpcodeMap, opcode: UInt8, modrm: UInt8, destination: UInt8, mmx: Bool) -> Bool {
        guard self.map == map, self.opcode == opcode,
              mmx ? self.mmx != .none : self.mmx == .none || (self.mmx == .unlessMemory && modrm >> 6 != 3),
              self.destination & destination != 0 || self.destination | destination == 0 else { return false }
        guard reg == Self.noDigit || reg == (modrm >> 3) & 7 else { return false }
        return modrm >> 6 == 3 ? allowsRegister : allowsMemory
    }

    /// True when the form allows this VEX prefix's L, W and vvvv (Intel SDM Vol. 2A, 2.3.6: a
    /// form without a vvvv operand needs 1111b).
    @inline(__always)
    func allows(_ vex: VEX) -> Bool {
        (l < 0 || Int(l) == vex.l) && (w < 0 || (w == 1) == vex.w) && (usesVVVV || vex.vvvv == 0)
    }
}

/// The table forms of one mnemonic, in a buffer built once and never freed.
struct EncodingForms: @unchecked Sendable {
    let forms: UnsafeBufferPointer<EncodingForm>

    static let none = EncodingForms([])

    init(_ forms: [EncodingForm]) {
        let buffer = UnsafeMutableBufferPointer<EncodingForm>.allocate(capacity: forms.count)
        _ = buffer.initialize(from: forms)
        self.forms = UnsafeBufferPointer(buffer)
    }

    /// The forms of each name Capstone gives them (mnemonics and aliases), from the forms table.
    static let byMnemonic: [String: EncodingForms] = {
        var forms: [String: [EncodingForm]] = [:]
        for form in FormTable.all {
            for name in [form.mnemonic] + form.encoding.aliases { forms[name, default: []].append(EncodingForm(form)) }
        }
        return forms.mapValues(EncodingForms.init)
    }()

    /// Bit 0: the table has a legacy form with mandatory F3 at this map and opcode; bit 1: with F2;
    /// bit 2: with 66. Indexed by map (0F, 0F38, 0F3A) times 256 plus the opcode.
    private static let mandatoryPrefixForms: [UInt8] = {
        var bits = [UInt8](repeating: 0, count: 3 * 256)
        for form in FormTable.all where form.encoding.encoding == .legacy {
            guard let index = index(form.encoding.map, form.encoding.opcode) else { continue }
            bits[index] |= prefixBit(form.encoding.prefix ?? 0)
        }
        return bits
    }()

    private static func prefixBit(_ prefix: UInt8) -> UInt8 {
        switch prefix {
        case 0xF3: 1
        case 0xF2: 2
        case 0x66: 4
        default: 0
        }
    }

    private static func index(_ map: OpcodeMap, _ opcode: UInt8) -> Int? {
        switch map {
        case .map0F: Int(opcode)
        case .map0F38: 256 + Int(opcode)
        case .map0F3A: 512 + Int(opcode)
        default: nil
        }
    }

    /// True when a legacy form of the table has mandatory prefix `prefix` (F3, F2 or 66) at this
    /// map and opcode; where none has, that prefix makes the opcode undefined (Intel SDM Vol. 2,
    /// Appendix A, Table A-3 leaves the cell empty; AMD APM Vol. 3, Appendix A).
    static func hasMandatoryPrefixForm(_ map: OpcodeMap, _ opcode: UInt8, prefix: UInt8) -> Bool {
        guard let index = index(map, opcode) else { return false }
        return mandatoryPrefixForms[index] & prefixBit(prefix) != 0
    }
}

extension ExecutionContext {
    /// Checks the instruction's encoding against its forms in the table: #UD for a VEX.L, VEX.W or
    /// VEX.vvvv no form allows, for a legacy F2 or F3 mandatory prefix that selects no form at the
    /// opcode, and for 66 where no form at the opcode has it (measured on Zen 4: `66 0F 52` and
    /// `66 0F 53` raise #UD); not modelled where the encoding selects a form the table gives another mnemonic
    /// than Capstone decoded, or none.
    func checkEncoding() throws(Fault) {
        let map = instruction.map, opcode = instruction.opcode, modrm = instruction.modrm ?? 0
        let destination = Self.kind(of: operands.first)
        if let vex = prefixes.vex {
            let pp: UInt8 = switch vex.pp {
            case 1: 0x66
            case 2: 0xF3
            case 3: 0xF2
            default: 0
            }
            var selected = false
            for form in encodingForms.forms where form.vex && form.prefix == pp
                && form.selects(map: map, opcode: opcode, modrm: modrm, destination: destination, mmx: isMMX) {
                if form.allows(vex) { return }
                selected = true
            }
            if selected { throw .invalidOpcode }
            throw .notModelled("\(instruction.text): no VEX form of the table has this encoding")
        }
        // The CPU takes the last F2 or F3 as the mandatory prefix, else 66 (measured: `F3 66 0F 6F`
        // is MOVDQU and `F2 66 0F FE` raises #UD, where Capstone 4 lets the later 66 win).
        let effective: UInt8 = prefixes.rep ? 0xF3 : prefixes.repne ? 0xF2 : prefixes.operandSizeOverride ? 0x66 : 0
        let rexW: Int8 = prefixes.rexW ? 1 : 0
        var selected = false
        for form in encodingForms.forms where !form.vex && (form.w < 0 || form.w == rexW)
            && form.selects(map: map, opcode: opcode, modrm: modrm, destination: destination, mmx: isMMX) {
            if form.prefix == effective { return }
            selected = true
        }
        if selected, !EncodingForms.hasMandatoryPrefixForm(map, opcode, prefix: effective),
           effective == 0xF3 || effective == 0xF2 || (effective == 0x66 && operands.contains(where: Self.isVectorRegister)) {
            throw .invalidOpcode
        }
        throw .notModelled("\(instruction.text) with a different mandatory prefix")
    }

    /// 66 selects a form only beside an XMM operand; elsewhere it is an operand-size prefix.
    private static func isVectorRegister(_ operand: Operand) -> Bool {
        if case .register(let register) = operand, case .vector = register.kind { return true }
        return false
    }

    private static func kind(of operand: Operand?) -> UInt8 {
        switch operand {
        case .register(let register)?:
            switch register.kind {
            case .vector: OperandKinds.vector.rawValue
            case .mmx: OperandKinds.mmx.rawValue
            case .gpr: OperandKinds.gpr.rawValue
            default: 0
            }
        case .memory?: OperandKinds.memory.rawValue
        default: 0
        }
    }
}
