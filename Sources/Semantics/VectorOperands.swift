import X86

/// The alignment a vector memory operand needs beyond #AC, which every access gets at
/// min(size, 16) bytes when RFLAGS.AC is set (measured: a 32-byte access at a 16-byte boundary
/// passes, a 16-byte one at an 8-byte boundary faults, legacy or VEX).
enum VectorAlignment: Sendable {
    /// Aligned to the operand's size, legacy or VEX, whatever MXCSR says: MOVDQA, MOVAPS, MOVAPD,
    /// MOVNTDQ, MOVNTDQA (Intel SDM Vol. 2, each instruction's exceptions; AMD APM Vol. 4).
    case explicit
    /// Legacy SSE 16-byte operands are aligned unless MXCSR.MM (AMD's misaligned SSE mode, bit 17,
    /// which MXCSR_MASK admits on Zen 4) is set; VEX forms and smaller operands need not be
    /// (Intel SDM Vol. 1, 14.9; AMD APM Vol. 1, 4.3.2 "Misaligned Access Support").
    case sse
    /// Never: MOVDQU, MOVUPS, MOVUPD.
    case none
}

extension ExecutionContext {
    /// MXCSR.MM: legacy SSE 16-byte operands may be misaligned (AMD).
    static let misalignedSSEMode: UInt32 = 1 << 17

    /// True for a VEX encoding.
    var isVEX: Bool { prefixes.vex != nil }

    /// The operation's vector length in bytes: 8 on MM registers, 32 with VEX.L = 1, else 16.
    var vectorLength: Int { isMMX ? 8 : prefixes.vex?.l == 1 ? 32 : 16 }

    /// The two source operands of `op xmm1, xmm2/m128` (the destination is the first source)
    /// and of `vop xmm1, xmm2, xmm3/m128` (VEX.vvvv is the first source).
    var sourceOperands: (first: Int, second: Int) { isVEX ? (1, 2) : (0, 1) }

    /// Operand `index` as an 8-bit immediate; where Capstone shows no immediate there (it names some
    /// by the mnemonic, `cmpltps`), the instruction's last byte, which is the imm8 of every vector form.
    func immediate8(_ index: Int) -> Int {
        guard index < operands.count, case .immediate(let value, _) = operands[index] else { return Int(instruction.bytes.last ?? 0) }
        return Int(value & 0xFF)
    }

    /// The XMM/YMM register number of operand `index`.
    func vectorRegister(_ index: Int) -> Int? {
        guard case .register(let register) = operands[index], case .vector(let number) = register.kind else { return nil }
        return number
    }

    /// Operand `index` as a vector: a register's first `bytes` bytes (at least its low 128
    /// bits), or `bytes` bytes of memory (1 to 32) read with the alignment rules.
    mutating func readVector(_ index: Int, bytes: Int, alignment: VectorAlignment = .sse) throws(Fault) -> Vec256 {
        switch operands[index] {
        case .register(let register):
            switch register.kind {
            case .vector(let number): return vector.ymm[number].keeping(bytes: bytes)
            case .mmx(let number): return Vec256(vector.mm(number))
            default: throw .notModelled("vector operand \(register.name)")
            }
        case .memory(let operand):
            let address = try vectorAccess(operand, bytes: bytes, kind: .read, alignment: alignment)
            var value = Vec256.zero
            for offset in stride(from: 0, to: bytes, by: 8) {
                value[qword: offset / 8] = memory.load(address &+ UInt64(offset), size: min(8, bytes - offset))
            }
            return value
        case .immediate:
            preconditionFailure("vector read of an immediate in \(instruction.text)")
        }
    }

    /// Writes a vector result to operand `index`. An MM register gets the low quadword (and the
    /// exponent MMX writes leave); an XMM/YMM register gets the VEX rule (every bit above
    /// `bytes` cleared: VEX.128 zeroes bits 255:128) or the legacy SSE one (bits 127:0 written,
    /// bits 255:128 kept), Intel SDM Vol. 1, 14.1.3; memory gets `bytes` bytes.
    mutating func writeVector(_ index: Int, _ value: Vec256, bytes: Int, alignment: VectorAlignment = .sse) throws(Fault) {
        switch operands[index] {
        case .register(let register):
            if case .mmx(let number) = register.kind { return writeMMX(number, value.q0) }
            guard case .vector(let number) = register.kind else { throw .notModelled("vector operand \(register.name)") }
            if isVEX {
                vector.ymm[number] = value.keeping(bytes: bytes)
            } else {
                vector.ymm[number].setHalf(0, value)
            }
        case .memory(let operand):
            let address = try vectorAccess(operand, bytes: bytes, kind: .write, alignment: alignment)
            for offset in stride(from: 0, to: bytes, by: 8) {
                memory.store(address &+ UInt64(offset), size: min(8, bytes - offset), value[qword: offset / 8])
            }
        case .immediate:
            preconditionFailure("vector write to an immediate in \(instruction.text)")
        }
    }

    /// The address of a vector memory access after its checks, in the CPU's order (measured):
    /// a misaligned operand that must be aligned is #GP(0) before anything else, even before a
    /// non-canonical stack address (#SS); then the checks of every access, with #AC at
    /// min(size, 16) bytes.
    private mutating func vectorAccess(_ operand: MemoryOperand, bytes: Int, kind: MemoryModel.AccessKind,
                                       alignment: VectorAlignment) throws(Fault) -> UInt64 {
        let address = effectiveAddress(operand)
        let required: Int
        switch alignment {
        case .explicit: required = bytes
        case .sse: required = !isVEX && bytes == 16 && vector.mxcsr & Self.misalignedSSEMode == 0 ? 16 : 1
        case .none: required = 1
        }
        if address % UInt64(required) != 0 { throw .generalProtection() }
        try check(address, size: bytes, kind: kind, segment: segment(of: operand), alignment: min(bytes, 16))
        return address
    }
}
