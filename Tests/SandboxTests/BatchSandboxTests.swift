import Sandbox
import Testing
import TestSupport
import X86

/// The batch harness reports what the single-step sandbox reports, for every way a case can end;
/// a case that writes into the harness's memory abandons its batch; a stuck batch is cut off;
/// a batch whose write log fills up carries on in another KVM_RUN.
@Suite(.needsKVM)
struct BatchSandboxTests {
    /// A case as the tests write it: bytes, register values and how the batch runs it.
    struct Example: Sendable, CustomStringConvertible {
        var name: String
        var bytes: [UInt8]
        var registers: [(GPR, UInt64)] = []
        var rflags: UInt64 = MachineState.defaultRFlags
        var patches: [MemoryRun] = []
        var vector = false
        var trapFlag = false
        var pad: UInt64?
        var isBranch = false
        var description: String { name }

        var batchCase: BatchCase {
            var state = MachineState.defaults
            for (register, value) in registers { state.gpr[register] = value }
            state.rflags = rflags
            state.dataSeed = UInt64(bytes.count) * 0x1234_5678
            state.memoryPatches = patches
            if vector {
                state.vector.ymm[0] = Vec256(1, 2, 3, 4)
                state.vector.ymm[1] = Vec256(0xFFFF_FFFF_FFFF_FFFF, 5, 6, 0x8000_0000_0000_0000)
            }
            return BatchCase(bytes: bytes, state: state, observeVectorState: vector, trapFlag: trapFlag, pad: pad, isBranch: isBranch)
        }
    }

    static let window = GuestLayout.dataBase
    static let examples: [Example] = [
        Example(name: "add", bytes: [0x48, 0x01, 0xD8], registers: [(.rax, 40), (.rbx, 2)]),
        Example(name: "store", bytes: [0x48, 0x89, 0x1E], registers: [(.rsi, window + 0x100), (.rbx, 0x1122_3344_5566_7788)]),
        Example(name: "store of what is there", bytes: [0x48, 0x89, 0x1E], registers: [(.rsi, window + 0x100)],
                patches: [MemoryRun(address: window + 0x100, bytes: [0, 0, 0, 0, 0, 0, 0, 0])]),
        Example(name: "load over a patch", bytes: [0x48, 0x8B, 0x06], registers: [(.rsi, window + 0x103)],
                patches: [MemoryRun(address: window + 0x105, bytes: [1, 2, 3]), MemoryRun(address: window + 0x106, bytes: [9])]),
        Example(name: "#PF, not present", bytes: [0x48, 0x8B, 0x06], registers: [(.rsi, 0x4000_0000)]),
        Example(name: "#PF, supervisor page", bytes: [0x48, 0x89, 0x1E], registers: [(.rsi, GuestLayout.idt + 8)]),
        Example(name: "#PF, store across the window's end", bytes: [0x48, 0x89, 0x1E], registers: [(.rsi, window + 0x1FFC)]),
        Example(name: "#GP, non-canonical", bytes: [0x48, 0x8B, 0x06], registers: [(.rsi, 0x8000_0000_0000_0000)]),
        Example(name: "#UD", bytes: [0x0F, 0x0B]),
        Example(name: "#DE", bytes: [0x48, 0xF7, 0xF1], registers: [(.rcx, 0)]),
        Example(name: "#AC", bytes: [0x48, 0x8B, 0x06], registers: [(.rsi, window + 0x101)], rflags: MachineState.defaultRFlags | RFlags.ac),
        Example(name: "flags out", bytes: [0x48, 0x29, 0xD8], registers: [(.rax, 1), (.rbx, 2)], rflags: 0xED7),
        Example(name: "vpaddq", bytes: [0xC5, 0xF5, 0xD4, 0xC0], vector: true),
        Example(name: "paddq, misaligned #GP", bytes: [0x66, 0x0F, 0xD4, 0x06], registers: [(.rsi, window + 8)], vector: true),
        Example(name: "pushfq under TF", bytes: [0x9C], trapFlag: true),
        Example(name: "popfq under TF", bytes: [0x9D], patches: [MemoryRun(address: MachineState.defaultRSP, bytes: [0xD7, 0x0C, 0x04, 0, 0, 0, 0, 0])],
                trapFlag: true),
        Example(name: "rep movsb under TF", bytes: [0xF3, 0xA4], registers: [(.rcx, 3), (.rsi, window + 0x10), (.rdi, window + 0x800)],
                trapFlag: true),
        Example(name: "rep movsb, count 1", bytes: [0xF3, 0xA4], registers: [(.rcx, 1), (.rsi, window + 0x10), (.rdi, window + 0x800)]),
        Example(name: "repe cmpsb, count 0", bytes: [0xF3, 0xA6], registers: [(.rcx, 0), (.rsi, window + 0x10), (.rdi, window + 0x800)]),
        Example(name: "jmp to a pad", bytes: [0xEB, 0x40], pad: GuestLayout.codeAddress + 0x42, isBranch: true),
        Example(name: "jz not taken", bytes: [0x74, 0x40], pad: GuestLayout.codeAddress + 0x42, isBranch: true),
        Example(name: "jmp into the slot under TF", bytes: [0xEB, 0x02], trapFlag: true, isBranch: true),
        Example(name: "jmp rel32 out of the code page", bytes: [0xE9, 0x00, 0x00, 0x01, 0x00], isBranch: true),
        Example(name: "call", bytes: [0xE8, 0x00, 0x10, 0x00, 0x00], isBranch: true),
        Example(name: "jmp rcx", bytes: [0xFF, 0xE1], registers: [(.rcx, window + 0x40)], isBranch: true),
        Example(name: "ret", bytes: [0xC3], patches: [MemoryRun(address: MachineState.defaultRSP, bytes: [0, 0, 0, 0x40, 0, 0, 0, 0])],
                isBranch: true),
        Example(name: "enter", bytes: [0xC8, 0x10, 0x00, 0x03], registers: [(.rbp, window + 0x1800)]),
    ]

    @Test(arguments: examples)
    func batchGivesTheSingleStepOutcome(example: Example) throws {
        let batchCase = example.batchCase
        let expected = try Sandbox().run(batchCase.bytes, from: batchCase.state, observeVectorState: batchCase.observeVectorState)
        guard case .completed(let results) = try BatchSandbox().run([batchCase]) else {
            Issue.record("the batch was abandoned")
            return
        }
        #expect(results == [.outcome(expected)])
    }

    /// All examples in one batch, twice: a case starts from its own state whatever ran before.
    @Test func examplesInOneBatchGiveTheirOwnOutcomes() throws {
        let sandbox = try Sandbox()
        let cases = (Self.examples + Self.examples).map(\.batchCase)
        guard case .completed(let results) = try BatchSandbox().run(cases) else {
            Issue.record("the batch was abandoned")
            return
        }
        for (batchCase, result) in zip(cases, results) {
            let expected = try sandbox.run(batchCase.bytes, from: batchCase.state, observeVectorState: batchCase.observeVectorState)
            #expect(result == .outcome(expected))
        }
    }

    /// A case that leaves its slot another way comes back escaped: here a jump the plan did not
    /// expect lands on int3 filler. A state the sandbox refuses escapes too, for another reason.
    @Test func aCaseThatLeavesItsSlotEscapes() throws {
        let stray = BatchCase(bytes: [0xEB, 0x40], state: .defaults, observeVectorState: false)
        var refusedState = MachineState.defaults
        refusedState.rflags |= RFlags.tf
        let refused = BatchCase(bytes: [0x90], state: refusedState, observeVectorState: false)
        guard case .completed(let results) = try BatchSandbox().run([stray, refused]), results.count == 2,
              case .escaped(let strayEscape) = results[0], case .escaped(let refusedEscape) = results[1] else {
            Issue.record("expected two escaped cases")
            return
        }
        #expect(strayEscape.reason == .unexpectedEnding)
        #expect(strayEscape.detail.hasPrefix("#BP at "), "\(strayEscape.detail)")
        #expect(refusedEscape.reason == .refused)
    }

    /// `add rax, rbx`, which touches nothing but registers.
    static let add = BatchCase(bytes: [0x48, 0x01, 0xD8], state: .defaults, observeVectorState: false)

    /// `mov [rsi], rbx` with RSI at `address`.
    static func store(at address: UInt64) -> BatchCase {
        var state = MachineState.defaults
        state.gpr[.rsi] = address
        state.gpr[.rbx] = 0x0123_4567_89AB_CDEF
        return BatchCase(bytes: [0x48, 0x89, 0x1E], state: state, observeVectorState: false)
    }

    /// A store anywhere into the harness region's writable memory abandons the batch, whether it
    /// hits a record written before it, its own, one after it, the log, the staging area, the
    /// pristine window or an XSAVE area; the next batch runs normally.
    @Test(arguments: [0, 0x100, 0x1000, 0x3F8])
    func aStoreIntoTheHarnessAbandonsTheBatch(offset: UInt64) throws {
        let sandbox = try BatchSandbox()
        let add = BatchCase(bytes: [0x48, 0x01, 0xD8], state: .defaults, observeVectorState: true)
        for area in BatchLayout.writableAreas {
            let store = Self.store(at: area.lowerBound + offset)
            guard case .abandoned(let abandonment) = sandbox.run([add, add, store, add, add]),
                  abandonment.reason == .harnessMemoryChanged else {
                Issue.record("a store at \(Hex.format(area.lowerBound + offset)) went unnoticed")
                continue
            }
            guard case .completed(let results) = sandbox.run([add, add]), results.count == 2 else {
                Issue.record("the batch after the store at \(Hex.format(area.lowerBound + offset)) did not run")
                continue
            }
        }
    }

    /// A case that traps in the harness's own code (a jump there under TF; the plan keeps such
    /// cases out of batches) abandons the batch as the harness's fault, naming the case that ran,
    /// the vector and the frame's RIP and CS; the next batch runs normally.
    @Test func aFaultInTheHarnessNamesTheCaseAndTheFrame() throws {
        let sandbox = try BatchSandbox()
        let add = Self.add
        let target = BatchLayout.region + 0xDC000 + 0x40
        var state = MachineState.defaults
        state.gpr[.rax] = target
        let jump = BatchCase(bytes: [0xFF, 0xE0], state: state, observeVectorState: false, trapFlag: true, isBranch: true)
        guard case .abandoned(let abandonment) = sandbox.run([add, add, jump, add]) else {
            Issue.record("a trap in the harness code went unnoticed")
            return
        }
        #expect(abandonment.reason == .harnessFault)
        #expect(abandonment.caseIndex == 2)
        #expect(abandonment.detail == "vector 1 in case 2 at RIP \(Hex.format(target)), CS 0x33")
        guard case .completed(let results) = sandbox.run([add, add]), results.count == 2 else {
            Issue.record("the batch after the harness's fault did not run")
            return
        }
    }

    /// A store the harness cannot see (into a result record past the batch's) is found by the
    /// host's check after the batch, whose detail names the area and the address.
    @Test func aStoreTheHostFindsIsNamedByAreaAndAddress() throws {
        let sandbox = try BatchSandbox()
        let address = BatchLayout.region + 0x180000 + 100 * 256 + 0x18
        guard case .abandoned(let abandonment) = sandbox.run([Self.add, Self.store(at: address), Self.add]) else {
            Issue.record("a store into a later result record went unnoticed")
            return
        }
        #expect(abandonment.reason == .harnessMemoryChanged)
        #expect(abandonment.detail == "guarded memory changed in cases 0..<3: the result records after these cases', at \(Hex.format(address))")
    }

    /// `f3 f2 0f ae d0` is WRFSBASE to the CPU (Capstone 4 cannot decode it). No CPL3 harness
    /// code can reset FS base, so its batch is abandoned, and the next batch has FS base 0 again.
    @Test func aCaseThatChangesFSBaseAbandonsTheBatch() throws {
        let sandbox = try BatchSandbox()
        var written = MachineState.defaults
        written.gpr[.rax] = 0x5233_0000
        let wrfsbase = BatchCase(bytes: [0xF3, 0xF2, 0x0F, 0xAE, 0xD0], state: written, observeVectorState: false,
                                 trapFlag: true, isBranch: true)
        let add = Self.add
        guard case .abandoned(let abandonment) = sandbox.run([add, wrfsbase, add]) else {
            Issue.record("a changed FS base went unnoticed")
            return
        }
        #expect(abandonment.reason == .segmentBaseChanged, "\(abandonment.detail)")
        #expect(abandonment.detail.hasPrefix("FS base 0x52330000"), "\(abandonment.detail)")
        var load = MachineState.defaults
        load.gpr[.rsi] = GuestLayout.dataBase
        guard case .completed(let results) = sandbox.run([BatchCase(bytes: [0x64, 0x48, 0x8B, 0x06], state: load, observeVectorState: false)]),
              case .outcome(let outcome)? = results.first else {
            Issue.record("the batch after the abandoned one did not run")
            return
        }
        #expect(outcome.exception == nil, "an FS-relative load of the data window faulted: FS base was not reset")
    }

    @Test func theWatchdogCutsOffAStuckBatch() throws {
        let sandbox = try BatchSandbox(options: Sandbox.Options(watchdogLimit: .milliseconds(200)))
        let loop = BatchCase(bytes: [0xEB, 0xFE], state: .defaults, observeVectorState: false)
        guard case .abandoned(let abandonment) = sandbox.run([loop]) else {
            Issue.record("a jump to itself came back")
            return
        }
        #expect(abandonment.reason == .watchdog)
        var add = MachineState.defaults
        add.gpr[.rax] = 1
        guard case .completed(let results) = sandbox.run([BatchCase(bytes: [0x48, 0x01, 0xC0], state: add, observeVectorState: false)]),
              case .outcome(let outcome)? = results.first else {
            Issue.record("the batch after the watchdog did not run")
            return
        }
        #expect(outcome.gpr[.rax] == 2)
    }

    /// ENTER with 31 nesting levels changes 33 quadwords: 1,000 of them overflow the write log,
    /// so the harness stops and the host carries on where it stopped.
    @Test func aFullWriteLogContinuesInAnotherRun() throws {
        var state = MachineState.defaults
        state.gpr[.rbp] = GuestLayout.dataBase + 0x1F00
        let enter = BatchCase(bytes: [0xC8, 0x00, 0x00, 0x1F], state: state, observeVectorState: false)
        guard case .completed(let results) = try BatchSandbox().run(Array(repeating: enter, count: 1000)) else {
            Issue.record("the batch was abandoned")
            return
        }
        let expected = try Sandbox().run(enter.bytes, from: enter.state, observeVectorState: false)
        #expect(expected.memoryWrites.reduce(0) { $0 + $1.bytes.count } > 16 * 8)
        #expect(results.count == 1000)
        #expect(results.allSatisfy { $0 == .outcome(expected) })
    }
}
