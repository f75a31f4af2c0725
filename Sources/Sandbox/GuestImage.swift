import X86

/// Writes the guest's control structures (page tables, GDT, TSS, IDT, handlers) into guest
/// memory, following `GuestLayout`. Done once per VM; per-case state lives elsewhere.
enum GuestImage {
    static let present: UInt64 = 1 << 0
    static let writable: UInt64 = 1 << 1
    static let user: UInt64 = 1 << 2
    /// Accessed and dirty are preset so that the CPU never writes back into the page tables.
    static let accessedDirty: UInt64 = 3 << 5
    static let noExecute: UInt64 = 1 << 63
    private static let hlt: UInt8 = 0xF4

    /// Fills `memory` (the guest-physical range of `GuestLayout`, identity-mapped) with the control
    /// structures; memory above it is left alone.
    static func write(into memory: UnsafeMutableRawPointer) {
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: Int(GuestLayout.memorySize))
        writePageTables(memory)
        writeDescriptorTables(memory)
        writeHandlers(memory)
    }

    static func entry(_ memory: UnsafeMutableRawPointer, table: UInt64, index: Int, _ value: UInt64) {
        memory.storeBytes(of: value.littleEndian, toByteOffset: Int(table) + index * 8, as: UInt64.self)
    }

    private static func writePageTables(_ memory: UnsafeMutableRawPointer) {
        let upper = present | writable | user | accessedDirty
        entry(memory, table: GuestLayout.pml4, index: 0, GuestLayout.pdpt | upper)
        entry(memory, table: GuestLayout.pdpt, index: 0, GuestLayout.pageDirectory | upper)
        entry(memory, table: GuestLayout.pageDirectory, index: 0, GuestLayout.pageTable | upper)
        var page = GuestLayout.pageSize
        while page < GuestLayout.memorySize {
            if let access = GuestLayout.access(at: page) {
                entry(memory, table: GuestLayout.pageTable, index: Int(page / GuestLayout.pageSize), pageEntry(page, access))
            }
            page += GuestLayout.pageSize
        }
    }

    /// The page-table entry mapping `physical` with `access`.
    static func pageEntry(_ physical: UInt64, _ access: PageAccess) -> UInt64 {
        var pte = physical | present | accessedDirty
        if access.user { pte |= user }
        if access.writable { pte |= writable }
        if !access.executable { pte |= noExecute }
        return pte
    }

    /// An IDT gate to `handler` through `selector`, on IST stack `ist` (0 for none): an interrupt
    /// gate (delivery clears IF), or a trap gate (it leaves IF alone).
    static func gate(_ memory: UnsafeMutableRawPointer, vector: Int, handler: UInt64, selector: UInt16, ist: UInt64, trap: Bool = false) {
        let dpl = GuestLayout.userCallableVectors.contains(UInt8(vector)) ? UInt64(3) : 0
        let interruptGate: UInt64 = (trap ? 0x8F : 0x8E) | (dpl << 5)
        let low = (handler & 0xFFFF) | (UInt64(selector) << 16) | (ist << 32)
            | (interruptGate << 40) | (((handler >> 16) & 0xFFFF) << 48)
        entry(memory, table: GuestLayout.idt, index: vector * 2, low)
        entry(memory, table: GuestLayout.idt, index: vector * 2 + 1, handler >> 32)
    }

    private enum SegmentKind { case code64, code32, data }

    /// A flat code or data segment descriptor, with the accessed bit preset.
    private static func segmentDescriptor(_ kind: SegmentKind, dpl: UInt64) -> UInt64 {
        let type: UInt64 = kind == .data ? 0x3 : 0xB
        let access = type | 0x10 | (dpl << 5) | 0x80
        let longOrDefault: UInt64 = kind == .code64 ? 1 << 53 : 1 << 54
        return 0xFFFF | (0xF << 48) | (access << 40) | longOrDefault | (1 << 55)
    }

    private static func writeDescriptorTables(_ memory: UnsafeMutableRawPointer) {
        let gdt = GuestLayout.gdt
        entry(memory, table: gdt, index: Int(GuestLayout.kernelCodeSelector >> 3), segmentDescriptor(.code64, dpl: 0))
        entry(memory, table: gdt, index: Int(GuestLayout.kernelDataSelector >> 3), segmentDescriptor(.data, dpl: 0))
        entry(memory, table: gdt, index: Int(GuestLayout.userCode32Selector >> 3), segmentDescriptor(.code32, dpl: 3))
        entry(memory, table: gdt, index: Int(GuestLayout.userDataSelector >> 3), segmentDescriptor(.data, dpl: 3))
        entry(memory, table: gdt, index: Int(GuestLayout.userCodeSelector >> 3), segmentDescriptor(.code64, dpl: 3))

        let tss = GuestLayout.tss
        let tssLimit: UInt64 = 0x67
        let tssLow = tssLimit | ((tss & 0xFF_FFFF) << 16) | (0x89 << 40) | (((tss >> 24) & 0xFF) << 56)
        entry(memory, table: gdt, index: Int(GuestLayout.tssSelector >> 3), tssLow)
        entry(memory, table: gdt, index: Int(GuestLayout.tssSelector >> 3) + 1, tss >> 32)
        memory.storeBytes(of: GuestLayout.kernelStackTop.littleEndian, toByteOffset: Int(tss) + 4, as: UInt64.self)
        // The I/O map base lies beyond the TSS limit: there is no I/O permission bitmap, so every
        // port access at CPL3 with IOPL 0 raises #GP(0) (Intel SDM Vol. 1, 19.5.2).
        memory.storeBytes(of: UInt16(tssLimit + 1).littleEndian, toByteOffset: Int(tss) + 0x66, as: UInt16.self)

        for vector in 0..<256 {
            gate(memory, vector: vector, handler: GuestLayout.handlers + UInt64(vector),
                          selector: GuestLayout.kernelCodeSelector, ist: 0)
        }
    }

    private static func writeHandlers(_ memory: UnsafeMutableRawPointer) {
        (memory + Int(GuestLayout.handlers)).initializeMemory(as: UInt8.self, repeating: hlt, count: 256)
    }
}
