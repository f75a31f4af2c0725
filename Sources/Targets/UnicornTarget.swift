import X86

/// Unicorn 2 (QEMU's TCG as a library) as a target: one engine, reused for every case, with the
/// sandbox's code page (read + execute) and data window (read + write) at the same addresses and
/// nothing else mapped, and exactly one instruction per case (`uc_emu_start` with count 1).
/// Its CPU is Unicorn's default: measured on Debian's 2.0.1, CPUID.1:ECX shows neither XSAVE nor
/// AVX (whatever `uc_ctl_set_cpu_model` asks for), so every VEX instruction is #UD there.
///
/// What it cannot report, and so is not compared: the error code of any exception (Unicorn reports
/// none), CR2 where no memory hook saw the address. What differs by construction (the triage notes
/// say so): Unicorn runs the guest at CPL0 without paging, so privileged instructions run instead
/// of raising #GP, supervisor-only pages and the state page are simply unmapped, and `int n`
/// reports vector n without an IDT's DPL check.
public final class UnicornTarget: EmulatorTarget {
    static let name = "unicorn"
    public var name: String { Self.name }

    private let library: UnicornLibrary
    private let engine: UnicornLibrary.Engine
    /// The CPU state as opened, restored before every case: Unicorn runs at CPL0, so a case can
    /// change CR0, CR4, EFER, the descriptor tables or MSRs (`mov cr0`, `lmsw`, `lidt`, `wrmsr`),
    /// and would otherwise change what every later case does (measured: CR0.TS left set made SSE #NM).
    private var pristine: OpaquePointer?
    /// What the hooks saw during the current step, written from Unicorn's callbacks.
    private let seen: Seen

    final class Seen {
        var interrupt: UInt32?
        var memoryAddress: UInt64?
        /// Ends the step from the interrupt hook (a fault would otherwise be retried).
        let stop: () -> Void
        init(stop: @escaping () -> Void) { self.stop = stop }
    }

    /// Opens an engine. Throws, in one line, when the library is missing or refuses.
    public init() throws(TargetError) {
        library = try UnicornLibrary.load()
        var opened: UnicornLibrary.Engine?
        try Self.check(library, library.open(UC.archX86, UC.mode64, &opened), "uc_open")
        guard let opened else { throw TargetError("uc_open gave no engine") }
        engine = opened
        seen = Seen(stop: { [library] in _ = library.emuStop(opened) })
        do {
            try Self.check(library, library.memMap(engine, GuestLayout.codeAddress, Int(GuestLayout.pageSize),
                                                   UC.protRead | UC.protExec), "mapping the code page")
            try Self.check(library, library.memMap(engine, GuestLayout.dataBase, Int(GuestLayout.dataSize),
                                                   UC.protRead | UC.protWrite), "mapping the data window")
            let context = Unmanaged.passUnretained(seen).toOpaque()
            var hook = 0
            try Self.check(library, library.hookAdd(engine, &hook, UC.hookInterrupt, unsafeBitCast(onInterrupt, to: UnsafeRawPointer.self),
                                                    context, 1, 0), "adding the interrupt hook")
            try Self.check(library, library.hookAdd(engine, &hook, UC.hookMemoryInvalid, unsafeBitCast(onInvalidMemory, to: UnsafeRawPointer.self),
                                                    context, 1, 0), "adding the memory hook")
            try Self.check(library, library.contextAlloc(engine, &pristine), "allocating a context")
            try Self.check(library, library.contextSave(engine, pristine!), "saving the context")
        } catch {
            if let pristine { _ = library.contextFree(pristine) }
            _ = library.close(engine)
            throw error
        }
    }

    deinit {
        if let pristine { _ = library.contextFree(pristine) }
        _ = library.close(engine)
    }

    private static func check(_ library: UnicornLibrary, _ error: Int32, _ what: String) throws(TargetError) {
        if error != UC.errOK { throw TargetError("unicorn: \(what) failed: \(library.describe(error))") }
    }

    public func run(_ bytes: [UInt8], from state: MachineState) throws(TargetError) -> TargetOutcome {
        let window = CaseMemory.window(state)
        try Self.check(library, library.contextRestore(engine, pristine!), "restoring the context")
        try write(CaseMemory.codePage(bytes), at: GuestLayout.codeAddress)
        try write(window, at: GuestLayout.dataBase)
        // Unicorn keeps translated code across cases; a rewritten code page does not invalidate it.
        try Self.check(library, library.control(engine, UC.controlRemoveCache, GuestLayout.codeAddress,
                                                GuestLayout.codeAddress + GuestLayout.pageSize), "flushing translated code")
        for register in GPR.allCases { try writeRegister(UC.gprs[register.rawValue], state.gpr[register]) }
        try writeRegister(UC.rip, GuestLayout.codeAddress)
        try writeRegister(UC.rflags, state.rflags)
        try writeVectors(state.vector)
        seen.interrupt = nil
        seen.memoryAddress = nil
        let error = library.emuStart(engine, GuestLayout.codeAddress, 0, 0, 1)

        var gpr = GPRFile()
        for register in GPR.allCases { gpr[register] = try readRegister(UC.gprs[register.rawValue]) }
        var after = [UInt8](repeating: 0, count: window.count)
        try Self.check(library, after.withUnsafeMutableBytes { library.memRead(engine, GuestLayout.dataBase, $0.baseAddress!, $0.count) },
                       "reading the data window")
        // The x87 registers (tag word, ST0-7, MM0-7) are not carried into Unicorn yet.
        var unobserved = Self.x87Fields
        let exception: ExceptionInfo?
        switch error {
        case UC.errOK:
            exception = seen.interrupt.map { ExceptionInfo(vector: ExceptionVector(rawValue: UInt8(truncatingIfNeeded: $0))) }
        case UC.errInstructionInvalid:
            exception = ExceptionInfo(vector: .ud)
        case UC.errReadUnmapped, UC.errWriteUnmapped, UC.errFetchUnmapped, UC.errReadProtected, UC.errWriteProtected, UC.errFetchProtected:
            if seen.memoryAddress == nil { unobserved.append("exception.cr2") }
            exception = ExceptionInfo(vector: .pf, cr2: seen.memoryAddress)
        default:
            throw TargetError("unicorn: \(library.describe(error))")
        }
        if exception != nil { unobserved.append("exception.errorCode") }
        let rflags = try readRegister(UC.rflags) & ~(RFlags.tf | RFlags.rf)
        var outcome = Outcome(exception: exception, gpr: gpr, rip: try readRegister(UC.rip), rflags: rflags,
                              vector: try readVectors(), memoryWrites: CaseMemory.writes(before: window, after: after))
        outcome.x87PointersObserved = false
        return .observed(outcome, unobserved: unobserved)
    }

    /// The comparator's names of the x87 fields this target does not report.
    private static let x87Fields = ["ftw"] + (0..<8).flatMap { ["st\($0)", "mm\($0)"] }

    private func write(_ bytes: [UInt8], at address: UInt64) throws(TargetError) {
        try Self.check(library, bytes.withUnsafeBytes { library.memWrite(engine, address, $0.baseAddress!, $0.count) },
                       "writing \(Hex.format(address))")
    }

    private func writeRegister(_ id: Int32, _ value: UInt64) throws(TargetError) {
        var value = value
        try Self.check(library, library.regWrite(engine, id, &value), "writing register \(id)")
    }

    private func readRegister(_ id: Int32) throws(TargetError) -> UInt64 {
        var value: UInt64 = 0
        try Self.check(library, library.regRead(engine, id, &value), "reading register \(id)")
        return value
    }

    private func writeVectors(_ vector: VectorState) throws(TargetError) {
        for index in 0..<16 {
            var lanes = vector.ymm[index]
            try Self.check(library, library.regWrite(engine, UC.ymm0 + Int32(index), &lanes), "writing ymm\(index)")
        }
        var mxcsr = vector.mxcsr, fcw = vector.fcw, fsw = vector.fsw
        try Self.check(library, library.regWrite(engine, UC.mxcsr, &mxcsr), "writing mxcsr")
        try Self.check(library, library.regWrite(engine, UC.fpcw, &fcw), "writing fcw")
        try Self.check(library, library.regWrite(engine, UC.fpsw, &fsw), "writing fsw")
    }

    private func readVectors() throws(TargetError) -> VectorState {
        var vector = VectorState()
        for index in 0..<16 {
            var lanes = Vec256()
            try Self.check(library, library.regRead(engine, UC.ymm0 + Int32(index), &lanes), "reading ymm\(index)")
            vector.ymm[index] = lanes
        }
        var mxcsr: UInt32 = 0, fcw: UInt16 = 0, fsw: UInt16 = 0
        try Self.check(library, library.regRead(engine, UC.mxcsr, &mxcsr), "reading mxcsr")
        try Self.check(library, library.regRead(engine, UC.fpcw, &fcw), "reading fcw")
        try Self.check(library, library.regRead(engine, UC.fpsw, &fsw), "reading fsw")
        (vector.mxcsr, vector.fcw, vector.fsw) = (mxcsr, fcw, fsw)
        return vector
    }
}

/// UC_HOOK_INTR: an interrupt or exception Unicorn raised; the step ends there.
private let onInterrupt: @convention(c) (OpaquePointer?, UInt32, UnsafeMutableRawPointer?) -> Void = { engine, number, context in
    guard let context else { return }
    let seen = Unmanaged<UnicornTarget.Seen>.fromOpaque(context).takeUnretainedValue()
    seen.interrupt = number
    seen.stop()
}

/// UC_HOOK_MEM_INVALID: an access to an unmapped or protected address; returning false ends the
/// step with Unicorn's error for the access.
private let onInvalidMemory: @convention(c) (OpaquePointer?, Int32, UInt64, Int32, Int64, UnsafeMutableRawPointer?) -> Bool = {
    engine, kind, address, size, value, context in
    guard let context else { return false }
    let seen = Unmanaged<UnicornTarget.Seen>.fromOpaque(context).takeUnretainedValue()
    seen.memoryAddress = address
    return false
}
