import X86

/// Moves an instruction's one explicit memory operand to a canonical, aligned address in the data
/// window, by changing its base (or unscaled index) register. Re-running there tells a fault the
/// address caused from one the instruction raises wherever its operand lies.
public enum OperandRelocation {
    /// Where the operand goes: 64-byte aligned, with room for any operand, inside the data window.
    public static let target = GuestLayout.dataBase + 0x800

    /// `state` with the operand at `target`, or nil when the operand cannot be moved (none, more
    /// than one, RIP-relative or absolute, FS/GS-relative, or a register that is both base and index).
    public static func state(_ state: MachineState, movingTheOperandOf instruction: Instruction) -> MachineState? {
        let operands = instruction.operands.compactMap { operand -> MemoryOperand? in
            if case .memory(let memory) = operand { return memory }
            return nil
        }
        guard operands.count == 1, let operand = operands.first, !operand.ripRelative,
              operand.segment != .fs, operand.segment != .gs else { return nil }
        let mask: UInt64 = instruction.addressSize == 32 ? 0xFFFF_FFFF : ~0
        let shift = (target &- address(of: operand, in: state)) & mask
        var moved = state
        if let base = operand.base, base != operand.index {
            moved.gpr[base] &+= shift
        } else if let index = operand.index, operand.base == nil, operand.scale == 1 {
            moved.gpr[index] &+= shift
        } else {
            return nil
        }
        return address(of: operand, in: moved) & mask == target ? moved : nil
    }

    /// The divergences of a case whose CPU `fault` the platform may have made, once the case has
    /// re-run with the operand moved and the model completes there: `model` when the CPU still
    /// raises the same fault (it is the instruction's), else as they were. With the evidence.
    public static func judged(_ divergences: [Divergence], fault: ExceptionInfo,
                              movedCPU: ExceptionInfo?) -> (divergences: [Divergence], evidence: String) {
        let place = "with the operand moved to \(Hex.format(target)), the model completes and the CPU "
        guard movedCPU == fault else {
            let cpu = Comparator.describe(movedCPU)
            return (divergences, place + "gives \(cpu): the \(Comparator.describe(fault)) came from the address, as the platform judged it")
        }
        return (divergences.classed(.model), place + "still raises \(Comparator.describe(fault)): the instruction's fault, not the platform's")
    }

    private static func address(of operand: MemoryOperand, in state: MachineState) -> UInt64 {
        var address = UInt64(bitPattern: operand.displacement)
        if let base = operand.base { address &+= state.gpr[base] }
        if let index = operand.index { address &+= state.gpr[index] &* UInt64(operand.scale) }
        return address
    }
}
