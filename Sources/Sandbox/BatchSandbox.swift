import CKVM
import Glibc
import X86

/// Runs many cases in one KVM_RUN: a CPL3 harness in the guest (`Sources/CKVM/BatchHarness.S`)
/// enters each case in turn from its own state and writes each outcome into a results area,
/// which the host reads back and checks.
///
/// The cases must be ones the batch runs exactly as the single-step `Sandbox` does; `BatchPlan`
/// decides that. One batch sandbox is one VM with one vCPU; not thread-safe (one per worker).
public final class BatchSandbox {
    let machine: VirtualMachine
    let options: Sandbox.Options
    private let watchdog: Watchdog
    private let slot: Watchdog.Slot
    private var nonce: UInt64 = 0x5EED_BA7C_0000_0000
    /// KVM_RUNs the thread was switched out of (or a signal interrupted): their cases that showed
    /// x87 pointers hidden at the start escaped to the single-step path.
    public private(set) var runsSwitchedOut = 0
    /// The vCPU must be pointed at the harness's entry before the next run (at first, and after
    /// an abandoned batch, which may leave it anywhere). After a finished batch it waits at the
    /// exit, which jumps to the entry when the next KVM_RUN resumes it.
    private var needsReset = true

    /// Opens KVM, builds the VM and runs a first batch through every kind of page the harness
    /// uses (kvm_pvm brings a page in on its first touch through its emulator; no case should
    /// see that). Fails with a `SandboxError` that says what is missing.
    public init(options: Sandbox.Options = Sandbox.Options()) throws(SandboxError) {
        self.options = options
        let device = try KVMDevice(path: options.devicePath)
        machine = try VirtualMachine(device: device, setup: BatchImage.setup)
        watchdog = Watchdog.shared(limit: options.watchdogLimit)
        slot = watchdog.register(run: machine.run)
        // The segment registers come back with every exit too, for the FS/GS base check.
        machine.run.pointee.kvm_valid_regs = CKVM_SYNC_X86_REGS | CKVM_SYNC_X86_SREGS
        try warmUp()
    }

    deinit { watchdog.unregister(slot) }

    /// Tunes glibc's allocator for a process that runs batch after batch. A batch's arrays of
    /// states and outcomes run to a few hundred kilobytes: above glibc's mmap threshold each came
    /// from a fresh mapping and went back when freed, so every batch paid its page faults again
    /// (measured: 26,000-38,000 faults in a 100,000-case campaign, 4,000 with this, and 5-8% of its
    /// CPU time). This keeps them in the heap, whose size stays what one batch needs.
    public static func keepBuffersInTheHeap() {
        _ = ckvm_set_allocator_thresholds(64 << 20, 256 << 20)
    }

    /// The MXCSR bits this CPU accepts (a case with others is refused, as `Sandbox` refuses it).
    public var mxcsrMask: UInt32 { machine.mxcsrMask }

    private func warmUp() throws(SandboxError) {
        var cases: [BatchCase] = []
        for page in stride(from: GuestLayout.dataBase, to: GuestLayout.dataRange.upperBound, by: Int(GuestLayout.pageSize)) {
            var state = MachineState.defaults
            state.gpr[.rsi] = page
            cases.append(BatchCase(bytes: [0x88, 0x06], state: state, observeVectorState: true))
        }
        var fault = MachineState.defaults
        fault.gpr[.rsi] = 0x4000_0000
        cases.append(BatchCase(bytes: [0x48, 0x8B, 0x06], state: fault, observeVectorState: false))
        cases.append(BatchCase(bytes: [0x0F, 0x0B], state: .defaults, observeVectorState: false))
        guard case .completed(let results) = run(cases), !results.contains(where: { if case .escaped = $0 { true } else { false } }) else {
            throw .unexpectedExit(reason: 0, detail: "the batch harness failed its first batch")
        }
    }

    /// Runs `cases` (any number: they go in KVM_RUNs of at most `BatchLayout.capacity`). A case
    /// the sandbox would refuse comes back escaped, so that the single-step path reports it.
    public func run(_ cases: [BatchCase]) -> BatchRun {
        var results: [BatchResult] = []
        results.reserveCapacity(cases.count)
        var start = 0
        while start < cases.count {
            let end = min(start + BatchLayout.capacity, cases.count)
            if var abandonment = runChunk(cases[start..<end], appendingTo: &results) {
                abandonment.caseIndex = abandonment.caseIndex.map { $0 + start }
                return .abandoned(abandonment)
            }
            start = end
        }
        return .completed(results)
    }

    /// Addresses in the harness region and below it, as host pointers.
    private func region(_ address: UInt64) -> UnsafeMutableRawPointer {
        address >= BatchLayout.region ? machine.memory.base + BatchImage.physical(address) : machine.memory.base + Int(address)
    }

    /// Per case of a chunk: its patched quadwords and its vector area.
    private struct Prepared {
        var patched: BatchInputs.Patched
        var vectorArea: Int?
        var runnable: Bool
        var expected: BatchResults.Expected
        /// The case's state hides x87 pointers that its vector state is read back with.
        var hidesX87Pointers: Bool
    }

    /// Runs up to `BatchLayout.capacity` cases (case `cases.startIndex + n` is the chunk's case n)
    /// and appends their results; nil unless the chunk was abandoned (its results are then partial,
    /// and `run` drops them all).
    private func runChunk(_ cases: ArraySlice<BatchCase>, appendingTo results: inout [BatchResult]) -> BatchAbandonment? {
        nonce &+= 1
        var prepared: [Prepared] = []
        prepared.reserveCapacity(cases.count)
        var patchCount = 0
        var vectorAreas = 0
        for (index, batchCase) in cases.enumerated() {
            let valid = CaseValidation.problem(bytes: batchCase.bytes, state: batchCase.state, mxcsrMask: machine.mxcsrMask) == nil
            let patched = valid ? BatchInputs.patchedQuadwords(batchCase.state) : []
            let runnable = valid && patchCount + patched.count <= BatchLayout.patchCapacity
            let vectorArea = runnable && batchCase.observeVectorState ? vectorAreas : nil
            if vectorArea != nil { vectorAreas += 1 }
            prepared.append(Prepared(patched: patched, vectorArea: vectorArea, runnable: runnable, expected: BatchResults.Expected(batchCase),
                                     hidesX87Pointers: vectorArea != nil && batchCase.state.vector.hidesX87Pointers))
            guard runnable else { continue }
            BatchInputs.write(batchCase, index: index, patched: patched, patchStart: patchCount, vectorArea: vectorArea, into: region)
            patchCount += patched.count
        }
        return execute(prepared, appendingTo: &results)
    }

    private func execute(_ prepared: [Prepared], appendingTo results: inout [BatchResult]) -> BatchAbandonment? {
        let reader = BatchResults(region: region, nonce: nonce)
        var first = 0
        while first < prepared.count {
            // A case the sandbox refuses is not run; the harness runs the ones between.
            while first < prepared.count, !prepared[first].runnable {
                results.append(.escaped(BatchEscape(.refused, "refused by the sandbox's checks")))
                first += 1
            }
            guard first < prepared.count else { break }
            var end = first
            while end < prepared.count, prepared[end].runnable { end += 1 }
            let (exit, switched) = enter(first: first, end: end)
            let reached: Int
            switch exit {
            case .done: reached = end
            case .cut(let next): reached = next
            case .abandoned(let abandonment):
                reset()
                return abandonment
            }
            var logEnd = 0
            for index in first..<reached {
                guard let (result, caseLogEnd) = reader.read(prepared[index].expected, index: index, patched: prepared[index].patched,
                                                            vectorArea: prepared[index].vectorArea) else {
                    reset()
                    return BatchAbandonment(reason: .harnessMemoryChanged, detail: "the result record of case \(index) is not the harness's")
                }
                if switched, prepared[index].hidesX87Pointers, case .outcome(let outcome) = result, outcome.vector?.showsX87Pointers == true {
                    results.append(.escaped(BatchEscape(.hiddenX87PointersSwitchedOut,
                                                        "the thread was switched out while the case's x87 pointers were hidden")))
                } else {
                    results.append(result)
                }
                logEnd = max(logEnd, caseLogEnd)
            }
            let vectorAreas = prepared[first..<reached].compactMap(\.vectorArea)
            if let changed = changedGuardedMemory(records: first..<reached, logEnd: logEnd, vectorAreas: vectorAreas) {
                reset()
                return BatchAbandonment(reason: .harnessMemoryChanged, detail: "guarded memory changed in cases \(first)..<\(reached): \(changed)")
            }
            restoreCanary(records: first..<reached, logEnd: logEnd, vectorAreas: vectorAreas)
            first = reached
        }
        return nil
    }

    private enum Exit {
        case done
        case cut(next: Int)
        case abandoned(BatchAbandonment)
    }

    /// One KVM_RUN of cases `first..<end` (more if a stray signal interrupts it), and whether the
    /// vCPU's registers may have gone through the host's XSAVES and XRSTORS meanwhile (the thread
    /// was switched out, or a signal interrupted the run), which loses hidden x87 pointers.
    private func enter(first: Int, end: Int) -> (Exit, switched: Bool) {
        let watch = ContextSwitchWatch()
        var interrupted = false
        let exit = enterOnce(first: first, end: end, interrupted: &interrupted)
        let switched = interrupted || watch.sawSwitch
        if switched { runsSwitchedOut += 1 }
        return (exit, switched)
    }

    private func enterOnce(first: Int, end: Int, interrupted: inout Bool) -> Exit {
        let header = region(BatchLayout.header)
        header.storeBytes(of: UInt64(first).littleEndian, toByteOffset: Int(BATCH_HEADER_FIRST), as: UInt64.self)
        header.storeBytes(of: UInt64(end).littleEndian, toByteOffset: Int(BATCH_HEADER_END), as: UInt64.self)
        header.storeBytes(of: nonce.littleEndian, toByteOffset: Int(BATCH_HEADER_NONCE), as: UInt64.self)
        let run = machine.run
        if needsReset { pointAtEntry() }
        for _ in 0..<3 {
            run.pointee.immediate_exit = 0
            let generation = slot.begin()
            let result = ioctl(machine.vcpu.raw, CKVM_RUN, 0)
            let runErrno = Glibc.errno
            slot.end(generation)
            if result < 0 {
                guard runErrno == EINTR else {
                    return .abandoned(BatchAbandonment(reason: .unexpectedExit, detail: "\(SystemError(call: "ioctl(KVM_RUN)", errno: runErrno))"))
                }
                ckvm_consume_watchdog_signal()
                interrupted = true
                if slot.fired(for: generation) {
                    return .abandoned(BatchAbandonment(reason: .watchdog, detail: "cases \(first)..<\(end) took longer than \(options.watchdogLimit)"))
                }
                continue
            }
            guard run.pointee.exit_reason == CKVM_EXIT_MMIO else {
                return .abandoned(BatchAbandonment(reason: .unexpectedExit,
                                                   detail: "exit \(run.pointee.exit_reason) at \(Hex.format(ckvm_sync_regs(run)!.pointee.rip))"))
            }
            if let changed = changedSegmentBase(first: first, end: end) { return .abandoned(changed) }
            let data = ckvm_mmio_data(run)
            switch Int64(bitPattern: ckvm_mmio_address(run) &- BatchLayout.exitPhysical) {
            case Int64(BATCH_EXIT_DONE): return .done
            case Int64(BATCH_EXIT_CUT) where data > UInt64(first) && data < UInt64(end): return .cut(next: Int(data))
            case Int64(BATCH_EXIT_FAULT): return .abandoned(harnessFault(vector: data))
            default:
                return .abandoned(BatchAbandonment(reason: .harnessMemoryChanged,
                                                   detail: "the harness found it at case \(Int64(bitPattern: data))"))
            }
        }
        return .abandoned(BatchAbandonment(reason: .unexpectedExit, detail: "KVM_RUN was interrupted three times"))
    }

    /// The harness's own fault, with what it had at hand: the running case (its slot's index) and,
    /// where RBX points into an exception stack as the harness's entries leave it, the frame's RIP
    /// and CS.
    private func harnessFault(vector: UInt64) -> BatchAbandonment {
        let slot = region(UInt64(BATCH_CODE_PAGE)).load(fromByteOffset: BatchLayout.slotIndex, as: UInt64.self)
        let caseIndex = Int(exactly: UInt64(littleEndian: slot)).flatMap { $0 < BatchLayout.capacity ? $0 : nil }
        var detail = "vector \(vector)" + (caseIndex.map { " in case \($0)" } ?? "")
        let frame = ckvm_sync_regs(machine.run)!.pointee.rbx
        let stacks = (BatchLayout.ist1Top - GuestLayout.pageSize)..<BatchLayout.ist1Top
        let pageFaultStack = (BatchLayout.ist2Top & ~(GuestLayout.pageSize - 1))..<BatchLayout.ist2Top
        if frame & 7 == 0, stacks.contains(frame) && frame + 16 <= stacks.upperBound
            || pageFaultStack.contains(frame) && frame + 16 <= pageFaultStack.upperBound {
            let words = region(frame)
            let rip = UInt64(littleEndian: words.load(as: UInt64.self))
            let cs = UInt64(littleEndian: words.load(fromByteOffset: 8, as: UInt64.self))
            detail += " at RIP \(Hex.format(rip)), CS \(Hex.format(cs))"
        }
        return BatchAbandonment(reason: .harnessFault, detail: detail, caseIndex: caseIndex)
    }

    /// Points the vCPU at the harness's entry, at CPL3, with fresh special registers and no
    /// pending event (after the watchdog, KVM may hold one).
    private func pointAtEntry() {
        let run = machine.run
        var regs = kvm_regs()
        regs.rip = BatchLayout.code + UInt64(ckvm_batch_entry_offset())
        regs.rsp = BatchLayout.ist1Top
        regs.rflags = MachineState.defaultRFlags
        ckvm_sync_regs(run)!.pointee = regs
        ckvm_sync_sregs(run)!.pointee = machine.baseSRegs
        ckvm_sync_events(run)!.pointee = kvm_vcpu_events()
        run.pointee.kvm_dirty_regs = CKVM_SYNC_X86_REGS | CKVM_SYNC_X86_SREGS | CKVM_SYNC_X86_EVENTS
        needsReset = false
    }

    /// The abandonment when FS or GS base is no longer the guest's: no CPL3 code of the harness
    /// can reset them, and a case with an FS or GS override would run against the changed base.
    private func changedSegmentBase(first: Int, end: Int) -> BatchAbandonment? {
        let now = ckvm_sync_sregs(machine.run)!.pointee, base = machine.baseSRegs
        guard now.fs.base != base.fs.base || now.gs.base != base.gs.base else { return nil }
        return BatchAbandonment(reason: .segmentBaseChanged,
                                detail: "FS base \(Hex.format(now.fs.base)), GS base \(Hex.format(now.gs.base)) after cases \(first)..<\(end)")
    }

    /// After an abandoned batch: every guarded byte back to the canary, the code page to int3,
    /// and the vCPU to the entry.
    private func reset() {
        BatchImage.fillGuardedAreas(machine.memory.base)
        region(GuestLayout.codeAddress).initializeMemory(as: UInt8.self, repeating: BatchImage.int3, count: Int(GuestLayout.pageSize))
        needsReset = true
    }

    /// Where memory no case may change has changed after these cases, named, with its first
    /// changed address; nil when all is as the harness leaves it: the code page past the slot
    /// holds int3, and the staging page, the records and log entries outside these cases' and the
    /// unused XSAVE areas hold the canary. (A segment's vector areas are consecutive.)
    private func changedGuardedMemory(records: Range<Int>, logEnd: Int, vectorAreas: [Int]) -> String? {
        let recordSize = BatchLayout.recordSize, area = BatchLayout.vectorAreaSize
        let codeTail = GuestLayout.codeAddress + UInt64(BatchLayout.slotSize)
        let resultsAfter = records.upperBound * recordSize
        let usedAreas = (vectorAreas.first ?? 0)..<((vectorAreas.last ?? -1) + 1)
        let int3 = BatchResults.int3Filler, canary = BatchLayout.canary
        let guarded: [(name: String, address: UInt64, bytes: Int, word: UInt64)] = [
            ("the code page past the slot", codeTail, Int(GuestLayout.pageSize) - BatchLayout.slotSize, int3),
            ("the staging page", BatchLayout.scratch, Int(GuestLayout.pageSize), canary),
            ("the result records before these cases'", BatchLayout.results, records.lowerBound * recordSize, canary),
            ("the result records after these cases'", BatchLayout.results + UInt64(resultsAfter),
             BatchLayout.capacity * recordSize - resultsAfter, canary),
            ("the write log past these cases' entries", BatchLayout.log + UInt64(logEnd * BatchLayout.entrySize),
             (BatchLayout.logCapacity - logEnd) * BatchLayout.entrySize, canary),
            ("the XSAVE areas before these cases'", BatchLayout.saves, usedAreas.lowerBound * area, canary),
            ("the XSAVE areas after these cases'", BatchLayout.saves + UInt64(usedAreas.upperBound * area),
             (BatchLayout.capacity - usedAreas.upperBound) * area, canary),
        ]
        for range in guarded where !BatchResults.holds(range.word, region(range.address), bytes: range.bytes) {
            let words = UnsafeRawPointer(region(range.address)).assumingMemoryBound(to: UInt64.self)
            let first = (0..<(range.bytes / 8)).first { words[$0] != range.word.littleEndian } ?? 0
            return "\(range.name), at \(Hex.format(range.address + UInt64(first * 8)))"
        }
        return nil
    }

    /// Puts the canary back where the harness wrote for these cases.
    private func restoreCanary(records: Range<Int>, logEnd: Int, vectorAreas: [Int]) {
        let recordSize = BatchLayout.recordSize
        BatchImage.fillCanary(region(BatchLayout.results + UInt64(records.lowerBound * recordSize)), bytes: records.count * recordSize)
        BatchImage.fillCanary(region(BatchLayout.log), bytes: logEnd * BatchLayout.entrySize)
        for area in vectorAreas {
            BatchImage.fillCanary(region(BatchLayout.saves + UInt64(area * BatchLayout.vectorAreaSize)), bytes: BatchLayout.vectorAreaSize)
        }
    }
}
