/// The complete input of one case: registers, flags, vector state and the data window.
///
/// The window's contents are `DataWindowFill` for `dataSeed`, overwritten by `memoryPatches` in
/// order. The sandbox and the model both start from exactly this value.
public struct MachineState: Sendable, Hashable {
    public var gpr: GPRFile
    public var rip: UInt64
    /// RFLAGS as the instruction sees it; the sandbox adds TF itself.
    public var rflags: UInt64
    public var vector: VectorState
    public var dataSeed: UInt64
    public var memoryPatches: [MemoryRun]

    public init(gpr: GPRFile = GPRFile(), rip: UInt64 = GuestLayout.codeAddress,
                rflags: UInt64 = MachineState.defaultRFlags, vector: VectorState = VectorState(),
                dataSeed: UInt64 = 0, memoryPatches: [MemoryRun] = []) {
        self.gpr = gpr
        self.rip = rip
        self.rflags = rflags
        self.vector = vector
        self.dataSeed = dataSeed
        self.memoryPatches = memoryPatches
    }

    /// The RFLAGS bits a case may choose: the status flags, DF, AC, ID, VIF and VIP. TF and RF
    /// belong to the harness; IOPL stays 0, so I/O and CLI/STI fault at CPL3; VM cannot be set in
    /// 64-bit mode. IF and NT are pinned (`requiredRFlags`): under the paravirtual KVM, CPL3 code
    /// really runs with IF=1 and NT=0 whatever the guest asks (measured with PUSHF), so a case
    /// with IF=0 or NT=1 would not be what the CPU saw.
    public static let settableRFlags: UInt64 = RFlags.status | RFlags.df | RFlags.ac | RFlags.id | RFlags.vif | RFlags.vip

    /// The RFLAGS bits every case has set: IF and the reserved bit 1.
    public static let requiredRFlags: UInt64 = RFlags.if | RFlags.reserved1

    /// IF set and the reserved bit 1, as a CPL3 program normally runs.
    public static let defaultRFlags: UInt64 = requiredRFlags

    /// The default stack pointer: the middle of the data window, so pushes and pops both land in it.
    public static let defaultRSP: UInt64 = GuestLayout.dataBase + GuestLayout.dataSize / 2

    /// The documented defaults of `exec`: every GPR zero except RSP, RIP at the code address,
    /// RFLAGS 0x202, vector registers zero, MXCSR 0x1F80, data seed 0, no patches.
    public static var defaults: MachineState {
        var state = MachineState()
        state.gpr[.rsp] = defaultRSP
        return state
    }

    /// The byte the window holds at `address` before the instruction runs, or nil outside it.
    public func initialByte(at address: UInt64) -> UInt8? {
        guard GuestLayout.dataRange.contains(address) else { return nil }
        for patch in memoryPatches.reversed() where patch.range.contains(address) {
            return patch.bytes[Int(address - patch.address)]
        }
        return DataWindowFill.byte(seed: dataSeed, offset: address - GuestLayout.dataBase)
    }
}
