import CKVM
import Glibc
import X86

extension Sandbox {
    /// The interrupt frame a handler found on the CPL0 stack.
    struct InterruptFrame {
        var errorCode: UInt64?
        var rip: UInt64
        var cs: UInt64
        var rflags: UInt64
        var rsp: UInt64
    }

    /// Turns the exit of a finished KVM_RUN into an outcome: which handler halted gives the
    /// vector, the frame gives RIP/RFLAGS/RSP, the rest of the registers are the vCPU's.
    func readOutcome(observeVectorState: Bool) throws(SandboxError) -> Outcome {
        let run = machine.run
        let reason = run.pointee.exit_reason
        guard reason == CKVM_EXIT_HLT else { throw unexpectedExit(reason) }
        let regs = ckvm_sync_regs(run)!.pointee
        let haltedAt = regs.rip &- 1
        guard haltedAt >= GuestLayout.handlers, haltedAt < GuestLayout.handlers + 256 else {
            throw .unexpectedExit(reason: reason, detail: "hlt at \(Hex.format(haltedAt)), outside the handlers")
        }
        let vector = ExceptionVector(rawValue: UInt8(haltedAt - GuestLayout.handlers))
        let frame = try readFrame(rsp: regs.rsp, vector: vector)

        var vectorState: VectorState?
        if observeVectorState {
            do { vectorState = try machine.readVectorState() } catch { throw .run(error) }
        }
        var gpr = GPRFile()
        gpr[.rax] = regs.rax; gpr[.rbx] = regs.rbx; gpr[.rcx] = regs.rcx; gpr[.rdx] = regs.rdx
        gpr[.rsi] = regs.rsi; gpr[.rdi] = regs.rdi; gpr[.rsp] = frame.rsp; gpr[.rbp] = regs.rbp
        gpr[.r8] = regs.r8; gpr[.r9] = regs.r9; gpr[.r10] = regs.r10; gpr[.r11] = regs.r11
        gpr[.r12] = regs.r12; gpr[.r13] = regs.r13; gpr[.r14] = regs.r14; gpr[.r15] = regs.r15

        var exception: ExceptionInfo?
        if vector != .db {
            exception = ExceptionInfo(vector: vector, errorCode: frame.errorCode,
                                      cr2: vector == .pf ? ckvm_sync_sregs(run)!.pointee.cr2 : nil)
        }
        return Outcome(exception: exception, gpr: gpr, rip: frame.rip,
                       rflags: frame.rflags & ~(RFlags.tf | RFlags.rf), vector: vectorState,
                       memoryWrites: diffWindow())
    }

    /// Reads the frame at the CPL0 stack pointer. Its size (40 or 48 bytes) tells whether the
    /// CPU pushed an error code; a frame from CPL0 means the handler itself faulted.
    private func readFrame(rsp: UInt64, vector: ExceptionVector) throws(SandboxError) -> InterruptFrame {
        let size = GuestLayout.kernelStackTop &- rsp
        guard size == 40 || size == 48 else {
            throw .unexpectedExit(reason: CKVM_EXIT_HLT, detail: "\(vector.name) with a \(size)-byte frame")
        }
        let stack = machine.memory.base + Int(rsp)
        func word(_ index: Int) -> UInt64 { UInt64(littleEndian: stack.load(fromByteOffset: index * 8, as: UInt64.self)) }
        let hasErrorCode = size == 48
        let first = hasErrorCode ? 1 : 0
        let frame = InterruptFrame(errorCode: hasErrorCode ? word(0) : nil, rip: word(first), cs: word(first + 1),
                                   rflags: word(first + 2), rsp: word(first + 3))
        guard frame.cs == UInt64(GuestLayout.userCodeSelector) else {
            throw .unexpectedExit(reason: CKVM_EXIT_HLT, detail: "\(vector.name) raised at CPL0 (CS \(Hex.format(frame.cs)))")
        }
        guard !(Prologue.address..<Prologue.address + UInt64(Prologue.code.count)).contains(frame.rip) else {
            throw .unexpectedExit(reason: CKVM_EXIT_HLT, detail: "\(vector.name) in the prologue at \(Hex.format(frame.rip))")
        }
        return frame
    }

    private func unexpectedExit(_ reason: UInt32) -> SandboxError {
        let run = machine.run
        let detail = switch reason {
        case CKVM_EXIT_SHUTDOWN: "shutdown (triple fault)"
        case CKVM_EXIT_INTERNAL_ERROR: "internal error, suberror \(ckvm_internal_suberror(run))"
        case CKVM_EXIT_FAIL_ENTRY: "entry failed, hardware reason \(Hex.format(ckvm_fail_entry_reason(run)))"
        case CKVM_EXIT_IO: "port I/O"
        case CKVM_EXIT_MMIO: "MMIO"
        default: "exit reason \(reason)"
        }
        return .unexpectedExit(reason: reason, detail: detail)
    }

    /// The window's changed bytes as runs. A quadword compare finds the changed regions, so a
    /// case that wrote nothing costs one pass and leaves the guest's copy marked clean.
    private func diffWindow() -> [MemoryRun] {
        let count = initialWindow.count
        let before = initialWindow.baseAddress!
        let after = guestWindow
        if memcmp(before, after, count) == 0 {
            guestWindowDirty = false
            return []
        }
        var changes: [(offset: Int, byte: UInt8)] = []
        var offset = 0
        while offset < count {
            if before.load(fromByteOffset: offset, as: UInt64.self) != after.load(fromByteOffset: offset, as: UInt64.self) {
                for byteOffset in offset..<(offset + 8) {
                    let new = after.load(fromByteOffset: byteOffset, as: UInt8.self)
                    if new != before.load(fromByteOffset: byteOffset, as: UInt8.self) { changes.append((byteOffset, new)) }
                }
            }
            offset += 8
        }
        return MemoryRun.runs(base: GuestLayout.dataBase, changes: changes)
    }
}
