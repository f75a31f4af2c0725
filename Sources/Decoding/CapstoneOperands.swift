import CCapstone
import X86

/// Capstone's explicit operands as `Operand` values.
///
/// Immediate sizes come from the instruction's layout, not from Capstone, whose sizes are the
/// operand's width (`push -0x80` says 8) or plain wrong (`in eax, 0x60` says 4): immediates are
/// the bytes after opcode, ModRM, SIB and displacement. An implied immediate (the 1 of
/// `shl al, 1`, opcode D0) has size 0.
struct CapstoneOperands {
    var operands: [Operand] = []
    /// An operand is a control or debug register (`mov rax, cr0`).
    var movesControlOrDebug = false

    init(_ x86: cs_x86, bytes: UnsafeBufferPointer<UInt8>, layout: EncodingLayout, modrm: UInt8?, registers: RegisterTable) {
        let count = Int(x86.op_count)
        guard count > 0 else { return }
        operands.reserveCapacity(count)
        let immediateSizes = CapstoneOperands.immediateSizes(x86, count: count, length: bytes.count, layout: layout, modrm: modrm)
        var immediatesSeen = 0
        withUnsafeBytes(of: x86.operands) { raw in
            let list = raw.bindMemory(to: cs_x86_op.self)
            for op in list[0..<count] {
                let access = OperandAccess(rawValue: op.access & 0x3)
                switch op.type {
                case X86_OP_REG:
                    let info = registers[op.reg.rawValue]
                    movesControlOrDebug = movesControlOrDebug || info.isControlOrDebug
                    operands.append(.register(RegisterOperand(name: info.name, kind: info.kind, size: Int(op.size), access: access)))
                case X86_OP_IMM:
                    let size = immediatesSeen == 0 ? immediateSizes.first : immediateSizes.second
                    immediatesSeen += 1
                    operands.append(.immediate(UInt64(bitPattern: op.imm), size: size))
                case X86_OP_MEM:
                    let base = registers[op.mem.base.rawValue]
                    let segment = registers[op.mem.segment.rawValue]
                    var segmentRegister: SegmentRegister?
                    if case .segment(let value) = segment.kind { segmentRegister = value }
                    operands.append(.memory(MemoryOperand(
                        segment: segmentRegister, base: base.gpr, ripRelative: base.isInstructionPointer,
                        index: registers[op.mem.index.rawValue].gpr, scale: Int(op.mem.scale),
                        displacement: op.mem.disp, size: Int(op.size), access: access)))
                default:
                    break
                }
            }
        }
    }

    /// The encoded sizes of the first and second immediate operands (x86 has at most two).
    /// Two immediates (`enter`, `extrq`) split the trailing bytes, with Capstone's size for the
    /// last one.
    private static func immediateSizes(_ x86: cs_x86, count: Int, length: Int, layout: EncodingLayout,
                                       modrm: UInt8?) -> (first: Int, second: Int) {
        var immediates = 0
        withUnsafeBytes(of: x86.operands) { raw in
            for op in raw.bindMemory(to: cs_x86_op.self)[0..<count] where op.type == X86_OP_IMM { immediates += 1 }
        }
        guard immediates > 0 else { return (0, 0) }
        var start = layout.opcodeOffset + 1
        if let modrm {
            let hasSIB = modrm >> 6 != 3 && modrm & 7 == 4
            start = max(start, Int(x86.encoding.modrm_offset) + (hasSIB ? 2 : 1))
        }
        if x86.encoding.disp_offset > 0 {
            start = max(start, Int(x86.encoding.disp_offset) + Int(x86.encoding.disp_size))
        }
        let total = max(0, length - start)
        guard immediates == 2 else { return (total, 0) }
        let last = (1..<max(total, 1)).contains(Int(x86.encoding.imm_size)) ? Int(x86.encoding.imm_size) : total / 2
        return (total - last, last)
    }
}
