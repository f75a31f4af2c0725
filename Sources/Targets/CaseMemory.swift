import X86

/// The guest memory a target reproduces: the code page and the data window's initial contents,
/// and the data window's changed bytes afterwards, as the sandbox reports them.
enum CaseMemory {
    /// The code page: the instruction at its start, the sandbox's `nop` filler after it.
    static func codePage(_ bytes: [UInt8]) -> [UInt8] {
        var page = [UInt8](repeating: GuestLayout.filler, count: Int(GuestLayout.pageSize))
        page.replaceSubrange(0..<bytes.count, with: bytes)
        return page
    }

    /// The data window before the step: the seed's fill, then the patches in order.
    static func window(_ state: MachineState) -> [UInt8] {
        var window = [UInt8](repeating: 0, count: Int(GuestLayout.dataSize))
        window.withUnsafeMutableBytes { DataWindowFill.fill($0, seed: state.dataSeed) }
        for patch in state.memoryPatches {
            let offset = Int(patch.address - GuestLayout.dataBase)
            window.replaceSubrange(offset..<(offset + patch.bytes.count), with: patch.bytes)
        }
        return window
    }

    /// The bytes of `after` that differ from `before`, as runs of consecutive addresses.
    static func writes(before: [UInt8], after: [UInt8]) -> [MemoryRun] {
        let changes = zip(before, after).enumerated().compactMap { offset, pair in pair.0 == pair.1 ? nil : (offset, pair.1) }
        return MemoryRun.runs(base: GuestLayout.dataBase, changes: changes)
    }
}
