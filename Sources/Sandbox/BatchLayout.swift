import CKVM
import X86

/// The batch guest's layout (`Sources/CKVM/include/BatchLayout.h`, shared with the harness's
/// assembly) in Swift's types, and the map of the harness region's pages.
///
/// Below the region the batch guest keeps the single-step guest's layout (`GuestLayout`): the
/// same pages are present with the same rights, but the code page is also writable (the harness
/// writes each case's instruction there) and the CPL0 page holds the #PF handler.
public enum BatchLayout {
    public static let region = UInt64(BATCH_REGION)
    public static let regionSize = UInt64(BATCH_REGION_SIZE)
    static let regionPhysical = UInt64(BATCH_REGION_PHYSICAL)
    /// Guest-physical memory: the single-step layout, the region's page tables, the region.
    static let memorySize = regionPhysical + regionSize
    /// The region's page tables (guest-physical, unmapped): a PDPT under PML4 entry 511, a page
    /// directory, and one page table per 2 MiB.
    static let pdpt: UInt64 = 0x30000
    static let pageDirectory: UInt64 = 0x31000
    static let pageTables: [UInt64] = [0x32000, 0x33000]

    static func address(_ offset: Int32) -> UInt64 { region + UInt64(offset) }
    static let header = address(BATCH_HEADER_OFFSET)
    static let ist1Top = address(BATCH_IST1_OFFSET) + GuestLayout.pageSize
    static let ist2Top = address(BATCH_IST2_OFFSET) + UInt64(BATCH_IST2_TOP)
    static let pageFaultFrame = address(BATCH_IST2_OFFSET) + UInt64(BATCH_PF_FRAME)
    static let scratch = address(BATCH_SCRATCH_OFFSET)
    static let pristine = address(BATCH_PRISTINE_OFFSET)
    static let code = address(BATCH_CODE_OFFSET)
    static let codeSize = UInt64(BATCH_CODE_SIZE)
    static let exit = address(BATCH_EXIT_OFFSET)
    static let exitPhysical = UInt64(BATCH_EXIT_PHYSICAL)
    static let inputs = address(BATCH_INPUTS_OFFSET)
    static let patches = address(BATCH_PATCHES_OFFSET)
    static let results = address(BATCH_RESULTS_OFFSET)
    static let log = address(BATCH_LOG_OFFSET)
    static let images = address(BATCH_IMAGES_OFFSET)
    static let saves = address(BATCH_SAVES_OFFSET)
    static let kernelCode = UInt64(BATCH_KERNEL_CODE)

    /// Cases per KVM_RUN at most.
    public static let capacity = Int(BATCH_CAPACITY)
    static let recordSize = Int(BATCH_RECORD_SIZE)
    static let patchCapacity = Int(BATCH_PATCH_CAPACITY)
    static let logCapacity = Int(BATCH_LOG_CAPACITY)
    static let entrySize = Int(BATCH_ENTRY_SIZE)
    static let vectorAreaSize = Int(BATCH_VECTOR_AREA_SIZE)
    static let slotSize = Int(BATCH_SLOT_SIZE)
    static let slotIndex = Int(BATCH_SLOT_INDEX)
    /// A direct branch's pad goes at least this far into the code page (see `BatchPlan`).
    static let padMinimum = UInt64(BATCH_PAD_MINIMUM)
    /// The canary every writable byte of the region holds until the harness writes it.
    static let canary = UInt64(bitPattern: Int64(BATCH_CANARY))

    /// What one page (or run of pages) of the region is, and how CPL3 may use it.
    struct Area {
        var offset: UInt64
        var size: UInt64
        var access: PageAccess
        /// Holds the canary between batches (the host checks it after each one).
        var guarded: Bool
    }

    private static let readOnly = PageAccess(user: true, writable: false, executable: false)
    private static let readWrite = PageAccess(user: true, writable: true, executable: false)

    /// The region's mapped areas; everything else in it is not present.
    static let areas: [Area] = [
        Area(offset: UInt64(BATCH_HEADER_OFFSET), size: 0x1000, access: readOnly, guarded: false),
        Area(offset: UInt64(BATCH_IST1_OFFSET), size: 0x1000, access: readOnly, guarded: false),
        Area(offset: UInt64(BATCH_IST2_OFFSET), size: 0x1000, access: readOnly, guarded: false),
        Area(offset: UInt64(BATCH_SCRATCH_OFFSET), size: 0x1000, access: readWrite, guarded: true),
        Area(offset: UInt64(BATCH_PRISTINE_OFFSET), size: UInt64(BATCH_WINDOW_SIZE), access: readWrite, guarded: false),
        Area(offset: UInt64(BATCH_CODE_OFFSET), size: codeSize,
             access: PageAccess(user: true, writable: false, executable: true), guarded: false),
        Area(offset: UInt64(BATCH_INPUTS_OFFSET), size: UInt64(capacity * recordSize), access: readOnly, guarded: false),
        Area(offset: UInt64(BATCH_PATCHES_OFFSET), size: UInt64(patchCapacity * entrySize), access: readOnly, guarded: false),
        Area(offset: UInt64(BATCH_RESULTS_OFFSET), size: UInt64(capacity * recordSize), access: readWrite, guarded: true),
        Area(offset: UInt64(BATCH_LOG_OFFSET), size: UInt64(logCapacity * entrySize), access: readWrite, guarded: true),
        Area(offset: UInt64(BATCH_IMAGES_OFFSET), size: UInt64(capacity * vectorAreaSize), access: readOnly, guarded: false),
        Area(offset: UInt64(BATCH_SAVES_OFFSET), size: UInt64(capacity * vectorAreaSize), access: readWrite, guarded: true),
    ]

    /// The harness region's writable areas: a case that stores into one abandons its batch.
    public static let writableAreas: [Range<UInt64>] = areas.filter(\.access.writable).map { area in
        (region + area.offset)..<(region + area.offset + area.size)
    }

    /// The exit page: a store there leaves KVM_RUN (it maps guest-physical memory no slot backs).
    static let exitArea = Area(offset: UInt64(BATCH_EXIT_OFFSET), size: 0x1000, access: readWrite, guarded: false)

    /// Addresses where the batch guest differs from the single-step guest for a CPL3 access:
    /// the code page (writable, and holding the slot instead of filler), the state page (whose
    /// contents the single-step prologue sets per case) and the harness region.
    public static let differingRanges: [Range<UInt64>] = [
        GuestLayout.codeAddress..<(GuestLayout.statePage + GuestLayout.pageSize),
        region..<(region &+ regionSize),
    ]
}
