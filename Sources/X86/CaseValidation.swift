/// The rules every case obeys, wherever it comes from (the command line, a corpus entry, the
/// generator): the sandbox refuses a case that breaks them, and readers of outside input name the
/// broken rule instead of running it.
public enum CaseValidation {
    /// The MXCSR bits some x86-64 CPU defines: the flags, masks, RC, FTZ, DAZ (bits 0-15) and AMD's
    /// MM (bit 17). Bit 16 and bits 18-31 are reserved everywhere (SDM Vol. 1, 10.2.3; APM Vol. 2,
    /// 11.2.2 "MXCSR"). A CPU's own MXCSR_MASK may define fewer.
    public static let mxcsrDefinedBits: UInt32 = 0x2FFFF

    /// Why `bytes` and `state` cannot be a case, or nil when they can.
    public static func problem(bytes: [UInt8], state: MachineState, mxcsrMask: UInt32 = mxcsrDefinedBits) -> String? {
        guard (1...15).contains(bytes.count) else { return "an instruction has 1 to 15 bytes, not \(bytes.count)" }
        return problem(state: state, mxcsrMask: mxcsrMask)
    }

    /// Why `state` cannot start a case, or nil when it can.
    public static func problem(state: MachineState, mxcsrMask: UInt32 = mxcsrDefinedBits) -> String? {
        guard state.rip == GuestLayout.codeAddress else {
            return "RIP must be the code address \(Hex.format(GuestLayout.codeAddress))"
        }
        if let problem = rflagsProblem(state.rflags) { return problem }
        let badMXCSR = state.vector.mxcsr & ~mxcsrMask
        guard badMXCSR == 0 else {
            return "MXCSR \(Hex.format(UInt64(state.vector.mxcsr))) sets reserved bits \(Hex.format(UInt64(badMXCSR))) "
                + "(MXCSR_MASK \(Hex.format(UInt64(mxcsrMask))))"
        }
        for patch in state.memoryPatches {
            if let problem = patchProblem(patch) { return problem }
        }
        return nil
    }

    /// Why a case cannot start with `rflags`, or nil when it can.
    public static func rflagsProblem(_ rflags: UInt64) -> String? {
        let stray = rflags & ~(MachineState.settableRFlags | MachineState.requiredRFlags)
        guard stray == 0 else {
            return "RFLAGS \(Hex.format(rflags)) sets bits \(Hex.format(stray)) that a case cannot set (TF and RF belong to "
                + "the harness; IOPL, NT, VM and reserved bits stay 0)"
        }
        guard rflags & RFlags.reserved1 != 0 else {
            return "RFLAGS \(Hex.format(rflags)) has bit 1 clear; it is reserved and always reads 1 (use \(Hex.format(rflags | RFlags.reserved1)))"
        }
        guard rflags & RFlags.if != 0 else {
            return "RFLAGS \(Hex.format(rflags)) has IF clear: CPL3 code under this KVM always runs with interrupts enabled"
        }
        return nil
    }

    /// Why a memory patch cannot be part of a case (it must lie inside the data window), or nil.
    public static func patchProblem(_ patch: MemoryRun) -> String? {
        let window = GuestLayout.dataRange
        let (end, wraps) = patch.address.addingReportingOverflow(UInt64(patch.bytes.count))
        guard !patch.bytes.isEmpty, !wraps, patch.address >= window.lowerBound, end <= window.upperBound else {
            return "memory patch at \(Hex.format(patch.address)) (\(patch.bytes.count) bytes) is outside the data window "
                + "\(Hex.format(window.lowerBound))..\(Hex.format(window.upperBound - 1))"
        }
        return nil
    }
}
