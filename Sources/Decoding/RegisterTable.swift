import CCapstone
import X86

/// What the project needs to know about one Capstone register id, computed once per decoder
/// so that decoding interns names instead of building strings.
struct RegisterInfo {
    /// Capstone's lower-case name (`al`, `r9d`, `xmm3`, `st(1)`); empty for an invalid id.
    var name: String
    var kind: RegisterKind
    /// For memory addressing: the 64-bit register a base or index of any width names.
    var gpr: GPR?
    /// RIP or EIP, which make a memory operand RIP-relative.
    var isInstructionPointer: Bool
    /// A control or debug register, whose moves are always 64-bit in 64-bit mode.
    var isControlOrDebug: Bool
    /// Holds vector, MMX or x87 state (`VectorObservation.isVectorStateName`).
    var isVectorState: Bool
}

/// Capstone's register ids mapped to `RegisterInfo`, indexed by id.
struct RegisterTable {
    private let entries: [RegisterInfo]

    /// Builds the table from the names Capstone gives each id through `handle`.
    init(handle: csh) {
        entries = (0..<Int(X86_REG_ENDING.rawValue)).map { id in
            let name = cs_reg_name(handle, UInt32(id)).map { String(cString: $0) } ?? ""
            return RegisterTable.info(name: name)
        }
    }

    subscript(id: UInt32) -> RegisterInfo {
        Int(id) < entries.count ? entries[Int(id)] : entries[0]
    }

    /// Classifies a register by its Capstone name.
    static func info(name: String) -> RegisterInfo {
        var info = RegisterInfo(name: name, kind: .other, gpr: nil, isInstructionPointer: false, isControlOrDebug: false,
                                isVectorState: VectorObservation.isVectorStateName(name))
        if let (gpr, highByte) = generalPurpose(name) {
            info.kind = .gpr(gpr, highByte: highByte)
            info.gpr = gpr
        } else if let index = vectorIndex(name) {
            info.kind = .vector(index: index)
        } else if let index = mmxIndex(name) {
            info.kind = .mmx(index: index)
        } else if let segment = SegmentRegister(rawValue: name) {
            info.kind = .segment(segment)
        } else {
            info.isInstructionPointer = name == "rip" || name == "eip"
            info.isControlOrDebug = (name.hasPrefix("cr") || name.hasPrefix("dr")) && name.dropFirst(2).allSatisfy(\.isNumber)
        }
        return info
    }

    /// Every name of a part of a general-purpose register: the 64-bit register and whether it
    /// is one of AH, CH, DH, BH.
    private static func generalPurpose(_ name: String) -> (GPR, Bool)? {
        gprParts[name]
    }

    private static let gprParts: [String: (GPR, Bool)] = {
        var parts: [String: (GPR, Bool)] = [:]
        let legacy: [(GPR, [String])] = [
            (.rax, ["rax", "eax", "ax", "al"]), (.rcx, ["rcx", "ecx", "cx", "cl"]), (.rdx, ["rdx", "edx", "dx", "dl"]),
            (.rbx, ["rbx", "ebx", "bx", "bl"]), (.rsp, ["rsp", "esp", "sp", "spl"]), (.rbp, ["rbp", "ebp", "bp", "bpl"]),
            (.rsi, ["rsi", "esi", "si", "sil"]), (.rdi, ["rdi", "edi", "di", "dil"]),
        ]
        for (gpr, names) in legacy { for name in names { parts[name] = (gpr, false) } }
        for (gpr, name) in [(GPR.rax, "ah"), (.rcx, "ch"), (.rdx, "dh"), (.rbx, "bh")] { parts[name] = (gpr, true) }
        for number in 8...15 {
            let gpr = GPR(rawValue: number)!
            for suffix in ["", "d", "w", "b"] { parts["r\(number)\(suffix)"] = (gpr, false) }
        }
        return parts
    }()

    /// The register number of `mm0` ... `mm7`.
    private static func mmxIndex(_ name: String) -> Int? {
        guard name.count == 3, name.hasPrefix("mm"), let index = Int(name.dropFirst(2)), index < 8 else { return nil }
        return index
    }

    /// The register number of `xmmN`, `ymmN` or `zmmN`.
    private static func vectorIndex(_ name: String) -> Int? {
        guard name.count > 3, ["xmm", "ymm", "zmm"].contains(String(name.prefix(3))) else { return nil }
        return Int(name.dropFirst(3))
    }
}
