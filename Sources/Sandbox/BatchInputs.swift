import CKVM
import X86

/// The per-case data the host writes into the harness region before a batch, and the window's
/// initial quadwords it diffs against afterwards.
struct BatchInputs {
    /// The window's patched quadwords for one case: (offset, final value), ascending.
    typealias Patched = [(offset: Int, value: UInt64)]

    /// The quadwords the case's memory patches change, with their final values (later patches win).
    static func patchedQuadwords(_ state: MachineState) -> Patched {
        var patched: Patched = []
        for patch in state.memoryPatches {
            for (index, byte) in patch.bytes.enumerated() {
                let offset = Int(patch.address - GuestLayout.dataBase) + index
                let quadword = offset & ~7
                let shift = UInt64(offset & 7) * 8
                let slot = patched.firstIndex { $0.offset == quadword } ?? {
                    patched.append((quadword, DataWindowFill.quadword(seed: state.dataSeed, index: UInt64(quadword / 8))))
                    return patched.count - 1
                }()
                patched[slot].value = patched[slot].value & ~(0xFF << shift) | UInt64(byte) << shift
            }
        }
        // In place: `sorted` allocated a second array for every case with a patch.
        patched.sort { $0.offset < $1.offset }
        return patched
    }

    /// The window's quadword at `offset` before the case.
    static func initialQuadword(_ offset: Int, seed: UInt64, patched: Patched) -> UInt64 {
        for entry in patched where entry.offset == offset { return entry.value }
        return DataWindowFill.quadword(seed: seed, index: UInt64(offset / 8))
    }

    /// Writes the slot's 32 bytes at `destination`: the instruction, the jump out (E9 CC CC CC CC),
    /// int3 filler and the case's index, by which the handlers know which case ran.
    static func writeSlot(_ bytes: [UInt8], index: Int, to destination: UnsafeMutableRawPointer) {
        destination.initializeMemory(as: UInt8.self, repeating: BatchImage.int3, count: BatchLayout.slotIndex)
        bytes.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        destination.storeBytes(of: 0xE9, toByteOffset: bytes.count, as: UInt8.self)
        destination.storeBytes(of: UInt64(index).littleEndian, toByteOffset: BatchLayout.slotIndex, as: UInt64.self)
    }

    /// The order the harness pops the case's GPRs in (RSP comes from the IRETQ frame).
    private static let popOrder: [GPR] = [.r15, .r14, .r13, .r12, .r11, .r10, .r9, .r8, .rdi, .rsi, .rbp, .rdx, .rcx, .rbx, .rax]

    /// A pad: the same jump, and int3 after it.
    static let padBytes: UInt64 = 0xCCCC_CCCC_CCCC_CCE9

    /// Writes case `index`'s input record; its patches at `patchStart` and, for a case that
    /// observes its vector state, its XRSTOR image in area `vectorArea`.
    static func write(_ batchCase: BatchCase, index: Int, patched: Patched, patchStart: Int, vectorArea: Int?,
                      into region: (UInt64) -> UnsafeMutableRawPointer) {
        let record = region(BatchLayout.inputs + UInt64(index * BatchLayout.recordSize))
        func store(_ value: UInt64, _ offset: Int32) { record.storeBytes(of: value.littleEndian, toByteOffset: Int(offset), as: UInt64.self) }
        let state = batchCase.state
        for (slot, register) in popOrder.enumerated() { store(state.gpr[register], BATCH_IN_GPRS + Int32(slot * 8)) }
        // The IRETQ frame: RIP, CS, RFLAGS, RSP, SS.
        store(GuestLayout.codeAddress, BATCH_IN_FRAME)
        store(UInt64(GuestLayout.userCodeSelector), BATCH_IN_FRAME + 8)
        store(state.rflags | RFlags.reserved1 | (batchCase.trapFlag ? RFlags.tf : 0), BATCH_IN_FRAME + 16)
        store(state.gpr[.rsp], BATCH_IN_FRAME + 24)
        store(UInt64(GuestLayout.userDataSelector), BATCH_IN_FRAME + 32)
        writeSlot(batchCase.bytes, index: index, to: record + Int(BATCH_IN_TEMPLATE))
        store(batchCase.pad ?? 0, BATCH_IN_PAD_ADDRESS)
        store(padBytes, BATCH_IN_PAD_BYTES)
        store(state.dataSeed, BATCH_IN_SEED)
        store(UInt64(patchStart), BATCH_IN_PATCH_START)
        store(UInt64(patched.count), BATCH_IN_PATCH_COUNT)
        let entries = region(BatchLayout.patches + UInt64(patchStart * BatchLayout.entrySize))
        for (slot, entry) in patched.enumerated() {
            entries.storeBytes(of: UInt64(entry.offset).littleEndian, toByteOffset: slot * 16, as: UInt64.self)
            entries.storeBytes(of: entry.value.littleEndian, toByteOffset: slot * 16 + 8, as: UInt64.self)
        }
        store(vectorArea == nil ? 0 : UInt64(BATCH_FLAG_VECTOR), BATCH_IN_FLAGS)
        store(UInt64(vectorArea ?? 0), BATCH_IN_IMAGE)
        store(UInt64(vectorArea ?? 0), BATCH_IN_SAVE)
        if let vectorArea {
            XSaveLayout.write(state.vector, into: region(BatchLayout.images + UInt64(vectorArea * BatchLayout.vectorAreaSize)))
        }
    }
}
