import CKVM
import Glibc
import X86

/// Runs one instruction for exactly one step on the real CPU, at guest CPL3 under a trap flag
/// the harness sets itself, and reports every effect as an `Outcome`.
///
/// One sandbox is one VM with one vCPU, created once and reused for every case. It is not
/// thread-safe: create one per worker thread and run its cases on that thread.
public final class Sandbox {
    /// How a sandbox is set up.
    public struct Options: Sendable {
        /// The KVM device; defaults to `X86FUZZ_KVM_DEVICE` or `/dev/kvm`.
        public var devicePath: String
        /// How long a case may take before the watchdog cuts it off.
        public var watchdogLimit: Duration
        /// Set RFLAGS.TF for the instruction. Only a test of the watchdog turns this off.
        public var singleStep: Bool

        public init(devicePath: String? = nil, watchdogLimit: Duration = .seconds(1), singleStep: Bool = true) {
            self.devicePath = devicePath ?? KVMDevice.defaultPath
            self.watchdogLimit = watchdogLimit
            self.singleStep = singleStep
        }
    }

    let machine: VirtualMachine
    let options: Options
    private let watchdog: Watchdog
    private let slot: Watchdog.Slot
    /// What the data window holds before the current case, kept to diff against afterwards.
    let initialWindow: UnsafeMutableRawBufferPointer
    private var windowKey: (seed: UInt64, patches: [MemoryRun])?
    /// The guest's window may differ from `initialWindow` (set after every run, cleared by a
    /// clean diff or a copy).
    var guestWindowDirty = true
    /// Where the previous case's bytes lie on the code page, to restore the filler there.
    private var previousCode = 0..<0
    private var needsEventReset = false
    /// Runs repeated because the thread was switched out while the case's x87 pointers were hidden.
    public private(set) var rerunsAfterContextSwitch = 0

    var guestWindow: UnsafeMutableRawPointer { machine.memory.base + Int(GuestLayout.dataBase) }
    private var codePage: UnsafeMutableRawPointer { machine.memory.base + Int(GuestLayout.codeAddress) }
    private var statePage: UnsafeMutableRawPointer { machine.memory.base + Int(GuestLayout.statePage) }

    /// Opens KVM and builds the VM. Fails with a `SandboxError` that says what is missing.
    public init(options: Options = Options()) throws(SandboxError) {
        self.options = options
        let device = try KVMDevice(path: options.devicePath)
        machine = try VirtualMachine(device: device)
        watchdog = Watchdog.shared(limit: options.watchdogLimit)
        slot = watchdog.register(run: machine.run)
        initialWindow = .allocate(byteCount: Int(GuestLayout.dataSize), alignment: 64)
        codePage.initializeMemory(as: UInt8.self, repeating: GuestLayout.filler, count: Int(GuestLayout.pageSize))
        Prologue.code.withUnsafeBytes {
            (machine.memory.base + Int(Prologue.address)).copyMemory(from: $0.baseAddress!, byteCount: $0.count)
        }
        machine.run.pointee.kvm_valid_regs = CKVM_SYNC_X86_REGS | CKVM_SYNC_X86_SREGS
        try touchDataWindow()
    }

    /// Stores once into every page of the data window. kvm_pvm brings a guest page in on its first
    /// touch through KVM's instruction emulator, and with a non-canonical RSP that path raised #UD
    /// for a legacy-SSE load the CPU completes on every later run (measured: `66 0F 16 06` with
    /// RSP 0xfc53ecc8f3f4b05f, #UD in a fresh VM, completed in the next case). No case should see it.
    private func touchDataWindow() throws(SandboxError) {
        let storeThenStop: [UInt8] = [0x88, 0x06, 0x0F, 0x0B]   // mov [rsi], al; ud2 (for runs without TF)
        for page in stride(from: GuestLayout.dataBase, to: GuestLayout.dataRange.upperBound, by: Int(GuestLayout.pageSize)) {
            var state = MachineState.defaults
            state.gpr[.rsi] = page
            _ = try run(storeThenStop, from: state, observeVectorState: false)
        }
    }

    deinit {
        watchdog.unregister(slot)
        initialWindow.deallocate()
    }

    /// Runs `bytes` (1 to 15 of them, at `GuestLayout.codeAddress`) from `state` for one step.
    ///
    /// Reading the vector registers back costs a vCPU ioctl; a caller that knows the instruction
    /// cannot change them passes `observeVectorState: false` and gets `vector == nil`. A stray
    /// signal re-runs the case; the watchdog's cut is an error.
    public func run(_ bytes: [UInt8], from state: MachineState, observeVectorState: Bool = true) throws(SandboxError) -> Outcome {
        try run(bytes, from: state, observeVectorState: observeVectorState, codeOffset: 0)
    }

    /// `run`, with the instruction at `codeOffset` on the code page (RIP moved with it). Where the
    /// state hides x87 pointers and the thread was switched out during a KVM_RUN whose outcome
    /// shows them, the pointers may be the host's zeros, not the CPU's: the case runs again (up to
    /// three times, then the last outcome stands).
    func run(_ bytes: [UInt8], from state: MachineState, observeVectorState: Bool, codeOffset: Int) throws(SandboxError) -> Outcome {
        try validate(bytes, state)
        let watchesSwitches = observeVectorState && state.vector.hidesX87Pointers
        var interrupted = 0
        var switched = 0
        while true {
            let watch = watchesSwitches ? ContextSwitchWatch() : nil
            guard let outcome = try attempt(bytes, state, observeVectorState: observeVectorState, codeOffset: codeOffset) else {
                interrupted += 1
                guard interrupted < 3 else { throw .run(SystemError(call: "ioctl(KVM_RUN)", errno: EINTR)) }
                continue
            }
            if let watch, switched < 3, outcome.vector?.showsX87Pointers == true, watch.sawSwitch {
                switched += 1
                rerunsAfterContextSwitch += 1
                continue
            }
            return outcome
        }
    }

    private func validate(_ bytes: [UInt8], _ state: MachineState) throws(SandboxError) {
        if let problem = CaseValidation.problem(bytes: bytes, state: state, mxcsrMask: machine.mxcsrMask) {
            throw .invalidCase(problem)
        }
    }

    /// One KVM_RUN of the case; nil when a stray signal interrupted it and it should be re-run.
    /// The instruction starts at `codeOffset` on the code page.
    private func attempt(_ bytes: [UInt8], _ state: MachineState, observeVectorState: Bool, codeOffset: Int) throws(SandboxError) -> Outcome? {
        var state = state
        state.rip = GuestLayout.codeAddress + UInt64(codeOffset)
        prepareCode(bytes, at: codeOffset)
        prepareWindow(state)
        prepareRegisters(state)

        let run = machine.run
        run.pointee.immediate_exit = 0
        let generation = slot.begin()
        let result = ioctl(machine.vcpu.raw, CKVM_RUN, 0)
        let runErrno = Glibc.errno
        slot.end(generation)
        guestWindowDirty = true

        if result < 0 {
            guard runErrno == EINTR else { throw .run(SystemError(call: "ioctl(KVM_RUN)", errno: runErrno)) }
            needsEventReset = true
            ckvm_consume_watchdog_signal()
            if slot.fired(for: generation) {
                let limit = options.watchdogLimit.components
                throw .watchdogTimeout(milliseconds: Int(limit.seconds * 1000 + limit.attoseconds / 1_000_000_000_000_000))
            }
            return nil
        }
        return try readOutcome(observeVectorState: observeVectorState)
    }

    private func prepareCode(_ bytes: [UInt8], at offset: Int) {
        (codePage + previousCode.lowerBound).initializeMemory(as: UInt8.self, repeating: GuestLayout.filler, count: previousCode.count)
        bytes.withUnsafeBytes { (codePage + offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        previousCode = offset..<(offset + bytes.count)
    }

    /// Recomputes the window's initial contents when the seed or patches change, and copies them
    /// into the guest when the guest's copy may differ.
    private func prepareWindow(_ state: MachineState) {
        if windowKey?.seed != state.dataSeed || windowKey?.patches != state.memoryPatches {
            DataWindowFill.fill(initialWindow, seed: state.dataSeed)
            for patch in state.memoryPatches {
                let offset = Int(patch.address - GuestLayout.dataBase)
                patch.bytes.withUnsafeBytes { (initialWindow.baseAddress! + offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            }
            windowKey = (state.dataSeed, state.memoryPatches)
            guestWindowDirty = true
        }
        if guestWindowDirty {
            guestWindow.copyMemory(from: initialWindow.baseAddress!, byteCount: initialWindow.count)
            guestWindowDirty = false
        }
    }

    /// Points the vCPU at the prologue: RAX/RDX hold XRSTOR's component mask and RSP the IRETQ
    /// frame on the state page, which carries the case's RAX, RDX, RFLAGS (with TF) and RSP.
    private func prepareRegisters(_ state: MachineState) {
        let rflags = state.rflags | RFlags.reserved1 | (options.singleStep ? RFlags.tf : 0)
        StatePage.write(state, rflags: rflags, into: statePage)
        let run = machine.run
        let gpr = state.gpr
        ckvm_sync_regs(run)!.pointee = kvm_regs(
            rax: XSaveLayout.components, rbx: gpr[.rbx], rcx: gpr[.rcx], rdx: 0,
            rsi: gpr[.rsi], rdi: gpr[.rdi], rsp: GuestLayout.statePage + UInt64(Prologue.frameOffset), rbp: gpr[.rbp],
            r8: gpr[.r8], r9: gpr[.r9], r10: gpr[.r10], r11: gpr[.r11],
            r12: gpr[.r12], r13: gpr[.r13], r14: gpr[.r14], r15: gpr[.r15],
            rip: Prologue.address,
            rflags: RFlags.reserved1 | state.rflags & Prologue.inheritedRFlags)
        ckvm_sync_sregs(run)!.pointee = machine.baseSRegs
        var dirty = CKVM_SYNC_X86_REGS | CKVM_SYNC_X86_SREGS
        if needsEventReset {
            ckvm_sync_events(run)!.pointee = kvm_vcpu_events()
            dirty |= CKVM_SYNC_X86_EVENTS
            needsEventReset = false
        }
        run.pointee.kvm_dirty_regs = dirty
    }
}
