import CKVM
import X86

/// Writes the batch guest into guest memory, once per VM: the single-step guest's structures
/// (`GuestImage`), then what the batch changes and adds: the code page made writable and filled
/// with int3, the harness region's mappings, IDT gates to the harness's CPL3 exception entries
/// (each on IST1), the #PF gate to the CPL0 handler (on IST2), the harness code, and the canary in
/// every writable byte of the region.
enum BatchImage {
    /// CR0.WP is clear, so the CPU (and CPL0) writes exception frames and CR2 into pages CPL3
    /// may only read; under kvm_pvm it also delivers to a CPL3 handler onto such a page (measured).
    static let setup = GuestSetup(memorySize: BatchLayout.memorySize, cr0: GuestSetup.standardCR0 & ~(1 << 16),
                                  writeImage: write)

    static let int3: UInt8 = 0xCC

    static func write(into memory: UnsafeMutableRawPointer) {
        GuestImage.write(into: memory)
        let extra = Int(BatchLayout.memorySize - GuestLayout.memorySize)
        (memory + Int(GuestLayout.memorySize)).initializeMemory(as: UInt8.self, repeating: 0, count: extra)
        mapRegion(memory)
        let codePage = PageAccess(user: true, writable: true, executable: true)
        GuestImage.entry(memory, table: GuestLayout.pageTable, index: Int(GuestLayout.codeAddress / GuestLayout.pageSize),
                         GuestImage.pageEntry(GuestLayout.codeAddress, codePage))
        (memory + Int(GuestLayout.codeAddress)).initializeMemory(as: UInt8.self, repeating: int3, count: Int(GuestLayout.pageSize))
        writeGates(memory)
        copy(ckvm_batch_code_bytes, to: physical(BatchLayout.code), in: memory, limit: Int(BatchLayout.codeSize))
        copy(ckvm_batch_kernel_bytes, to: Int(BatchLayout.kernelCode), in: memory, limit: Int(GuestLayout.pageSize))
        let frame = [BatchLayout.code + UInt64(ckvm_batch_pf_entry_offset()), UInt64(GuestLayout.userCodeSelector),
                     MachineState.defaultRFlags, BatchLayout.ist2Top - 48, UInt64(GuestLayout.userDataSelector)]
        for (index, value) in frame.enumerated() {
            memory.storeBytes(of: value.littleEndian, toByteOffset: physical(BatchLayout.pageFaultFrame) + index * 8, as: UInt64.self)
        }
        fillGuardedAreas(memory)
    }

    /// The guest-physical offset of a region address.
    static func physical(_ address: UInt64) -> Int { Int(address - BatchLayout.region + BatchLayout.regionPhysical) }

    /// Writes the canary over every guarded area of the region.
    static func fillGuardedAreas(_ memory: UnsafeMutableRawPointer) {
        for area in BatchLayout.areas where area.guarded {
            fillCanary(memory + physical(BatchLayout.region + area.offset), bytes: Int(area.size))
        }
    }

    static func fillCanary(_ start: UnsafeMutableRawPointer, bytes: Int) {
        start.initializeMemory(as: UInt64.self, repeating: BatchLayout.canary.littleEndian, count: bytes / 8)
    }

    private static func mapRegion(_ memory: UnsafeMutableRawPointer) {
        let upper = GuestImage.present | GuestImage.writable | GuestImage.user | GuestImage.accessedDirty
        let region = BatchLayout.region
        GuestImage.entry(memory, table: GuestLayout.pml4, index: Int((region >> 39) & 0x1FF), BatchLayout.pdpt | upper)
        GuestImage.entry(memory, table: BatchLayout.pdpt, index: Int((region >> 30) & 0x1FF), BatchLayout.pageDirectory | upper)
        for (index, table) in BatchLayout.pageTables.enumerated() {
            GuestImage.entry(memory, table: BatchLayout.pageDirectory, index: Int((region >> 21) & 0x1FF) + index, table | upper)
        }
        func map(_ offset: UInt64, physical: UInt64, _ access: PageAccess) {
            let page = Int(offset / GuestLayout.pageSize)
            GuestImage.entry(memory, table: BatchLayout.pageTables[page / 512], index: page % 512, GuestImage.pageEntry(physical, access))
        }
        for area in BatchLayout.areas {
            for offset in stride(from: area.offset, to: area.offset + area.size, by: Int(GuestLayout.pageSize)) {
                map(offset, physical: BatchLayout.regionPhysical + offset, area.access)
            }
        }
        map(BatchLayout.exitArea.offset, physical: BatchLayout.exitPhysical, BatchLayout.exitArea.access)
    }

    /// Vectors 0-31 go to their CPL3 stubs on IST1, #PF to the CPL0 handler on IST2; vectors 32 and
    /// up (only `int n` reaches them, and the batch runs none) to vector 31's stub, which no
    /// exception uses. The TSS gives the IST stacks. Trap gates: an interrupt gate clears the
    /// guest's IF, and a CPL3 IRETQ cannot set it again, so the next case's frames would show IF=0
    /// (measured), where on the single-step path every case runs with IF=1.
    private static func writeGates(_ memory: UnsafeMutableRawPointer) {
        let stubs = BatchLayout.code + UInt64(ckvm_batch_stubs_offset())
        for vector in 0..<256 {
            if vector == Int(ExceptionVector.pf.rawValue) {
                GuestImage.gate(memory, vector: vector, handler: BatchLayout.kernelCode,
                                selector: GuestLayout.kernelCodeSelector, ist: 2, trap: true)
            } else {
                GuestImage.gate(memory, vector: vector, handler: stubs + 16 * UInt64(min(vector, 31)),
                                selector: GuestLayout.userCodeSelector, ist: 1, trap: true)
            }
        }
        memory.storeBytes(of: BatchLayout.ist1Top.littleEndian, toByteOffset: Int(GuestLayout.tss) + 0x24, as: UInt64.self)
        memory.storeBytes(of: BatchLayout.ist2Top.littleEndian, toByteOffset: Int(GuestLayout.tss) + 0x2C, as: UInt64.self)
    }

    private static func copy(_ bytes: (UnsafeMutablePointer<Int>?) -> UnsafePointer<UInt8>?, to offset: Int,
                             in memory: UnsafeMutableRawPointer, limit: Int) {
        var count = 0
        let source = bytes(&count)!
        precondition(count <= limit, "the batch harness (\(count) bytes) does not fit its \(limit) bytes")
        (memory + offset).copyMemory(from: source, byteCount: count)
    }
}
