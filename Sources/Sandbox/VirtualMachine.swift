import CKVM
import Glibc
import X86

/// What a VM is built for: its guest-physical memory, the image written into it once, and CR0.
struct GuestSetup {
    var memorySize: UInt64
    var cr0: UInt64
    var writeImage: (UnsafeMutableRawPointer) -> Void

    /// CR0.PG|AM|WP|NE|ET|MP|PE.
    static let standardCR0: UInt64 = 0x8005_0033

    /// The single-step guest (`GuestImage`).
    static let singleStep = GuestSetup(memorySize: GuestLayout.memorySize, cr0: standardCR0, writeImage: GuestImage.write)
}

/// One KVM VM with one vCPU and the guest's memory, set up once: long mode, paging, descriptor
/// tables, CPUID and XCR0. Cases only change registers and guest memory.
final class VirtualMachine {
    let device: KVMDevice
    let vm: OwnedDescriptor
    let vcpu: OwnedDescriptor
    let memory: OwnedMapping
    let runMapping: OwnedMapping
    var run: UnsafeMutablePointer<kvm_run> { runMapping.base.assumingMemoryBound(to: kvm_run.self) }
    /// The special registers every case starts from (CPL3 segments, paging on).
    let baseSRegs: kvm_sregs
    /// Where KVM_GET_XSAVE puts the vCPU's vector state.
    let xsaveBuffer: UnsafeMutableRawPointer
    /// The MXCSR bits this CPU accepts; XRSTOR of any other bit raises #GP.
    let mxcsrMask: UInt32

    static let xsaveBufferSize = 4096

    init(device: KVMDevice, setup: GuestSetup = .singleStep) throws(SandboxError) {
        self.device = device
        xsaveBuffer = .allocate(byteCount: VirtualMachine.xsaveBufferSize, alignment: 64)
        xsaveBuffer.initializeMemory(as: UInt8.self, repeating: 0, count: VirtualMachine.xsaveBufferSize)
        var avxOffset: UInt32?
        do {
            vm = OwnedDescriptor(try device.descriptor.control("KVM_CREATE_VM", CKVM_CREATE_VM))
            memory = try OwnedMapping(size: Int(setup.memorySize), descriptor: nil)
            var region = kvm_userspace_memory_region(
                slot: 0, flags: 0, guest_phys_addr: 0, memory_size: setup.memorySize,
                userspace_addr: UInt64(UInt(bitPattern: memory.base)))
            try vm.control("KVM_SET_USER_MEMORY_REGION", CKVM_SET_USER_MEMORY_REGION, &region)
            vcpu = OwnedDescriptor(try vm.control("KVM_CREATE_VCPU", CKVM_CREATE_VCPU))
            let runSize = try device.descriptor.control("KVM_GET_VCPU_MMAP_SIZE", CKVM_GET_VCPU_MMAP_SIZE)
            runMapping = try OwnedMapping(size: Int(runSize), descriptor: vcpu.raw)
            let vcpuDescriptor = vcpu.raw
            _ = try systemCall("sigaction(watchdog signal)") { ckvm_install_watchdog_handler() }
            _ = try systemCall("ioctl(KVM_SET_SIGNAL_MASK)") { ckvm_set_run_signal_mask(vcpuDescriptor) }

            // CPUID goes first: KVM checks CR4 and XCR0 against it.
            let cpuid = try device.supportedCPUID()
            try vcpu.control("KVM_SET_CPUID2", CKVM_SET_CPUID2, cpuid.raw)
            avxOffset = cpuid.entry(function: 0xD, index: 2)?.ebx

            setup.writeImage(memory.base)
            var sregs = kvm_sregs()
            try vcpu.control("KVM_GET_SREGS", CKVM_GET_SREGS, &sregs)
            VirtualMachine.configure(&sregs, cr0: setup.cr0)
            baseSRegs = sregs
            try vcpu.control("KVM_SET_SREGS", CKVM_SET_SREGS, &sregs)

            var xcrs = kvm_xcrs()
            xcrs.nr_xcrs = 1
            xcrs.xcrs.0 = kvm_xcr(xcr: 0, reserved: 0, value: XSaveLayout.components)
            try vcpu.control("KVM_SET_XCRS", CKVM_SET_XCRS, &xcrs)

            try vcpu.control("KVM_GET_XSAVE", CKVM_GET_XSAVE, xsaveBuffer)
        } catch {
            throw .setup(error)
        }
        if let avxOffset, avxOffset != 0, avxOffset != XSaveLayout.ymmHighOffset {
            throw .missingCapability("the AVX XSAVE component at offset \(XSaveLayout.ymmHighOffset) (CPUID says \(avxOffset))")
        }
        // MXCSR_MASK 0 means the CPU predates the field: 0xFFBF (Intel SDM Vol. 1, 11.6.6).
        let reportedMask = XSaveLayout.mxcsrMask(in: xsaveBuffer)
        mxcsrMask = reportedMask == 0 ? 0xFFBF : reportedMask
    }

    deinit { xsaveBuffer.deallocate() }

    /// Reads the vCPU's vector state (one ioctl, so only when the caller needs it).
    func readVectorState() throws(SystemError) -> VectorState {
        try vcpu.control("KVM_GET_XSAVE", CKVM_GET_XSAVE, xsaveBuffer)
        return XSaveLayout.read(from: xsaveBuffer)
    }

    /// `cr0`; CR4.PAE|OSFXSR|OSXMMEXCPT|OSXSAVE; EFER.LME|LMA|NXE (SCE off, so `syscall` raises
    /// #UD); CS/SS flat CPL3 segments, DS/ES/FS/GS null with base 0 (as for a Linux process); TR
    /// the 64-bit TSS.
    private static func configure(_ sregs: inout kvm_sregs, cr0: UInt64) {
        sregs.cr0 = cr0
        sregs.cr3 = GuestLayout.pml4
        sregs.cr4 = 0x4_0620
        sregs.efer = 0xD00
        sregs.cr2 = 0
        sregs.gdt = kvm_dtable(base: GuestLayout.gdt, limit: GuestLayout.gdtLimit, padding: (0, 0, 0))
        sregs.idt = kvm_dtable(base: GuestLayout.idt, limit: 0xFFF, padding: (0, 0, 0))
        let code = kvm_segment(base: 0, limit: 0xFFFF_FFFF, selector: GuestLayout.userCodeSelector, type: 0xB,
                               present: 1, dpl: 3, db: 0, s: 1, l: 1, g: 1, avl: 0, unusable: 0, padding: 0)
        let data = kvm_segment(base: 0, limit: 0xFFFF_FFFF, selector: GuestLayout.userDataSelector, type: 0x3,
                               present: 1, dpl: 3, db: 1, s: 1, l: 0, g: 1, avl: 0, unusable: 0, padding: 0)
        let null = kvm_segment(base: 0, limit: 0, selector: 0, type: 0, present: 0, dpl: 0, db: 0, s: 0, l: 0,
                               g: 0, avl: 0, unusable: 1, padding: 0)
        sregs.cs = code
        sregs.ss = data
        sregs.ds = null
        sregs.es = null
        sregs.fs = null
        sregs.gs = null
        sregs.tr = kvm_segment(base: GuestLayout.tss, limit: 0x67, selector: GuestLayout.tssSelector, type: 0xB,
                               present: 1, dpl: 0, db: 0, s: 0, l: 0, g: 0, avl: 0, unusable: 0, padding: 0)
        sregs.ldt = null
        sregs.interrupt_bitmap = (0, 0, 0, 0)
    }
}
