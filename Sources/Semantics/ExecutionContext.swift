import X86

/// The state one instruction's semantics work on: registers, flags and memory, with operand
/// access that knows widths, the rule that a 32-bit write zero-extends, 8/16-bit merges, AH..BH,
/// effective addresses, segments and the checks every memory access makes.
public struct ExecutionContext {
    public let instruction: Instruction
    /// The instruction's operands and prefixes, fetched once (semantics consult them often, and
    /// each fetch from the instruction is a copy).
    public let operands: [Operand]
    public let prefixes: Prefixes
    /// True when an operand is an MM register: an MMX instruction, with the x87 side effects.
    public let isMMX: Bool
    private let sharedProfile: SharedProfile
    public var profile: CPUProfile { sharedProfile.profile }
    public var gpr: GPRFile
    /// The RIP after the instruction: the next instruction unless a branch changes it.
    public var rip: UInt64
    /// RFLAGS while the instruction runs, including the harness's TF (PUSHF sees it).
    public var rflags: UInt64
    public var vector: VectorState
    public var memory: MemoryModel
    /// Status flags this execution leaves undefined (per the manuals, for these inputs).
    public private(set) var undefinedFlags: UInt64 = 0
    /// FSW bits the manuals leave undefined for this execution (the x87 condition codes after
    /// most control instructions); the comparator masks them.
    public private(set) var undefinedStatusWord: UInt16 = 0
    /// The subset of `undefinedFlags` whose value the CPU profile pins down (and the semantics
    /// wrote accordingly).
    public private(set) var profileDefinedFlags: UInt64 = 0
    /// General-purpose registers the semantics read (bit n for register n), and flags tested.
    public private(set) var gprsRead: UInt16 = 0
    public private(set) var flagsRead: UInt64 = 0
    /// Lanes of the result the model predicts by a bound (`ApproximateLane`).
    public var approximateLanes: [ApproximateLane] = []
    /// x87 registers the model predicts by a bound (`ApproximateX87Register`).
    public var approximateX87: [ApproximateX87Register] = []
    /// The forms table's forms of the instruction's mnemonic, which `checkEncoding` reads.
    let encodingForms: EncodingForms

    @inline(__always)
    init(instruction: Instruction, state: MachineState, profile: SharedProfile, encodingForms: EncodingForms = .none) {
        self.instruction = instruction
        self.encodingForms = encodingForms
        operands = instruction.operands
        prefixes = instruction.prefixes
        isMMX = instruction.namesMMXRegister
        fsgsOverride = Self.lastFSGSOverride(prefixes.legacy)
        sharedProfile = profile
        gpr = state.gpr
        rip = state.rip &+ UInt64(instruction.length)
        rflags = state.rflags | RFlags.tf
        vector = state.vector
        memory = MemoryModel(initial: state, instruction: instruction.bytes)
    }

    /// The last FS or GS prefix, which decides the segment of every memory operand.
    private let fsgsOverride: SegmentRegister?

    private static func lastFSGSOverride(_ legacy: LegacyPrefixes) -> SegmentRegister? {
        guard let byte = legacy.last(where: { $0 == 0x64 || $0 == 0x65 }) else { return nil }
        return byte == 0x64 ? .fs : .gs
    }

    // MARK: Operands

    /// Operand `index`; a form with fewer operands than its semantics expect (a Capstone slip) is
    /// not modelled rather than a crash.
    public func operand(_ index: Int) throws(Fault) -> Operand {
        guard index < operands.count else { throw .notModelled("\(instruction.text) without operand \(index)") }
        return operands[index]
    }

    /// The width of operand `index`: its size for registers and memory, else the first operand's
    /// (or the operand size when there is no such operand).
    public func width(_ index: Int) -> Width {
        guard index < operands.count else { return Width(bytes: instruction.operandSize / 8) }
        return switch operands[index] {
        case .register(let register): Width(bytes: register.size)
        case .memory(let memory): Width(bytes: memory.size)
        case .immediate: index == 0 ? Width(bytes: instruction.operandSize / 8) : width(0)
        }
    }

    /// The value of operand `index`, zero-extended to 64 bits (immediates sign-extended to the
    /// destination width, as Capstone gives them).
    public mutating func read(_ index: Int) throws(Fault) -> UInt64 {
        switch try operand(index) {
        case .register(let register): return try readRegister(register)
        case .immediate(let value, _): return width(index).truncate(value)
        case .memory(let operand):
            return try readMemory(effectiveAddress(operand), width: Width(bytes: operand.size), segment: segment(of: operand))
        }
    }

    /// Writes operand `index` with the rules of its kind (32-bit GPR writes zero-extend).
    public mutating func write(_ index: Int, _ value: UInt64) throws(Fault) {
        switch try operand(index) {
        case .register(let register): try writeRegister(register, value)
        case .memory(let operand):
            try writeMemory(effectiveAddress(operand), width: Width(bytes: operand.size), value, segment: segment(of: operand))
        case .immediate: throw .notModelled("\(instruction.text) writing an immediate operand")
        }
    }

    /// For read-modify-write destinations: checks a memory operand as a write before its value is
    /// read, as the CPU does (a locked-style access faults with the write bit on a read-only page).
    public mutating func readForWrite(_ index: Int) throws(Fault) -> UInt64 {
        guard case .memory(let operand) = try operand(index) else { return try read(index) }
        let address = effectiveAddress(operand)
        let width = Width(bytes: operand.size)
        try check(address, size: width.bytes, kind: .write, segment: segment(of: operand))
        return memory.load(address, size: width.bytes)
    }

    private mutating func readRegister(_ register: RegisterOperand) throws(Fault) -> UInt64 {
        guard case .gpr(let gprName, let highByte) = register.kind else { throw .notModelled("register operand \(register.name)") }
        return readGPR(gprName, Width(bytes: register.size), highByte: highByte)
    }

    private mutating func writeRegister(_ register: RegisterOperand, _ value: UInt64) throws(Fault) {
        guard case .gpr(let gprName, let highByte) = register.kind else { throw .notModelled("register operand \(register.name)") }
        writeGPR(gprName, Width(bytes: register.size), value, highByte: highByte)
    }

    /// Reads a GPR at a width (or AH..BH with `highByte`), recording the read.
    public mutating func readGPR(_ register: GPR, _ width: Width = .qword, highByte: Bool = false) -> UInt64 {
        gprsRead |= 1 << UInt16(register.rawValue)
        return highByte ? (gpr[register] >> 8) & 0xFF : width.truncate(gpr[register])
    }

    /// Writes a GPR at a width: 64 replaces, 32 zero-extends, 16 and 8 merge (AH..BH with
    /// `highByte`); a merge keeps the other bits, so it counts as reading the register.
    public mutating func writeGPR(_ register: GPR, _ width: Width, _ value: UInt64, highByte: Bool = false) {
        let old = gpr[register]
        if highByte || width.bytes < 4 { gprsRead |= 1 << UInt16(register.rawValue) }
        switch (width.bytes, highByte) {
        case (_, true): gpr[register] = (old & ~0xFF00) | ((value & 0xFF) << 8)
        case (8, _), (4, _): gpr[register] = width.truncate(value)
        default: gpr[register] = (old & ~width.mask) | width.truncate(value)
        }
    }

    // MARK: Memory

    /// The segment an access goes through: an FS or GS override, else SS for RSP/RBP bases, else
    /// DS. CS, DS, ES and SS overrides are ignored in 64-bit mode (AMD APM Vol. 3, 1.2.4), even
    /// after an FS or GS one, which stays in force (so the last FS/GS prefix counts, not the last
    /// segment prefix Capstone reports). Measured: `ds:[rsp]` with a non-canonical RSP raises #SS,
    /// not #GP; `popcnt eax, ss:[rax]` and `fs cs popcnt eax, [rbp]` with a non-canonical base
    /// raise #GP (which kvm_pvm reports as #UD, see `Comparator`).
    public func segment(of operand: MemoryOperand) -> SegmentRegister {
        if let fsgsOverride { return fsgsOverride }
        if !operand.ripRelative, let base = operand.base, base == .rsp || base == .rbp { return .ss }
        return .ds
    }

    /// `base + index * scale + displacement` (RIP-relative from the next instruction), cut to the
    /// address size. FS and GS have base 0 in this guest, so the linear address is the same.
    public mutating func effectiveAddress(_ operand: MemoryOperand) -> UInt64 {
        var address = UInt64(bitPattern: operand.displacement)
        if operand.ripRelative {
            address &+= GuestLayout.codeAddress &+ UInt64(instruction.length)
        } else if let base = operand.base {
            address &+= readGPR(base)
        }
        if let index = operand.index { address &+= readGPR(index) &* UInt64(operand.scale) }
        return instruction.addressSize == 32 ? address & 0xFFFF_FFFF : address
    }

    /// The checks of one data access at CPL3, in the CPU's order (measured): a non-canonical
    /// address is #SS(0) through SS and #GP(0) otherwise; then #AC(0) for a misaligned access
    /// with RFLAGS.AC set (CR0.AM is set); then #PF for each page.
    public func check(_ address: UInt64, size: Int, kind: MemoryModel.AccessKind, segment: SegmentRegister,
                      alignment: Int? = nil) throws(Fault) {
        guard GuestLayout.isCanonical(address) else {
            throw segment == .ss ? .stackFault : .generalProtection()
        }
        let required = alignment ?? size
        if rflags & RFlags.ac != 0, required > 1, address % UInt64(required) != 0 { throw .alignmentCheck }
        try memory.checkPages(address, size: size, kind: kind)
    }

    /// Reads `width` bytes at `address` through `segment`, with every check.
    public mutating func readMemory(_ address: UInt64, width: Width, segment: SegmentRegister = .ds) throws(Fault) -> UInt64 {
        try check(address, size: width.bytes, kind: .read, segment: segment)
        return memory.load(address, size: width.bytes)
    }

    /// Writes `width` bytes at `address` through `segment`, with every check.
    public mutating func writeMemory(_ address: UInt64, width: Width, _ value: UInt64, segment: SegmentRegister = .ds) throws(Fault) {
        try check(address, size: width.bytes, kind: .write, segment: segment)
        memory.store(address, size: width.bytes, value)
    }

    /// Pushes `width` bytes: RSP drops first, the store goes through SS.
    public mutating func push(_ value: UInt64, width: Width = .qword) throws(Fault) {
        let address = readGPR(.rsp) &- UInt64(width.bytes)
        try writeMemory(address, width: width, value, segment: .ss)
        gpr[.rsp] = address
    }

    /// Pops `width` bytes through SS and raises RSP.
    public mutating func pop(width: Width = .qword) throws(Fault) -> UInt64 {
        let address = readGPR(.rsp)
        let value = try readMemory(address, width: width, segment: .ss)
        gpr[.rsp] = address &+ UInt64(width.bytes)
        return value
    }

    // MARK: Flags

    /// True when `flag` is set, recording the test.
    public mutating func flag(_ flag: UInt64) -> Bool {
        flagsRead |= flag
        return rflags & flag != 0
    }

    /// Replaces the bits of `mask` with those of `values`.
    public mutating func setFlags(_ mask: UInt64, to values: UInt64) {
        rflags = (rflags & ~mask) | (values & mask)
    }

    /// Declares the FSW bits of `mask` undefined for this execution.
    public mutating func leaveStatusWordUndefined(_ mask: UInt16) { undefinedStatusWord |= mask }

    /// Declares the bits of `mask` undefined for this execution. Where the CPU profile knows
    /// what this CPU writes, `profileValues` gives it: those bits are set and recorded as
    /// profile-defined; the others keep whatever the semantics wrote.
    public mutating func leaveUndefined(_ mask: UInt64, profileValues: (mask: UInt64, values: UInt64)? = nil) {
        undefinedFlags |= mask
        if let profileValues {
            let defined = profileValues.mask & mask
            setFlags(defined, to: profileValues.values)
            profileDefinedFlags |= defined
        }
    }

    /// Declares the bits of `mask` undefined, and where the CPU profile answers `question` sets
    /// them as it says (kept, set, the parity of `paritySource`, or cleared).
    public mutating func leaveUndefined(_ mask: UInt64, answering question: UndefinedFlagsQuestion, paritySource: UInt64 = 0) {
        guard let answer = profile.answer(question) else {
            undefinedFlags |= mask
            return
        }
        leaveUndefined(mask, profileValues: (mask, answer.values(current: rflags, paritySource: paritySource)))
    }
}
