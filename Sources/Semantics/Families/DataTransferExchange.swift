import X86

/// XCHG, CMPXCHG, CMPXCHG8B, CMPXCHG16B and XADD. Their memory forms are locked (XCHG always),
/// so the destination is checked as a write before it is read: a read-only page faults with the
/// write bit even when the value would not change.
extension DataTransfer {
    /// XCHG: a 32-bit register form zero-extends both registers, even `xchg eax, eax` (87 C0);
    /// only 90 (with or without REX.W, or 66) is the true NOP, and Capstone calls it `nop`.
    static let exchange = Semantic { context throws(Fault) in
        let first = try context.readForWrite(0)
        let second = try context.readForWrite(1)
        try writeMemoryFirst(&context, (0, second), (1, first))
    }

    /// XADD: the source gets the old destination, then the destination gets the sum (so
    /// `xadd eax, eax` leaves the sum); flags as ADD.
    static let exchangeAdd = Semantic { context throws(Fault) in
        let width = context.width(0)
        let destination = try context.readForWrite(0)
        let (sum, flags) = FlagMath.add(destination, try context.read(1), width)
        try writeMemoryFirst(&context, (1, destination), (0, sum))
        context.setFlags(RFlags.status, to: flags)
    }

    /// Writes two operands, `first` before `second` unless `second` is memory: a memory operand's
    /// address must come from the registers as they were (`xadd [rbx], bl` changes RBX).
    private static func writeMemoryFirst(_ context: inout ExecutionContext, _ first: (index: Int, value: UInt64),
                                         _ second: (index: Int, value: UInt64)) throws(Fault) {
        let (earlier, later) = if case .memory = context.operands[second.index] { (second, first) } else { (first, second) }
        try context.write(earlier.index, earlier.value)
        try context.write(later.index, later.value)
    }

    /// CMPXCHG: flags as `cmp rAX, destination`; equal: destination = source, rAX untouched;
    /// not equal: rAX = destination, and a register destination is not written (measured: a
    /// 32-bit one keeps its upper half). The memory form writes the old value back on failure,
    /// which is invisible except through the write check `readForWrite` makes.
    static let compareExchange = Semantic { context throws(Fault) in
        let width = context.width(0)
        let destination = try context.readForWrite(0)
        let accumulator = context.readGPR(.rax, width)
        let (_, flags) = FlagMath.subtract(accumulator, destination, width)
        context.setFlags(RFlags.status, to: flags)
        if accumulator == destination {
            try context.write(0, try context.read(1))
        } else {
            context.writeGPR(.rax, width, destination)
        }
    }

    /// CMPXCHG8B m64 / CMPXCHG16B m128: compares rDX:rAX with memory; equal: ZF = 1 and memory =
    /// rCX:rBX; not equal: ZF = 0 and rDX:rAX = memory (the 32-bit halves zero-extend). Only ZF
    /// changes. CMPXCHG16B needs 16-byte alignment: #GP(0) before any other check (measured:
    /// `ds:[rbp]`, non-canonical and misaligned, is #GP, where an aligned one is #SS; without the
    /// override kvm_pvm's emulator re-judges that #GP and reports #SS).
    static let compareExchangePair = Semantic { context throws(Fault) in
        guard case .memory(let operand) = context.operands[0] else { throw .invalidOpcode }
        let half = context.prefixes.rexW ? Width.qword : Width.dword
        let address = context.effectiveAddress(operand)
        let segment = context.segment(of: operand)
        if half.bytes == 8, address % 16 != 0 { throw .generalProtection() }
        try context.check(address, size: 2 * half.bytes, kind: .write, segment: segment)
        let low = context.memory.load(address, size: half.bytes)
        let high = context.memory.load(address &+ UInt64(half.bytes), size: half.bytes)
        if low == context.readGPR(.rax, half) && high == context.readGPR(.rdx, half) {
            context.memory.store(address, size: half.bytes, context.readGPR(.rbx, half))
            context.memory.store(address &+ UInt64(half.bytes), size: half.bytes, context.readGPR(.rcx, half))
            context.setFlags(RFlags.zf, to: RFlags.zf)
        } else {
            context.writeGPR(.rax, half, low)
            context.writeGPR(.rdx, half, high)
            context.setFlags(RFlags.zf, to: 0)
        }
    }

    /// The 16-byte memory operand of CMPXCHG16B, which the integer-operand rule does not admit.
    static func isCompareExchange16(_ instruction: Instruction) -> Bool {
        guard instruction.map == .map0F, instruction.opcode == 0xC7, instruction.operands.count == 1,
              case .memory(let operand) = instruction.operands[0] else { return false }
        return operand.size == 16
    }
}
