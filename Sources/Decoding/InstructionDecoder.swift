import CCapstone
import Glibc
import Synchronization
import X86

/// Decodes one x86-64 instruction with Capstone into an `Instruction`.
///
/// The decoder owns a Capstone handle (64-bit mode, Intel syntax, details on) and one reusable
/// instruction buffer; both are released when it goes away. It is not thread-safe: use one
/// decoder per thread. (Named so as not to shadow Swift's `Decoder` protocol.) Capstone 4 is an
/// old decoder and one opinion; the CPU's own length is ground truth.
public final class InstructionDecoder {
    /// The address instructions are decoded at, so that branch targets in the text and in
    /// branch immediates are the guest addresses the sandbox runs them at.
    public static let address = GuestLayout.codeAddress

    private var handle: csh
    private let buffer: UnsafeMutablePointer<cs_insn>
    private let registers: RegisterTable
    private let readIDs: UnsafeMutablePointer<UInt16>
    private let writtenIDs: UnsafeMutablePointer<UInt16>

    /// Opens Capstone for x86-64; throws if the library refuses.
    public init() throws(DecoderError) {
        (handle, buffer) = try InstructionDecoder.capstoneLock.withLock { _ throws(DecoderError) in try InstructionDecoder.open() }
        registers = RegisterTable(handle: handle)
        readIDs = .allocate(capacity: 64)
        writtenIDs = .allocate(capacity: 64)
    }

    /// A handle in 64-bit mode with Intel syntax and details, and its instruction buffer. Call
    /// with `capstoneLock` held: `cs_open` initialises Capstone's globals on first use.
    private static func open() throws(DecoderError) -> (csh, UnsafeMutablePointer<cs_insn>) {
        var handle: csh = 0
        let opened = cs_open(CS_ARCH_X86, CS_MODE_64, &handle)
        guard opened == CS_ERR_OK else { throw DecoderError(call: "cs_open", code: opened) }
        for (option, value) in [(CS_OPT_DETAIL, Int(CS_OPT_ON.rawValue)), (CS_OPT_SYNTAX, Int(CS_OPT_SYNTAX_INTEL.rawValue))] {
            let result = cs_option(handle, option, value)
            guard result == CS_ERR_OK else {
                cs_close(&handle)
                throw DecoderError(call: "cs_option", code: result)
            }
        }
        guard let buffer = cs_malloc(handle) else {
            cs_close(&handle)
            throw DecoderError(call: "cs_malloc", code: CS_ERR_MEM)
        }
        return (handle, buffer)
    }

    deinit {
        InstructionDecoder.capstoneLock.withLock { _ in
            cs_free(buffer, 1)
            cs_close(&handle)
        }
        readIDs.deallocate()
        writtenIDs.deallocate()
    }

    /// Capstone's version as `major.minor` (part of a campaign's environment).
    public static var capstoneVersion: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        cs_version(&major, &minor)
        return "\(major).\(minor)"
    }

    /// The first instruction in `bytes`, or nil when Capstone cannot decode one. Its `bytes`
    /// are exactly the instruction's (callers truncate their encoding to `length`).
    public func decode(_ bytes: [UInt8]) -> Instruction? {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    /// The instruction a case's bytes are, as the sandbox runs them (with `nop` filler after
    /// them): `decode(bytes)`, or else the instruction of exactly these bytes once the filler
    /// follows. A correction can make an instruction shorter than Capstone reads it (66 E8 rel16
    /// on AMD, where Capstone wants a rel32), and a corpus entry keeps the corrected bytes, which
    /// alone Capstone cannot decode again. Nil when neither decodes.
    public func decodeCase(_ bytes: [UInt8]) -> Instruction? {
        if let instruction = decode(bytes) { return instruction }
        guard bytes.count < 15 else { return nil }
        let padded = bytes + [UInt8](repeating: GuestLayout.filler, count: 15 - bytes.count)
        guard let instruction = decode(padded), instruction.length == bytes.count else { return nil }
        return instruction
    }

    /// The first instruction in the buffer, or nil when Capstone cannot decode one.
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Instruction? {
        InstructionDecoder.capstoneLock.withLock { _ in decodeHoldingLock(bytes) }
    }

    /// Capstone 4 sets up global state lazily and without a lock: `cs_open` its architecture
    /// tables, and `X86_insn_reg_intel` sorts `insn_regs_intel_sorted` on first use, so two
    /// threads decoding for the first time can see a half-sorted table and lose an implicit
    /// operand (a campaign crashed on an `add` with one operand). Every Capstone call, in every
    /// decoder, takes this lock; it costs nothing next to a case's KVM run.
    private static let capstoneLock = Mutex<Void>(())

    private func decodeHoldingLock(_ bytes: UnsafeBufferPointer<UInt8>) -> Instruction? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        var code: UnsafePointer<UInt8>? = base
        var size = bytes.count
        var address = InstructionDecoder.address
        guard cs_disasm_iter(handle, &code, &size, &address, buffer) else { return nil }
        let length = Int(buffer.pointee.size)
        let instructionBytes = UnsafeBufferPointer(rebasing: bytes[0..<length])
        guard let layout = EncodingLayout(bytes: instructionBytes), let detail = buffer.pointee.detail else { return nil }
        return makeInstruction(bytes: instructionBytes, layout: layout, detail: detail, encoding: bytes)
    }

    /// `bytes` are Capstone's instruction, `encoding` everything the caller gave (which a
    /// correction may read further than Capstone did).
    private func makeInstruction(bytes: UnsafeBufferPointer<UInt8>, layout: EncodingLayout,
                                 detail: UnsafeMutablePointer<cs_detail>, encoding: UnsafeBufferPointer<UInt8>) -> Instruction {
        let x86 = detail.pointee.x86
        var groups = withUnsafeBytes(of: detail.pointee.groups) { raw in
            CapstoneGroups.groups(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[0..<Int(detail.pointee.groups_count)]))
        }
        let modrmOffset = Int(x86.encoding.modrm_offset)
        let modrm: UInt8? = modrmOffset > 0 && modrmOffset < bytes.count ? bytes[modrmOffset] : nil
        let (mnemonic, text) = names()
        let operands = CapstoneOperands(x86, bytes: bytes, layout: layout, modrm: modrm, registers: registers)
        if accessesVectorStateRegister() { groups.insert(.vectorStateRegister) }
        let flags = groups.contains(.fpu) ? CapstoneFlags(0) : CapstoneFlags(x86.eflags)
        var instruction = Instruction(
            bytes: Array(bytes), mnemonic: mnemonic, text: text, prefixes: layout.prefixes, map: layout.map,
            opcode: layout.opcode, modrm: modrm,
            operandSize: operandSize(layout, movesControlOrDebug: operands.movesControlOrDebug),
            addressSize: layout.prefixes.addressSizeOverride ? 32 : 64, operands: operands.operands, groups: groups,
            flagsTested: flags.tested, flagsModified: flags.modified,
            flagsUndefined: flags.undefined)
        Capstone4Corrections.apply(to: &instruction)
        Capstone4Corrections.correctRelativeBranch(&instruction, encoding: encoding, opcodeOffset: layout.opcodeOffset)
        return instruction
    }

    /// The base mnemonic (the last word of Capstone's, which may start with `rep`, `lock`,
    /// `bnd` ...) and the full text.
    private func names() -> (String, String) {
        withUnsafeBytes(of: buffer.pointee.mnemonic) { mnemonicBytes in
            withUnsafeBytes(of: buffer.pointee.op_str) { operandBytes in
                // Lengths by strnlen and copies by memcpy: the generic collection operations on
                // these buffers cost about 800 host instructions per decoded case.
                let full = Self.cString(mnemonicBytes)
                var baseStart = full.count
                while baseStart > 0, full[baseStart - 1] != UInt8(ascii: " ") { baseStart -= 1 }
                let operandText = Self.cString(operandBytes)
                let mnemonic = String(decoding: UnsafeRawBufferPointer(rebasing: full[baseStart...]), as: UTF8.self)
                let length = full.count + (operandText.isEmpty ? 0 : 1 + operandText.count)
                let text = String(unsafeUninitializedCapacity: length) { out in
                    let start = out.baseAddress!
                    if let source = full.baseAddress { memcpy(start, source, full.count) }
                    guard let source = operandText.baseAddress, !operandText.isEmpty else { return full.count }
                    start[full.count] = UInt8(ascii: " ")
                    memcpy(start + full.count + 1, source, operandText.count)
                    return length
                }
                return (mnemonic, text)
            }
        }
    }

    /// The bytes of a NUL-terminated string in a fixed-size buffer (all of them without a NUL).
    private static func cString(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let base = bytes.baseAddress else { return bytes }
        return UnsafeRawBufferPointer(start: base, count: strnlen(base.assumingMemoryBound(to: CChar.self), bytes.count))
    }

    /// 64 where REX.W (or VEX/XOP/EVEX.W) says so or the instruction defaults to 64 bits (16
    /// with 66 there), 16 with 66, 32 otherwise. Moves to and from control and debug registers
    /// are always 64-bit. Where 66 is a mandatory SSE prefix the value is 16 and means nothing.
    private func operandSize(_ layout: EncodingLayout, movesControlOrDebug: Bool) -> Int {
        if layout.w || movesControlOrDebug { return 64 }
        if layout.prefixes.vex != nil || layout.prefixes.evex { return 32 }
        if CapstoneGroups.defaultsTo64Bits(buffer.pointee.id) { return layout.prefixes.operandSizeOverride ? 16 : 64 }
        return layout.prefixes.operandSizeOverride ? 16 : 32
    }

    /// True when a register Capstone says the instruction reads or writes (explicitly or not) holds
    /// vector, MMX or x87 state (`VectorObservation.isVectorStateName`).
    private func accessesVectorStateRegister() -> Bool {
        var readCount: UInt8 = 0
        var writtenCount: UInt8 = 0
        guard cs_regs_access(handle, buffer, readIDs, &readCount, writtenIDs, &writtenCount) == CS_ERR_OK else {
            return false
        }
        return (0..<Int(readCount)).contains { registers[UInt32(readIDs[$0])].isVectorState }
            || (0..<Int(writtenCount)).contains { registers[UInt32(writtenIDs[$0])].isVectorState }
    }
}

/// Capstone refused to open or configure a handle.
public struct DecoderError: Error, CustomStringConvertible {
    /// The Capstone function that failed.
    public var call: String
    /// Capstone's explanation of the error code.
    public var message: String

    init(call: String, code: cs_err) {
        self.call = call
        message = String(cString: cs_strerror(code))
    }

    public var description: String { "\(call): \(message)" }
}
