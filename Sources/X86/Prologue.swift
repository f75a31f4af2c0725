/// The CPL3 prologue that loads a case's vector state and enters the instruction under test.
///
/// Every vCPU ioctl costs about as much as a tenth of a case on our machines (docs/PLATFORM.md), so
/// the vector registers are not set through KVM_SET_XSAVE. Instead the vCPU starts at a short
/// prologue on the code page: `xrstor64` from the state page (EDX:EAX = 7), reload RAX and RDX
/// from it, and `iretq` into the instruction with the case's RFLAGS (TF included) and RSP. An
/// IRETQ that sets TF traps after the instruction it returns to, so exactly that one instruction
/// runs under the trap flag.
///
/// The state page is user-readable, so the instruction under test can load from it; its
/// contents are a pure function of the case (`StatePage.image`), which the model can compute.
public enum Prologue {
    /// Where the prologue's code starts (on the code page, after the longest instruction).
    public static let address: UInt64 = GuestLayout.codeAddress + 0xF00
    /// The state page: the XSAVE image, then the saved RAX/RDX, then the IRETQ frame.
    public static let savedRegistersOffset = 0x400
    public static let frameOffset = 0x800

    /// The prologue's code: `xrstor64 [state]`, `mov rax, [saved]`, `mov rdx, [saved + 8]`, `iretq`.
    public static let code: [UInt8] = {
        func absolute(_ address: UInt64) -> [UInt8] { withUnsafeBytes(of: UInt32(address).littleEndian, Array.init) }
        let state = GuestLayout.statePage
        let saved = state + UInt64(savedRegistersOffset)
        return [0x48, 0x0F, 0xAE, 0x2C, 0x25] + absolute(state)
            + [0x48, 0x8B, 0x04, 0x25] + absolute(saved)
            + [0x48, 0x8B, 0x14, 0x25] + absolute(saved + 8)
            + [0x48, 0xCF]
    }()

    /// RFLAGS bits the prologue itself must already run with: at CPL3 IRETQ cannot change IF,
    /// VIF or VIP (Intel SDM Vol. 2A, IRET), so they are set before it.
    public static let inheritedRFlags: UInt64 = RFlags.if | RFlags.vif | RFlags.vip
}

/// The contents of the state page for a case.
public enum StatePage {
    /// Writes the page (4 KiB, zeroed first) for `state`, whose RFLAGS already include the
    /// harness's TF when the instruction is to be single-stepped.
    public static func write(_ state: MachineState, rflags: UInt64, into page: UnsafeMutableRawPointer) {
        page.initializeMemory(as: UInt8.self, repeating: 0, count: Int(GuestLayout.pageSize))
        XSaveLayout.write(state.vector, into: page)
        func store(_ value: UInt64, _ offset: Int) { page.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self) }
        store(state.gpr[.rax], Prologue.savedRegistersOffset)
        store(state.gpr[.rdx], Prologue.savedRegistersOffset + 8)
        store(state.rip, Prologue.frameOffset)
        store(UInt64(GuestLayout.userCodeSelector), Prologue.frameOffset + 8)
        store(rflags, Prologue.frameOffset + 16)
        store(state.gpr[.rsp], Prologue.frameOffset + 24)
        store(UInt64(GuestLayout.userDataSelector), Prologue.frameOffset + 32)
    }

    /// The whole page as the single-stepped instruction sees it, for the model's loads from it.
    public static func image(_ state: MachineState) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Int(GuestLayout.pageSize)) { buffer, count in
            write(state, rflags: state.rflags | RFlags.reserved1 | RFlags.tf, into: buffer.baseAddress!)
            count = Int(GuestLayout.pageSize)
        }
    }
}
