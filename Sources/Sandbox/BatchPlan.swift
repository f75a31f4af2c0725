import Forms
import X86

/// Decides how the batch harness runs a decoded case, or why it must run on the single-step path.
///
/// The batch guest differs from the single-step guest in a few places only (`BatchLayout`): the
/// code page holds the slot (instruction, jump out, int3) instead of filler and is writable, the
/// state page does not hold the case's prologue state, the harness region is mapped, the
/// instruction runs without TF unless its effect depends on TF, and the case is entered by a CPL3
/// IRETQ. A case goes to the single-step path when it could see one of those differences.
public enum BatchPlan {
    /// Why a case runs on the single-step path.
    public enum SingleStepReason: String, Sendable, CaseIterable {
        /// IRET, INT n/INT3/INTO/INT1, SYSCALL/SYSRET/SYSENTER/SYSEXIT, far transfers, segment
        /// register writes, WRFSBASE/WRGSBASE/WRPKRU: they change CS, SS, privilege or state the
        /// harness relies on (FS/GS base, PKRU), which the harness cannot reset from CPL3.
        case changesHarnessState = "changes-harness-state"
        /// RFLAGS.VIF or VIP set: the harness enters a case with a CPL3 IRETQ, which cannot set them.
        case virtualInterruptFlags = "virtual-interrupt-flags"
        /// LOCK on a hint NOP: the single-step trap comes one instruction late (measured under
        /// kvm_pvm), so the single-step outcome includes the filler NOP after it, which the
        /// batch's slot does not have.
        case delaysTrap = "delays-trap"
        /// A gather (VSIB): its addresses come from vector registers, which the plan does not follow.
        case vectorIndexedAddressing = "vector-indexed-addressing"
        /// A memory operand, or a register an implicit access uses, lies near the code page, the
        /// state page or the harness region, where the two guests differ.
        case nearDifferingMemory = "near-differing-memory"
        /// A branch whose target is the harness's own code: TF would stop it there, and the harness
        /// takes a trap in its code for a fault of its own and abandons the whole batch (`jae rel32`
        /// from the code page reached it once in seed 1's first million cases).
        case branchesIntoHarness = "branches-into-harness"
    }

    /// A plan: the case as the batch runs it, or the reason it cannot.
    public enum Plan: Sendable {
        case batch(BatchCase)
        case singleStep(SingleStepReason)
    }

    /// How `instruction` (exactly its bytes) from `state` runs; `observeVectorState` as for
    /// `Sandbox.run`.
    public static func plan(_ instruction: Instruction, state: MachineState, observeVectorState: Bool) -> Plan {
        // Bytes Capstone cannot decode: the CPU may take fewer than the 15 the slot holds, so
        // they run under TF, which stops them after what the CPU took (or at a branch's target).
        if instruction.isUndecodable {
            if let reason = undecodableSingleStepReason(instruction) { return .singleStep(reason) }
            return .batch(BatchCase(bytes: instruction.bytes, state: state, observeVectorState: observeVectorState,
                                    trapFlag: true, isBranch: true))
        }
        let traits = Traits.of(instruction)
        if changesHarnessState(instruction, traits) { return .singleStep(.changesHarnessState) }
        if state.rflags & (RFlags.vif | RFlags.vip) != 0 { return .singleStep(.virtualInterruptFlags) }
        if traits.contains(.nop) && instruction.prefixes.lock { return .singleStep(.delaysTrap) }
        if traits.contains(.gather) { return .singleStep(.vectorIndexedAddressing) }
        if touchesDifferingMemory(instruction, state, traits) { return .singleStep(.nearDifferingMemory) }
        var batchCase = BatchCase(bytes: instruction.bytes, state: state, observeVectorState: observeVectorState,
                                  trapFlag: dependsOnTrapFlag(instruction, state, traits))
        // A branch whose target the batch guest would execute lands on a pad, or else runs under
        // TF, which stops it at its target before anything there runs, as on the single-step path.
        switch branch(instruction, state, traits) {
        case .none: break
        case .direct(let target):
            batchCase.isBranch = true
            if harnessCode.contains(target) { return .singleStep(.branchesIntoHarness) }
            guard isExecutedByHarness(target) else { break }
            if codePage.contains(target), target >= GuestLayout.codeAddress + BatchLayout.padMinimum, target + 8 <= codePage.upperBound {
                batchCase.pad = target
            } else {
                batchCase.trapFlag = true
            }
        case .indirect(let targets):
            batchCase.isBranch = true
            if targets.contains(where: harnessCode.contains) { return .singleStep(.branchesIntoHarness) }
            if targets.contains(where: isExecutedByHarness) { batchCase.trapFlag = true }
        }
        return .batch(batchCase)
    }

    private static let codePage = GuestLayout.codeAddress..<(GuestLayout.codeAddress + GuestLayout.pageSize)
    private static let harnessCode = BatchLayout.code..<(BatchLayout.code + BatchLayout.codeSize)

    /// True where the batch guest executes code a branch could land on.
    private static func isExecutedByHarness(_ address: UInt64) -> Bool {
        codePage.contains(address) || (BatchLayout.region..<(BatchLayout.region &+ BatchLayout.regionSize)).contains(address)
    }

    /// What the plan asks about a mnemonic (Capstone's names), found by one search per case
    /// (`Traits.of`) where a set per question cost a search each.
    struct Traits: OptionSet, Sendable {
        let rawValue: UInt16

        static let changesHarnessState = Traits(rawValue: 1 << 0)
        static let gather = Traits(rawValue: 1 << 1)
        /// PUSHF and POPF: TF is in the image they move.
        static let flagsImage = Traits(rawValue: 1 << 2)
        static let bitTest = Traits(rawValue: 1 << 3)
        // An implicit memory access through RSP; RSP and RBP; RBX; RDI.
        static let stack = Traits(rawValue: 1 << 4)
        static let frame = Traits(rawValue: 1 << 5)
        static let translate = Traits(rawValue: 1 << 6)
        static let maskedMove = Traits(rawValue: 1 << 7)
        static let countedBranch = Traits(rawValue: 1 << 8)
        static let nop = Traits(rawValue: 1 << 9)
        static let enter = Traits(rawValue: 1 << 10)
        static let jmp = Traits(rawValue: 1 << 11)
        static let call = Traits(rawValue: 1 << 12)
        static let ret = Traits(rawValue: 1 << 13)

        static let changingHarnessState = [
            "iret", "iretd", "iretq", "int", "int1", "int3", "into", "syscall", "sysret", "sysretq", "sysenter", "sysexit",
            "ljmp", "lcall", "retf", "retfq", "lss", "lfs", "lgs", "wrfsbase", "wrgsbase", "wrpkru",
        ]

        private static let groups: [([String], Traits)] = [
            (changingHarnessState, .changesHarnessState),
            (["vgatherdps", "vgatherdpd", "vgatherqps", "vgatherqpd", "vpgatherdd", "vpgatherdq", "vpgatherqd", "vpgatherqq"], .gather),
            (["pushf", "pushfq", "popf", "popfq"], [.flagsImage, .stack]),
            (["bt", "bts", "btr", "btc"], .bitTest),
            (["push", "pop", "call", "ret"], .stack),
            (["enter", "leave"], .frame),
            (["xlat", "xlatb"], .translate),
            (["maskmovdqu", "vmaskmovdqu", "maskmovq"], .maskedMove),
            (["loop", "loope", "loopne", "jrcxz", "jecxz"], .countedBranch),
            (["nop"], .nop), (["enter"], .enter), (["jmp"], .jmp), (["call"], .call), (["ret"], .ret),
        ]
        private static let table = PackedNameMap(groups.flatMap { names, traits in names.map { ($0, traits) } },
                                                 combining: { $0.union($1) })

        static func of(_ instruction: Instruction) -> Traits { table[instruction.mnemonicKey] ?? [] }
    }

    static func changesHarnessState(_ instruction: Instruction, _ traits: Traits) -> Bool {
        if traits.contains(.changesHarnessState) { return true }
        return instruction.operands.contains { operand in
            if case .register(let register) = operand, case .segment = register.kind { return true }
            return false
        }
    }

    /// Bytes Capstone cannot decode that may still be an instruction the batch must not run: any
    /// prefixes on an opcode where the table has a form that changes harness state (undecodable
    /// bytes at 0F AE left the next cases' FS base wrong, even with the table's prefix rules
    /// applied: the CPU reads prefix combinations its own way), or LOCK on a hint NOP opcode
    /// (0F 18-1F), whose trap comes one instruction late.
    static func undecodableSingleStepReason(_ instruction: Instruction) -> SingleStepReason? {
        if instruction.prefixes.lock, instruction.prefixes.vex == nil, instruction.map == .map0F,
           (0x18...0x1F).contains(instruction.opcode) {
            return .delaysTrap
        }
        return harnessChangingOpcodes.contains(OpcodeKey(instruction)) ? .changesHarnessState : nil
    }

    private static func changesHarnessState(_ form: Form) -> Bool {
        Traits.changingHarnessState.contains(form.mnemonic) || form.operands.contains("sreg")
    }

    /// The opcodes (map, opcode, legacy or VEX) of the forms that change harness state, whatever
    /// their prefixes: built once, looked up per undecodable case.
    private static let harnessChangingOpcodes = Set(FormTable.all.filter(changesHarnessState).map { OpcodeKey($0.encoding) })

    /// PUSHF and POPF (TF is in the image they move) and REP string instructions with a count
    /// above 1 (TF makes them stop after one iteration; with 0 or 1 they stop there anyway): they
    /// run under TF in the batch too.
    static func dependsOnTrapFlag(_ instruction: Instruction, _ state: MachineState, _ traits: Traits) -> Bool {
        if traits.contains(.flagsImage) { return true }
        guard isString(instruction), instruction.prefixes.rep || instruction.prefixes.repne else { return false }
        let count = instruction.addressSize == 32 ? state.gpr[.rcx] & 0xFFFF_FFFF : state.gpr[.rcx]
        return count > 1
    }

    /// The one-byte-map string instructions: INS, OUTS, MOVS, CMPS, STOS, LODS, SCAS.
    static func isString(_ instruction: Instruction) -> Bool {
        guard instruction.map == .oneByte, instruction.prefixes.vex == nil, !instruction.prefixes.evex else { return false }
        return (0x6C...0x6F).contains(instruction.opcode) || (0xA4...0xA7).contains(instruction.opcode)
            || (0xAA...0xAF).contains(instruction.opcode)
    }

    /// How far from a differing range an access must stay: more than any operand's size, and
    /// more than an implicit access reaches from its register (ENTER copies 31 frame pointers).
    static let margin: UInt64 = 0x1000

    private static func isNear(_ address: UInt64) -> Bool {
        isNear(address, BatchLayout.differingRanges[0]) || isNear(address, BatchLayout.differingRanges[1])
    }

    private static func isNear(_ address: UInt64, _ range: Range<UInt64>) -> Bool {
        address &- (range.lowerBound &- margin) < UInt64(range.count) + 2 * margin
    }

    /// Whether an explicit operand, or a register an implicit access goes through, could reach
    /// memory where the two guests differ. Addresses are also checked cut to 32 bits (67 prefix).
    /// (Runs for every case: no arrays are built on the way.)
    static func touchesDifferingMemory(_ instruction: Instruction, _ state: MachineState, _ traits: Traits) -> Bool {
        for case .memory(let operand) in instruction.operands {
            let address = effectiveAddress(operand, instruction, state)
            if isNear(address) { return true }
            if let moved = bitOffsetAddress(from: address, instruction, state, traits), isNear(moved) { return true }
        }
        func isNearAtEitherWidth(_ address: UInt64) -> Bool { isNear(address) || isNear(address & 0xFFFF_FFFF) }
        func isNearAtEitherWidth(_ register: GPR) -> Bool { isNearAtEitherWidth(state.gpr[register]) }
        // The registers an implicit memory access goes through.
        if !traits.isDisjoint(with: [.stack, .frame]), isNearAtEitherWidth(.rsp) { return true }
        if traits.contains(.frame), isNearAtEitherWidth(.rbp) { return true }
        if traits.contains(.translate), isNearAtEitherWidth(.rbx) { return true }
        if traits.contains(.maskedMove), isNearAtEitherWidth(.rdi) { return true }
        if isString(instruction), isNearAtEitherWidth(.rsi) || isNearAtEitherWidth(.rdi) { return true }
        if traits.contains(.enter), case .immediate(let size, _)? = instruction.operands.first {
            // ENTER probes the new stack top, up to 64 KiB below RSP (measured: a #PF(7) there).
            return isNearAtEitherWidth(state.gpr[.rsp] &- 0x108 &- (size & 0xFFFF))
        }
        return false
    }

    private static func effectiveAddress(_ operand: MemoryOperand, _ instruction: Instruction, _ state: MachineState) -> UInt64 {
        var address = UInt64(bitPattern: operand.displacement)
        if operand.ripRelative { address &+= GuestLayout.codeAddress &+ UInt64(instruction.length) }
        if let base = operand.base { address &+= state.gpr[base] }
        if let index = operand.index { address &+= state.gpr[index] &* UInt64(operand.scale) }
        if instruction.addressSize == 32 { address &= 0xFFFF_FFFF }
        return address
    }

    /// For BT/BTS/BTR/BTC with a register bit offset: where the offset moves the access.
    private static func bitOffsetAddress(from address: UInt64, _ instruction: Instruction, _ state: MachineState,
                                         _ traits: Traits) -> UInt64? {
        guard traits.contains(.bitTest), instruction.operands.count == 2,
              case .register(let offsetRegister) = instruction.operands[1], case .gpr(let name, _) = offsetRegister.kind else { return nil }
        let bits = UInt64(offsetRegister.size * 8)
        let raw = state.gpr[name] & (bits == 64 ? .max : (1 << bits) - 1)
        let signed = bits == 64 ? Int64(bitPattern: raw) : Int64(bitPattern: raw << (64 - bits)) >> (64 - Int64(bits))
        return address &+ UInt64(bitPattern: signed >> 3)
    }

    private enum Branch {
        case none
        /// A relative branch, with the target the decoder computed.
        case direct(UInt64)
        /// A branch through a register or memory, with its target where the state tells it. (A
        /// 66-prefixed branch's 16-bit target lies below the code page either way.)
        case indirect([UInt64])
    }

    private static func branch(_ instruction: Instruction, _ state: MachineState, _ traits: Traits) -> Branch {
        let isConditionalJump = instruction.mnemonicKey.low & 0xFF == UInt64(UInt8(ascii: "j")) && instruction.groups.contains(.jump)
        guard !traits.isDisjoint(with: [.jmp, .call, .ret, .countedBranch]) || isConditionalJump else { return .none }
        if traits.contains(.ret) { return .indirect(targets(loadedAt: state.gpr[.rsp], state)) }
        switch instruction.operands.first {
        case .immediate(let target, _)?: return .direct(target)
        case .register(let register)?:
            guard case .gpr(let name, _) = register.kind else { return .indirect([]) }
            return .indirect([state.gpr[name]])
        case .memory(let operand)?:
            return .indirect(targets(loadedAt: effectiveAddress(operand, instruction, state), state))
        case nil: return .indirect([])
        }
    }

    /// The targets a branch would load from `address`: known where the address lies in the data
    /// window (any other load faults or is routed to the single-step path already).
    private static func targets(loadedAt address: UInt64, _ state: MachineState) -> [UInt64] {
        var value: UInt64 = 0
        for byte in 0..<8 {
            guard let initial = state.initialByte(at: address &+ UInt64(byte)) else { return [] }
            value |= UInt64(initial) << UInt64(byte * 8)
        }
        return [value]
    }
}
