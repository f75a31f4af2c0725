import X86

extension FormTable {
    /// The forms an encoding selects, read from its fields rather than a decoder's mnemonic: the
    /// same encoding (legacy or VEX), map and opcode, the mandatory prefix (F2 or F3, else 66; VEX:
    /// pp), W, VEX.L, and ModRM's reg and mod where the form pins them. A form without a mandatory
    /// prefix also takes an encoding with 66 (an operand-size override). Used for bytes Capstone
    /// cannot decode: a form here means the table knows what the CPU ran.
    public static func forms(selectedBy instruction: Instruction) -> [Form] {
        let selector = Selector(instruction)
        return all.filter { selector?.selects($0.encoding) ?? false }
    }

    /// The position in `all` of the form a decoded instruction is: the first form Capstone's
    /// mnemonic names whose encoding selects the bytes; nil for undecodable bytes and for forms the
    /// table does not have. Coverage counts cases by it.
    public static func position(of instruction: Instruction) -> Int? {
        guard !instruction.isUndecodable, let positions = positionsByDecodedName[instruction.mnemonic],
              let selector = Selector(instruction) else { return nil }
        return positions.first { selector.selects(all[$0].encoding) }
    }

    /// How much of ModRM tells the forms at an opcode apart.
    public enum ModRMSelection: Sendable {
        /// Register or memory operand (mod = 3 or not).
        case mod
        /// That, and the reg field: a form there has an opcode extension (`/digit`).
        case modAndReg
        /// The whole byte: a form there is fixed to one ModRM byte (`0F 01 F8`).
        case whole
    }

    /// How much of ModRM selects among the forms at `key`.
    public static func modrmSelection(_ key: OpcodeKey) -> ModRMSelection { modrmSelections[key.dense] }

    /// Indexed by `OpcodeKey.dense`: a lookup cheap enough for every case.
    private static let modrmSelections: [ModRMSelection] = {
        var selections = [ModRMSelection](repeating: .mod, count: OpcodeKey.denseCount)
        for form in all {
            let index = OpcodeKey(form.encoding).dense
            if case .fixed = form.encoding.modrm {
                selections[index] = .whole
            } else if form.encoding.reg != nil, selections[index] == .mod {
                selections[index] = .modAndReg
            }
        }
        return selections
    }()

    private static let positionsByDecodedName: [String: [Int]] = {
        var index: [String: [Int]] = [:]
        for (position, form) in all.enumerated() {
            for name in [form.mnemonic] + form.encoding.aliases { index[name, default: []].append(position) }
        }
        return index
    }()

    /// What an instruction's encoding fields select among forms (the EVEX encoding selects none).
    private struct Selector {
        let instruction: Instruction
        let vex: VEX?
        let prefix: UInt8?
        let w: Bool

        init?(_ instruction: Instruction) {
            let prefixes = instruction.prefixes
            guard !prefixes.evex else { return nil }
            self.instruction = instruction
            vex = prefixes.vex
            prefix = prefixes.mandatoryPrefix
            w = vex?.w ?? prefixes.rexW
        }

        func selects(_ encoding: OpcodeForm) -> Bool {
            guard (encoding.encoding == .vex) == (vex != nil), encoding.map == instruction.map,
                  encoding.opcode == instruction.opcode else { return false }
            guard encoding.prefix == prefix || (encoding.prefix == nil && prefix == 0x66) || encoding.prefix == 0x67 else {
                return false
            }
            if let required = encoding.w, required != w { return false }
            if let l = encoding.vexL, l != vex?.l { return false }
            return FormTable.modrmMatches(encoding, instruction.modrm)
        }
    }

    fileprivate static func modrmMatches(_ encoding: OpcodeForm, _ modrm: UInt8?) -> Bool {
        if encoding.modrm == .none { return true }
        guard let modrm else { return false }
        if let reg = encoding.requiredReg, reg != (modrm >> 3) & 7 { return false }
        switch encoding.modrm {
        case .none, .any: return true
        case .register: return modrm >> 6 == 3
        case .memory: return modrm >> 6 != 3
        case .fixed(let byte): return modrm == byte
        }
    }
}
