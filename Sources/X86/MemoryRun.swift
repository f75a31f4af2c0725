/// A run of bytes at a guest address: an explicit input patch or an observed write.
public struct MemoryRun: Sendable, Hashable, Codable {
    public var address: UInt64
    public var bytes: [UInt8]

    public init(address: UInt64, bytes: [UInt8]) {
        self.address = address
        self.bytes = bytes
    }

    /// The addresses the run covers. Every run built from outside input is checked not to wrap
    /// past 2^64 (`CaseValidation.patchProblem`, the JSON decoder).
    public var range: Range<UInt64> { address..<(address + UInt64(bytes.count)) }

    enum CodingKeys: String, CodingKey { case address, bytes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        address = try container.decode(HexNumber.self, forKey: .address).value
        bytes = try container.decode(HexBytes.self, forKey: .bytes).bytes
        guard !address.addingReportingOverflow(UInt64(bytes.count)).overflow else {
            throw DecodingError.dataCorruptedError(forKey: .address, in: container,
                                                   debugDescription: "a run of \(bytes.count) bytes at \(Hex.format(address)) wraps past 2^64")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(HexNumber(address), forKey: .address)
        try container.encode(HexBytes(bytes), forKey: .bytes)
    }

    /// Groups changed bytes, given as ascending window offsets with their new values, into
    /// maximal runs of consecutive addresses.
    public static func runs(base: UInt64, changes: [(offset: Int, byte: UInt8)]) -> [MemoryRun] {
        var result: [MemoryRun] = []
        var start = 0
        while start < changes.count {
            var end = start + 1
            while end < changes.count, changes[end].offset == changes[end - 1].offset + 1 { end += 1 }
            result.append(MemoryRun(address: base + UInt64(changes[start].offset), bytes: changes[start..<end].map(\.byte)))
            start = end
        }
        return result
    }
}
