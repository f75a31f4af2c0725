import Decoding
import Testing
import X86

/// Decoder vectors: bytes and what the `Instruction` must say about them.
struct DecoderVectorTests {
    private let decoder = try! InstructionDecoder()

    private func decode(_ hex: String) throws -> Instruction {
        try #require(decoder.decode(try Hex.parseBytes(hex)), "\(hex) should decode")
    }

    private static func register(_ name: String, _ gpr: GPR, size: Int, _ access: OperandAccess,
                                 highByte: Bool = false) -> Operand {
        .register(RegisterOperand(name: name, kind: .gpr(gpr, highByte: highByte), size: size, access: access))
    }

    private static func vector(_ name: String, _ index: Int, size: Int, _ access: OperandAccess) -> Operand {
        .register(RegisterOperand(name: name, kind: .vector(index: index), size: size, access: access))
    }

    @Test func addWithREXW() throws {
        let add = try decode("4801d8")
        #expect(add.mnemonic == "add")
        #expect(add.text == "add rax, rbx")
        #expect(add.bytes == [0x48, 0x01, 0xD8])
        #expect(add.prefixes == Prefixes(rex: 0x48))
        #expect(add.map == .oneByte && add.opcode == 0x01 && add.modrm == 0xD8)
        #expect(add.operandSize == 64 && add.addressSize == 64)
        #expect(add.operands == [Self.register("rax", .rax, size: 8, [.read, .write]), Self.register("rbx", .rbx, size: 8, .read)])
        #expect(!add.groups.contains(.vectorStateRegister))
        #expect(add.flagsModified == RFlags.status && add.flagsTested == 0 && add.flagsUndefined == 0)
        #expect(add.groups.isEmpty)
    }

    @Test func repStosb() throws {
        let stos = try decode("f3aa")
        #expect(stos.mnemonic == "stosb")
        #expect(stos.text == "rep stosb byte ptr [rdi], al")
        #expect(stos.prefixes == Prefixes(legacy: [0xF3], rep: true))
        let destination = MemoryOperand(segment: nil, base: .rdi, ripRelative: false, index: nil, scale: 1,
                                        displacement: 0, size: 1, access: .write)
        #expect(stos.operands == [.memory(destination), Self.register("al", .rax, size: 1, .read)])
        #expect(stos.flagsTested == RFlags.df)
        #expect(!stos.groups.contains(.vectorStateRegister))
    }

    /// Capstone's register lists, explicit and implicit, set `vectorStateRegister` where one names
    /// vector, MMX or x87 state: FNSTSW AX is in no FPU group and names only AX, but Capstone lists
    /// the x87 status word it reads; FXSAVE's list names none (`VectorObservation` knows it by name).
    @Test func vectorStateRegisterComesFromCapstonesRegisterLists() throws {
        let fnstsw = try decode("dfe0")
        #expect(fnstsw.text == "fnstsw ax")
        #expect(fnstsw.groups == .vectorStateRegister)
        #expect(try decode("0f6ec0").groups.contains(.vectorStateRegister))
        #expect(try decode("660f6ec0").groups.contains(.vectorStateRegister))
        #expect(try decode("d9e8").groups == [.fpu, .vectorStateRegister])
        #expect(!(try decode("0fae00")).groups.contains(.vectorStateRegister))
        #expect(!(try decode("0f77")).groups.contains(.vectorStateRegister))
    }

    @Test func vex3FieldsAndVectorRegisters() throws {
        let broadcast = try decode("c4e27d58c1")
        #expect(broadcast.mnemonic == "vpbroadcastd")
        #expect(broadcast.prefixes.vex == VEX(byteCount: 3, w: false, l: 1, vvvv: 0, pp: 1, mmmmm: 2))
        #expect(broadcast.prefixes.rex == nil)
        #expect(broadcast.map == .map0F38 && broadcast.opcode == 0x58 && broadcast.modrm == 0xC1)
        #expect(broadcast.operands == [Self.vector("ymm0", 0, size: 32, .write), Self.vector("xmm1", 1, size: 16, .read)])
        #expect(broadcast.groups.contains(.vector))
    }

    @Test func vex3ExtendedRegisters() throws {
        let add = try decode("c4417dfec1")
        #expect(add.text == "vpaddd ymm8, ymm0, ymm9")
        #expect(add.prefixes.vex == VEX(byteCount: 3, w: false, l: 1, vvvv: 0, pp: 1, mmmmm: 1))
    }

    @Test func vex2Fields() throws {
        let add = try decode("c5f1fec2")
        #expect(add.text == "vpaddd xmm0, xmm1, xmm2")
        #expect(add.prefixes.vex == VEX(byteCount: 2, w: false, l: 0, vvvv: 1, pp: 1, mmmmm: 1))
        #expect(add.map == .map0F && add.opcode == 0xFE)
    }

    @Test func operandAndAddressSizeOverridesWithLock() throws {
        let add = try decode("6667f00100")
        #expect(add.text == "lock add word ptr [eax], ax")
        #expect(add.mnemonic == "add")
        #expect(add.prefixes == Prefixes(legacy: [0x66, 0x67, 0xF0], lock: true, operandSizeOverride: true, addressSizeOverride: true))
        #expect(add.operandSize == 16 && add.addressSize == 32)
        let memory = MemoryOperand(segment: nil, base: .rax, ripRelative: false, index: nil, scale: 1, displacement: 0,
                                   size: 2, access: [.read, .write])
        #expect(add.operands == [.memory(memory), Self.register("ax", .rax, size: 2, .read)])
    }

    @Test func memoryOperandWithSIBAndDisplacement() throws {
        let mov = try decode("418b44c810")
        #expect(mov.text == "mov eax, dword ptr [r8 + rcx*8 + 0x10]")
        let memory = MemoryOperand(segment: nil, base: .r8, ripRelative: false, index: .rcx, scale: 8, displacement: 0x10,
                                   size: 4, access: .read)
        #expect(mov.operands == [Self.register("eax", .rax, size: 4, .write), .memory(memory)])
        #expect(mov.operandSize == 32 && mov.prefixes.rex == 0x41)
    }

    @Test func ripRelative() throws {
        let mov = try decode("488b0510000000")
        #expect(mov.text == "mov rax, qword ptr [rip + 0x10]")
        let memory = MemoryOperand(segment: nil, base: nil, ripRelative: true, index: nil, scale: 1, displacement: 0x10,
                                   size: 8, access: .read)
        #expect(mov.operands.last == .memory(memory))
    }

    @Test func eipRelativeWithAddressSizeOverride() throws {
        let mov = try decode("678b05f0ffffff")
        #expect(mov.addressSize == 32)
        guard case .memory(let memory) = mov.operands.last else { Issue.record("no memory operand"); return }
        #expect(memory.ripRelative && memory.base == nil && memory.displacement == -16)
    }

    @Test func highByteRegisters() throws {
        let mov = try decode("88e0")
        #expect(mov.text == "mov al, ah")
        #expect(mov.operands == [Self.register("al", .rax, size: 1, .write), Self.register("ah", .rax, size: 1, .read, highByte: true)])
    }

    @Test func lastSegmentOverrideWins() throws {
        let mov = try decode("2e3e8b00")
        #expect(mov.prefixes.segment == .ds && mov.prefixes.legacy == [0x2E, 0x3E])
        guard case .memory(let memory) = mov.operands.last else { Issue.record("no memory operand"); return }
        #expect(memory.segment == .ds)
        let fs = try decode("648b00")
        guard case .memory(let fsMemory) = fs.operands.last else { Issue.record("no memory operand"); return }
        #expect(fsMemory.segment == .fs)
    }

    @Test(arguments: [
        ("40f3aa", nil, true, false),
        ("f340aa", 0x40, true, false),
        ("4148f2aa", nil, false, true),
        ("66f2f3a4", nil, true, false),
        ("f3f2a4", nil, false, true),
    ] as [(String, UInt8?, Bool, Bool)])
    func rexCountsOnlyRightBeforeTheOpcodeAndTheLastRepWins(hex: String, rex: UInt8?, rep: Bool, repne: Bool) throws {
        let instruction = try decode(hex)
        #expect(instruction.prefixes.rex == rex)
        #expect(instruction.prefixes.rep == rep && instruction.prefixes.repne == repne)
    }

    @Test(arguments: [
        ("6a80", [1]),
        ("68000000ff", [4]),
        ("4805ffffffff", [4]),
        ("48b8ffffffffffffffff", [8]),
        ("c8100001", [2, 1]),
        ("d0e0", [0]),
        ("c0e003", [1]),
        ("e560", [1]),
        ("e660", [1]),
        ("66c7000100", [2]),
        ("c744240401000000", [4]),
        ("c4e37d0fc101", [1]),
    ] as [(String, [Int])])
    func immediateSizesAreTheEncodedOnes(hex: String, sizes: [Int]) throws {
        let instruction = try decode(hex)
        let immediates = instruction.operands.compactMap { operand -> Int? in
            if case .immediate(_, let size) = operand { return size }
            return nil
        }
        #expect(immediates == sizes, "\(instruction.text)")
    }

    @Test func immediatesAreSignExtended() throws {
        #expect(try decode("6a80").operands == [.immediate(0xFFFF_FFFF_FFFF_FF80, size: 1)])
        #expect(try decode("6a80").operandSize == 64)
        #expect(try decode("666a80").operandSize == 16)
    }

    @Test func relativeBranchTargetsAreGuestAddresses() throws {
        let jump = try decode("e910000000")
        #expect(jump.operands == [.immediate(InstructionDecoder.address + 0x15, size: 4)])
        #expect(jump.groups.contains(.jump) && jump.groups.contains(.branchRelative))
        #expect(jump.operandSize == 64)
    }

    @Test(arguments: [
        ("0f0fc10c", OpcodeMap.amd3DNow, UInt8(0x0C)),
        ("0f3800c1", .map0F38, 0x00),
        ("660f3a0fc101", .map0F3A, 0x0F),
        ("0fa2", .map0F, 0xA2),
        ("8fe878a2c100", .xop8, 0xA2),
        ("62f17c4858c1", .map0F, 0x58),
    ] as [(String, OpcodeMap, UInt8)])
    func opcodeMaps(hex: String, map: OpcodeMap, opcode: UInt8) throws {
        let instruction = try decode(hex)
        #expect(instruction.map == map && instruction.opcode == opcode)
    }

    @Test func evexIsMarked() throws {
        let add = try decode("62f17c4858c1")
        #expect(add.prefixes.evex && add.prefixes.vex == nil)
        #expect(add.groups.contains(.avx512))
    }

    @Test func controlRegisterMovesAre64Bit() throws {
        let mov = try decode("0f20c0")
        #expect(mov.text == "mov rax, cr0")
        #expect(mov.operandSize == 64)
        #expect(mov.groups.contains(.privileged))
    }

    @Test func flagsTestedModifiedAndUndefined() throws {
        let rdrand = try decode("0fc7f0")
        #expect(rdrand.flagsModified == RFlags.status)
        let jg = try decode("7f00")
        #expect(jg.flagsTested == RFlags.of | RFlags.sf | RFlags.zf)
        let test = try decode("f6c801")
        #expect(test.flagsUndefined == RFlags.af)
        #expect(test.flagsModified == RFlags.status & ~RFlags.af)
        let fld = try decode("d9c0")
        #expect(fld.groups.contains(.fpu) && fld.flagsModified == 0)
    }

    @Test func decodesOnlyTheFirstInstruction() throws {
        let nop = try decode("909090")
        #expect(nop.length == 1 && nop.text == "nop")
    }

    @Test(arguments: ["06", "0f04", "d6", "c4e0fd58c1", "f0f8", "8b04", "0f"])
    func undecodable(hex: String) throws {
        #expect(decoder.decode(try Hex.parseBytes(hex)) == nil)
    }

    @Test func emptyInputIsUndecodable() {
        #expect(decoder.decode([]) == nil)
    }
}
