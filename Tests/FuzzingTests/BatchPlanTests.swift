import Decoding
import Sandbox
import Testing
import X86

/// What goes to the single-step path and why, and how the batch runs the rest.
struct BatchPlanTests {
    static func plan(_ hex: String, _ registers: [(GPR, UInt64)] = [], rflags: UInt64 = MachineState.defaultRFlags,
                     patches: [MemoryRun] = []) throws -> BatchPlan.Plan {
        let instruction = try #require(try InstructionDecoder().decode(Hex.parseBytes(hex)))
        var state = MachineState.defaults
        for (register, value) in registers { state.gpr[register] = value }
        state.rflags = rflags
        state.memoryPatches = patches
        return BatchPlan.plan(instruction, state: state, observeVectorState: false)
    }

    @Test(arguments: [
        ("48cf", "iretq"), ("cc", "int3"), ("cd80", "int 0x80"), ("0f05", "syscall"), ("0f07", "sysret"),
        ("0f34", "sysenter"), ("0f35", "sysexit"), ("ff2e", "jmp far [rsi]"), ("cb", "retf"), ("8ed0", "mov ss, eax"),
        ("0fa1", "pop fs"), ("0fb216", "lss"), ("f30fae d0", "wrfsbase"),
    ])
    func instructionsThatChangeWhatTheHarnessReliesOnGoToSingleStep(hex: String, name: String) throws {
        guard case .singleStep(.changesHarnessState) = try Self.plan(hex) else {
            Issue.record("\(name) would run in a batch")
            return
        }
    }

    /// The CPU may take fewer of an undecodable case's 15 bytes than the slot holds: TF stops it
    /// after what it took.
    @Test func undecodableBytesRunUnderTF() {
        let bytes: [UInt8] = [0x0F, 0x0D, 0x00] + [UInt8](repeating: 0, count: 12)
        guard case .batch(let batchCase) = BatchPlan.plan(.undecodable(bytes), state: .defaults, observeVectorState: false) else {
            Issue.record("undecodable bytes went to single-step")
            return
        }
        #expect(batchCase.trapFlag && batchCase.isBranch)
    }

    /// Bytes Capstone 4 cannot decode that the CPU runs as WRFSBASE (measured: both complete),
    /// and LOCK on a hint NOP, whose trap comes late: the single-step path takes them.
    @Test(arguments: [("f3f20faed0", "changes-harness-state"), ("f366480faed0", "changes-harness-state"),
                      ("f00f1d00", "delays-trap")])
    func undecodableBytesTheBatchMustNotRunGoToSingleStep(hex: String, reason: String) throws {
        let bytes = try Hex.parseBytes(hex)
        #expect(try InstructionDecoder().decode(bytes) == nil, "Capstone decodes \(hex) now: pick other bytes")
        guard case .singleStep(let planned) = BatchPlan.plan(.undecodable(bytes), state: .defaults, observeVectorState: true) else {
            Issue.record("\(hex) would run in a batch")
            return
        }
        #expect(planned.rawValue == reason)
    }

    @Test func virtualInterruptFlagsGoToSingleStep() throws {
        guard case .singleStep(.virtualInterruptFlags) = try Self.plan("4801d8", rflags: MachineState.defaultRFlags | RFlags.vif) else {
            Issue.record("VIF would run in a batch")
            return
        }
    }

    @Test func lockedHintNopsGoToSingleStep() throws {
        guard case .singleStep(.delaysTrap) = try Self.plan("f00f1f00", [(.rax, GuestLayout.dataBase)]) else {
            Issue.record("LOCK NOP would run in a batch")
            return
        }
    }

    typealias Registers = [(GPR, UInt64)]

    static let nearDiffering: [(hex: String, registers: Registers, what: String)] = [
        ("488b06", [(GPR.rsi, GuestLayout.codeAddress + 0x20)], "a load from the code page"),
        ("488b06", [(GPR.rsi, GuestLayout.statePage + 0x800)], "a load from the state page"),
        ("488b0500000000", [], "a RIP-relative load"),
        ("48891e", [(GPR.rsi, BatchLayout.region + 0x180000)], "a store into the results"),
        ("67488b06", [(GPR.rsi, 0x1_0001_0010)], "a 32-bit address that wraps into the code page"),
        ("480fa306", [(GPR.rsi, GuestLayout.dataBase), (GPR.rax, 0xFFFF_FFFF_FFF8_0000)], "bt with a bit offset far below"),
        ("50", [(GPR.rsp, GuestLayout.statePage + 0x1008)], "a push just above the state page"),
        ("a4", [(GPR.rsi, GuestLayout.dataBase), (GPR.rdi, GuestLayout.codeAddress + 0x100)], "movsb into the code page"),
        ("c87fff00", [(GPR.rsp, GuestLayout.dataBase + 0x800)], "enter whose frame reaches the state page"),
        ("c9", [(GPR.rsp, GuestLayout.dataBase + 0x800), (GPR.rbp, GuestLayout.codeAddress + 0x40)], "leave through RBP at the code page"),
        ("d7", [(GPR.rbx, GuestLayout.statePage + 0x10)], "xlatb through RBX at the state page"),
        ("0ff7c1", [(GPR.rdi, GuestLayout.codeAddress)], "maskmovq through RDI at the code page"),
        ("58", [(GPR.rsp, 0xFFFF_0000_0001_1000)], "a pop whose RSP cut to 32 bits is the state page"),
        ("9d", [(GPR.rsp, GuestLayout.codeAddress + 0x80)], "popfq from the code page"),
    ]

    /// Operands (and the registers implicit accesses use) near the code page, the state page or
    /// the harness region: the two guests differ there.
    @Test(arguments: nearDiffering)
    func memoryWhereTheGuestsDifferGoesToSingleStep(hex: String, registers: [(GPR, UInt64)], what: String) throws {
        guard case .singleStep(.nearDifferingMemory) = try Self.plan(hex, registers) else {
            Issue.record("\(what) would run in a batch")
            return
        }
    }

    static let elsewhere: [(hex: String, registers: Registers, what: String)] = [
        ("488b06", [(GPR.rsi, GuestLayout.dataBase)], "a load from the window"),
        ("488b06", [(GPR.rsi, 0x4000_0000)], "a load from an unmapped page"),
        ("50", [(GPR.rsp, GuestLayout.dataBase + 0x1000)], "a push"),
        ("c9", [(GPR.rsp, GuestLayout.dataBase + 0x800), (GPR.rbp, GuestLayout.dataBase + 0x400)], "leave"),
        ("d7", [(GPR.rbx, GuestLayout.dataBase + 0x10), (GPR.rsp, GuestLayout.codeAddress)], "xlatb, which does not use RSP"),
    ]

    @Test(arguments: elsewhere)
    func memoryElsewhereRunsInABatch(hex: String, registers: [(GPR, UInt64)], what: String) throws {
        guard case .batch(let batchCase) = try Self.plan(hex, registers) else {
            Issue.record("\(what) would run on single-step")
            return
        }
        #expect(!batchCase.trapFlag && batchCase.pad == nil && !batchCase.isBranch)
    }

    @Test(arguments: ["9c", "9d", "669c", "f3a4", "f2ae", "f3ab", "67f3a4"])
    func pushfPopfAndRepeatedStringsRunUnderTF(hex: String) throws {
        let registers: Registers = [(.rsi, GuestLayout.dataBase), (.rdi, GuestLayout.dataBase + 0x100), (.rcx, 0x1_0000_0002)]
        guard case .batch(let batchCase) = try Self.plan(hex, registers) else {
            Issue.record("\(hex) would run on single-step")
            return
        }
        #expect(batchCase.trapFlag)
    }

    /// Without REP, or with a count of 0 or 1 (ECX with 67), a string instruction stops after one
    /// iteration by itself.
    @Test(arguments: [("a4", 5), ("f3a4", 1), ("f3a4", 0), ("67f3a4", 0x1_0000_0001)] as [(String, UInt64)])
    func stringsThatStopByThemselvesRunWithoutTF(hex: String, count: UInt64) throws {
        let registers: Registers = [(.rsi, GuestLayout.dataBase), (.rdi, GuestLayout.dataBase + 0x100), (.rcx, count)]
        guard case .batch(let batchCase) = try Self.plan(hex, registers) else {
            Issue.record("\(hex) would run on single-step")
            return
        }
        #expect(!batchCase.trapFlag)
    }

    static let branchPlans: [(hex: String, registers: Registers, pad: UInt64?, trapFlag: Bool)] = [
        ("eb40", [], GuestLayout.codeAddress + 0x42, false),
        ("7440", [], GuestLayout.codeAddress + 0x42, false),
        ("eb02", [], nil, true),
        ("e9f80f0000", [], nil, true),
        ("e900000100", [], nil, false),
        ("ffe0", [(GPR.rax, GuestLayout.codeAddress + 0x100)], nil, true),
        ("ffe0", [(GPR.rax, BatchLayout.region + 0x1000)], nil, true),
        ("ffe0", [(GPR.rax, GuestLayout.dataBase)], nil, false),
    ]

    /// A direct branch into the code page lands on a pad where one fits, else runs under TF; one
    /// out of it faults on the fetch, like an indirect branch to code the harness does not run.
    @Test(arguments: branchPlans)
    func branches(hex: String, registers: [(GPR, UInt64)], pad: UInt64?, trapFlag: Bool) throws {
        guard case .batch(let batchCase) = try Self.plan(hex, registers) else {
            Issue.record("\(hex) would run on single-step")
            return
        }
        #expect(batchCase.isBranch)
        #expect(batchCase.pad == pad)
        #expect(batchCase.trapFlag == trapFlag)
    }

    /// A branch to the harness's own code would trap there under TF, which the harness takes for
    /// a fault of its own: such cases go to the single-step path (direct `jae rel32` as measured in
    /// a campaign, indirect through a register and a return).
    @Test func branchesIntoTheHarnessCodeGoToSingleStep() throws {
        let code = BatchLayout.region + 0xDC000
        let returnAddress = withUnsafeBytes(of: (code + 0x40).littleEndian, Array.init)
        let plans = [
            try Self.plan("0f8326d6cccc"),  // jae code + 0x162c, from the code page
            try Self.plan("ffe0", [(.rax, code + 0x3FFF)]),
            try Self.plan("c3", patches: [MemoryRun(address: MachineState.defaultRSP, bytes: returnAddress)]),
        ]
        for plan in plans {
            guard case .singleStep(.branchesIntoHarness) = plan else {
                Issue.record("a branch into the harness code is planned as \(plan)")
                continue
            }
        }
        guard case .batch = try Self.plan("ffe0", [(.rax, code + 0x4000)]) else {
            Issue.record("a branch just past the harness code went to single-step")
            return
        }
    }

    @Test func aReturnToTheCodePageRunsUnderTF() throws {
        let target = withUnsafeBytes(of: (GuestLayout.codeAddress + 0x80).littleEndian, Array.init)
        guard case .batch(let batchCase) = try Self.plan("c3", patches: [MemoryRun(address: MachineState.defaultRSP, bytes: target)]) else {
            Issue.record("ret would run on single-step")
            return
        }
        #expect(batchCase.isBranch && batchCase.trapFlag)
    }
}
