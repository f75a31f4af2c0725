import X86

/// The guest's memory as the model sees it: the initial contents of every user-readable page
/// (data window, code page, state page) plus the writes of the instruction so far, with the
/// checks the CPU makes on each access at CPL3.
public struct MemoryModel {
    /// What an access is for; it decides the #PF error code and the checks.
    public enum AccessKind: Sendable {
        case read, write
    }

    private let initial: MachineState
    private let instruction: [UInt8]
    private var statePage: [UInt8]?
    /// Bytes written so far, in the order written (an instruction writes a handful, so a list
    /// searched from its end is cheaper than a dictionary).
    private var written: [(address: UInt64, byte: UInt8)] = []

    init(initial: MachineState, instruction: [UInt8]) {
        self.initial = initial
        self.instruction = instruction
    }

    /// #PF error-code bits (Intel SDM Vol. 3, 4.7).
    private static let presentBit: UInt64 = 1
    private static let writeBit: UInt64 = 2
    private static let userBit: UInt64 = 4

    /// Checks that CPL3 may access `size` bytes at `address`: each page must be present, user and
    /// (for writes) writable. The first failing page in address order faults, with CR2 the
    /// first byte of the access inside it.
    func checkPages(_ address: UInt64, size: Int, kind: AccessKind) throws(Fault) {
        var page = address & ~(GuestLayout.pageSize - 1)
        let last = address &+ UInt64(size - 1)
        while true {
            let faultAddress = max(address, page)
            let write = kind == .write ? MemoryModel.writeBit : 0
            guard let access = GuestLayout.access(at: page) else {
                throw .pageFault(errorCode: MemoryModel.userBit | write, address: faultAddress)
            }
            if !access.user || (kind == .write && !access.writable) {
                throw .pageFault(errorCode: MemoryModel.presentBit | MemoryModel.userBit | write, address: faultAddress)
            }
            if page == last & ~(GuestLayout.pageSize - 1) { break }
            page &+= GuestLayout.pageSize
        }
    }

    /// The byte at `address` now (after this instruction's writes so far). The address must have
    /// passed `checkPages`.
    mutating func byte(at address: UInt64) -> UInt8 {
        var index = written.count
        while index > 0 {
            index -= 1
            if written[index].address == address { return written[index].byte }
        }
        if let value = initial.initialByte(at: address) { return value }
        let page = address & ~(GuestLayout.pageSize - 1)
        if page == GuestLayout.codeAddress { return codeByte(at: address) }
        if page == GuestLayout.statePage {
            if statePage == nil { statePage = StatePage.image(initial) }
            return statePage![Int(address - page)]
        }
        preconditionFailure("byte at \(Hex.format(address)) read without a page check")
    }

    private func codeByte(at address: UInt64) -> UInt8 {
        let offset = Int(address - GuestLayout.codeAddress)
        if offset < instruction.count { return instruction[offset] }
        let prologueOffset = Int(address) - Int(Prologue.address)
        if prologueOffset >= 0 && prologueOffset < Prologue.code.count { return Prologue.code[prologueOffset] }
        return GuestLayout.filler
    }

    /// Reads up to 8 bytes little-endian (no checks: callers check first).
    mutating func load(_ address: UInt64, size: Int) -> UInt64 {
        if let seeded = seededWindowValue(address, size: size) { return seeded }
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(byte(at: address &+ UInt64(index))) << UInt64(index * 8) }
        return value
    }

    /// The common case of a load, straight from the seeded quadwords: the bytes lie in the data
    /// window, which no patch and no write of this instruction has touched. Nil otherwise.
    private func seededWindowValue(_ address: UInt64, size: Int) -> UInt64? {
        guard written.isEmpty, initial.memoryPatches.isEmpty, address >= GuestLayout.dataBase,
              address &+ UInt64(size) <= GuestLayout.dataRange.upperBound, address &+ UInt64(size) > address else { return nil }
        let offset = address - GuestLayout.dataBase
        let shift = (offset & 7) * 8
        let mask: UInt64 = size == 8 ? .max : (1 << UInt64(size * 8)) - 1
        let low = DataWindowFill.quadword(seed: initial.dataSeed, index: offset >> 3) >> shift
        guard Int(offset & 7) + size > 8 else { return low & mask }
        let high = DataWindowFill.quadword(seed: initial.dataSeed, index: (offset >> 3) + 1) << (64 - shift)
        return (low | high) & mask
    }

    /// Writes `size` bytes little-endian (no checks: callers check first).
    mutating func store(_ address: UInt64, size: Int, _ value: UInt64) {
        if written.isEmpty { written.reserveCapacity(32) }
        for index in 0..<size { written.append((address &+ UInt64(index), UInt8(truncatingIfNeeded: value >> UInt64(index * 8)))) }
    }

    /// The bytes that differ from the initial contents, as runs (the outcome's `memoryWrites`).
    func writes() -> [MemoryRun] {
        guard !written.isEmpty else { return [] }
        let bytes = written
        var ascending = true
        for index in 1..<bytes.count where bytes[index].address <= bytes[index - 1].address {
            ascending = false
            break
        }
        let order = ascending ? nil : bytes.indices.sorted { (bytes[$0].address, $0) < (bytes[$1].address, $1) }
        func index(_ position: Int) -> Int { order?[position] ?? position }
        var changes: [(offset: Int, byte: UInt8)] = []
        changes.reserveCapacity(bytes.count)
        for position in bytes.indices {
            let (address, value) = bytes[index(position)]
            let isLatest = position + 1 == bytes.count || bytes[index(position + 1)].address != address
            guard isLatest, let before = initial.initialByte(at: address), before != value else { continue }
            changes.append((Int(address - GuestLayout.dataBase), value))
        }
        return MemoryRun.runs(base: GuestLayout.dataBase, changes: changes)
    }
}
