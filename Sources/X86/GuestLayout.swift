/// How a page of the guest's address space is mapped: what a CPL3 access may do there.
public struct PageAccess: Sendable, Hashable {
    /// The U/S bit: CPL3 may access the page at all.
    public var user: Bool
    public var writable: Bool
    public var executable: Bool

    public init(user: Bool, writable: Bool, executable: Bool) {
        self.user = user
        self.writable = writable
        self.executable = executable
    }
}

/// The guest's fixed address space (identity-mapped, 4 KiB pages).
///
/// Control structures sit in supervisor-only pages, the code page is user read/execute, the data
/// window is user read/write/no-execute, and every other address is not present. The model
/// uses this to predict #PF; the sandbox builds its page tables from it.
public enum GuestLayout {
    public static let pageSize: UInt64 = 0x1000

    public static let pml4: UInt64 = 0x1000
    public static let pdpt: UInt64 = 0x2000
    public static let pageDirectory: UInt64 = 0x3000
    public static let pageTable: UInt64 = 0x4000
    /// The GDT, with the 64-bit TSS in the same page.
    public static let gdt: UInt64 = 0x5000
    public static let tss: UInt64 = 0x5080
    public static let idt: UInt64 = 0x6000
    /// One `hlt` byte per vector: the handler for vector v is at `handlers + v`.
    public static let handlers: UInt64 = 0x7000
    /// The CPL0 stack (TSS.RSP0 points at its top); interrupt frames land here.
    public static let kernelStackBase: UInt64 = 0x8000
    public static let kernelStackTop: UInt64 = 0xA000

    /// Where the instruction under test starts; the rest of its page is filler.
    public static let codeAddress: UInt64 = 0x10000
    /// The byte that fills the code page after the instruction: a one-byte `nop`, so that an
    /// instruction which delays the single-step trap (MOV SS) runs it and traps right after.
    public static let filler: UInt8 = 0x90

    /// The page the CPL3 prologue loads the case's vector state and entry frame from
    /// (user read-only, no-execute); see `Prologue`.
    public static let statePage: UInt64 = 0x11000

    /// The user-writable window whose contents are seeded per case and diffed afterwards.
    public static let dataBase: UInt64 = 0x20000
    public static let dataSize: UInt64 = 0x2000

    /// The guest-physical memory the VM needs; everything above is unmapped.
    public static let memorySize: UInt64 = 0x30000

    /// Selectors in the GDT. They follow Linux's x86-64 GDT, so that under a paravirtual KVM,
    /// whose CPL3 guest code runs on the host's descriptor tables, the selectors the guest
    /// believes in are the ones the hardware uses (docs/PLATFORM.md; measured: IRETQ to 0x33:0x2B runs
    /// natively, while 0x2B:0x23 is emulated at a cost of about 3 us).
    public static let kernelCodeSelector: UInt16 = 0x10
    public static let kernelDataSelector: UInt16 = 0x18
    public static let userCode32Selector: UInt16 = 0x23
    public static let userDataSelector: UInt16 = 0x2B
    public static let userCodeSelector: UInt16 = 0x33
    public static let tssSelector: UInt16 = 0x40
    /// The GDT's limit: nine 8-byte slots plus the TSS descriptor's second half.
    public static let gdtLimit: UInt16 = 0x4F

    /// Vectors whose IDT gate has DPL 3, so that `int3` and `int 4` reach their handlers from
    /// CPL3 (as on Linux); `int n` for any other n raises #GP(n * 8 + 2).
    public static let userCallableVectors: Set<UInt8> = [3, 4]

    /// Supervisor-only pages, each with what it holds.
    public static let supervisorPages: [(address: UInt64, purpose: String)] = [
        (pml4, "PML4"), (pdpt, "PDPT"), (pageDirectory, "page directory"), (pageTable, "page table"),
        (gdt, "GDT and TSS"), (idt, "IDT"), (handlers, "exception handlers"),
        (kernelStackBase, "CPL0 stack"), (kernelStackBase + pageSize, "CPL0 stack"),
    ]

    /// The data window's address range.
    public static var dataRange: Range<UInt64> { dataBase..<(dataBase + dataSize) }

    /// How the page holding `address` is mapped, or nil where it is not present.
    public static func access(at address: UInt64) -> PageAccess? {
        let page = address & ~(pageSize - 1)
        if dataRange.contains(page) { return PageAccess(user: true, writable: true, executable: false) }
        if page == codeAddress { return PageAccess(user: true, writable: false, executable: true) }
        if page == statePage { return PageAccess(user: true, writable: false, executable: false) }
        if page >= pml4 && page < kernelStackTop {
            return PageAccess(user: false, writable: true, executable: page == handlers)
        }
        return nil
    }

    /// True when bits 63:47 of `address` are all equal (48-bit linear addresses, no LA57).
    public static func isCanonical(_ address: UInt64) -> Bool {
        let top = Int64(bitPattern: address) >> 47
        return top == 0 || top == -1
    }
}
