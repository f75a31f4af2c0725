/// A coding key made from any string, for the JSON objects whose keys are register names.
public struct NameKey: CodingKey, Hashable {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ name: String) { stringValue = name }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

extension GPRFile: Codable {
    /// Encodes as an object `{"rax": "0x...", ..., "r15": "0x..."}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        for register in GPR.allCases {
            try container.encode(HexNumber(self[register]), forKey: NameKey(register.name))
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: NameKey.self)
        self.init()
        for register in GPR.allCases {
            self[register] = try container.decode(HexNumber.self, forKey: NameKey(register.name)).value
        }
    }
}

extension VectorState {
    /// Adds `xmm0`..`xmm15`, `ymm0`..`ymm15`, `mxcsr`, `fcw` and `fsw` to a JSON object, and with
    /// `x87Registers` also `st0`..`st7` (stack order, 20 hex digits), `mm0`..`mm7`, `ftw`, `fop`,
    /// `fip` and `fdp`.
    func encodeFlat(into container: inout KeyedEncodingContainer<NameKey>, x87Registers: Bool = true, x87Pointers: Bool = true) throws {
        for index in 0..<16 {
            try container.encode(Hex.format(ymm[index], digits: 32), forKey: NameKey("xmm\(index)"))
            try container.encode(Hex.format(ymm[index]), forKey: NameKey("ymm\(index)"))
        }
        try container.encode(HexNumber(UInt64(mxcsr)), forKey: NameKey("mxcsr"))
        try container.encode(HexNumber(UInt64(fcw)), forKey: NameKey("fcw"))
        try container.encode(HexNumber(UInt64(fsw)), forKey: NameKey("fsw"))
        guard x87Registers else { return }
        try container.encode(HexNumber(UInt64(ftw)), forKey: NameKey("ftw"))
        for index in 0..<8 {
            try container.encode(Hex.format(st[index]), forKey: NameKey("st\(index)"))
        }
        for index in 0..<8 {
            let digits = String(mm(index), radix: 16)
            try container.encode("0x" + String(repeating: "0", count: 16 - digits.count) + digits, forKey: NameKey("mm\(index)"))
        }
        guard x87Pointers else { return }
        try container.encode(HexNumber(UInt64(self.x87Pointers.fop)), forKey: NameKey("fop"))
        try container.encode(HexNumber(self.x87Pointers.fip), forKey: NameKey("fip"))
        try container.encode(HexNumber(self.x87Pointers.fdp), forKey: NameKey("fdp"))
    }

    /// True when a JSON object carries the x87 pointers (entries recorded before they were
    /// observed do not).
    static func hasX87Pointers(_ container: KeyedDecodingContainer<NameKey>) -> Bool { container.contains(NameKey("fip")) }

    /// True when a JSON object carries the x87 registers (entries recorded before they were
    /// observed do not).
    static func hasX87Registers(_ container: KeyedDecodingContainer<NameKey>) -> Bool { container.contains(NameKey("st0")) }

    /// Reads what `encodeFlat` wrote; the `ymm` keys carry the whole registers, the `st` keys the
    /// x87 registers (the `mm` keys repeat them). Without `st` keys the x87 registers stay zero
    /// and empty, which is what the sandbox loaded before it observed them.
    init(flatFrom container: KeyedDecodingContainer<NameKey>) throws {
        self.init()
        for index in 0..<16 {
            let text = try container.decode(String.self, forKey: NameKey("ymm\(index)"))
            do { ymm[index] = try Hex.parseVector(text) } catch {
                throw DecodingError.dataCorruptedError(forKey: NameKey("ymm\(index)"), in: container,
                                                       debugDescription: error.description)
            }
        }
        mxcsr = UInt32(truncatingIfNeeded: try container.decode(HexNumber.self, forKey: NameKey("mxcsr")).value)
        fcw = UInt16(truncatingIfNeeded: try container.decode(HexNumber.self, forKey: NameKey("fcw")).value)
        fsw = UInt16(truncatingIfNeeded: try container.decode(HexNumber.self, forKey: NameKey("fsw")).value)
        guard Self.hasX87Registers(container) else { return }
        ftw = UInt8(truncatingIfNeeded: try container.decode(HexNumber.self, forKey: NameKey("ftw")).value)
        for index in 0..<8 {
            let text = try container.decode(String.self, forKey: NameKey("st\(index)"))
            do { st[index] = try Hex.parseX87Register(text) } catch {
                throw DecodingError.dataCorruptedError(forKey: NameKey("st\(index)"), in: container,
                                                       debugDescription: error.description)
            }
        }
        guard Self.hasX87Pointers(container) else { return }
        x87Pointers = X87Pointers(fop: UInt16(truncatingIfNeeded: try container.decode(HexNumber.self, forKey: NameKey("fop")).value) & 0x7FF,
                                  fip: try container.decode(HexNumber.self, forKey: NameKey("fip")).value,
                                  fdp: try container.decode(HexNumber.self, forKey: NameKey("fdp")).value)
    }
}

extension MachineState: Codable {
    /// Encodes as `{gpr, rip, rflags, xmm0.., ymm0.., mxcsr, fcw, fsw, dataSeed, memory}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        try container.encode(gpr, forKey: NameKey("gpr"))
        try container.encode(HexNumber(rip), forKey: NameKey("rip"))
        try container.encode(HexNumber(rflags), forKey: NameKey("rflags"))
        try vector.encodeFlat(into: &container)
        try container.encode(HexNumber(dataSeed), forKey: NameKey("dataSeed"))
        try container.encode(memoryPatches, forKey: NameKey("memory"))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: NameKey.self)
        self.init(gpr: try container.decode(GPRFile.self, forKey: NameKey("gpr")),
                  rip: try container.decode(HexNumber.self, forKey: NameKey("rip")).value,
                  rflags: try container.decode(HexNumber.self, forKey: NameKey("rflags")).value,
                  vector: try VectorState(flatFrom: container),
                  dataSeed: try container.decode(HexNumber.self, forKey: NameKey("dataSeed")).value,
                  memoryPatches: try container.decode([MemoryRun].self, forKey: NameKey("memory")))
    }
}

extension ExceptionInfo: Codable {
    /// Encodes as `{vector, name, errorCode, cr2}`, with null where a field does not apply.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        try container.encode(HexNumber(UInt64(vector.rawValue)), forKey: NameKey("vector"))
        try container.encode(vector.name, forKey: NameKey("name"))
        try container.encode(errorCode.map(HexNumber.init), forKey: NameKey("errorCode"))
        try container.encode(cr2.map(HexNumber.init), forKey: NameKey("cr2"))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: NameKey.self)
        let vector = try container.decode(HexNumber.self, forKey: NameKey("vector")).value
        guard vector < 256 else {
            throw DecodingError.dataCorruptedError(forKey: NameKey("vector"), in: container,
                                                   debugDescription: "vector \(vector) is not below 256")
        }
        self.init(vector: ExceptionVector(rawValue: UInt8(vector)),
                  errorCode: try container.decodeIfPresent(HexNumber.self, forKey: NameKey("errorCode"))?.value,
                  cr2: try container.decodeIfPresent(HexNumber.self, forKey: NameKey("cr2"))?.value)
    }
}

extension Outcome: Codable {
    /// Encodes as the `after` object of `exec --json`: `{outcome, exception, rip, gpr, rflags,
    /// memoryWrites, xmm0.., ymm0.., mxcsr, fcw, fsw, ftw, st0.., mm0.., fop, fip, fdp}`; the vector
    /// keys only when they were observed, the x87 register keys only when those were.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        try container.encode(kind, forKey: NameKey("outcome"))
        try container.encode(exception, forKey: NameKey("exception"))
        try container.encode(HexNumber(rip), forKey: NameKey("rip"))
        try container.encode(gpr, forKey: NameKey("gpr"))
        try container.encode(HexNumber(rflags), forKey: NameKey("rflags"))
        try container.encode(memoryWrites, forKey: NameKey("memoryWrites"))
        try vector?.encodeFlat(into: &container, x87Registers: x87RegistersObserved, x87Pointers: x87PointersObserved)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: NameKey.self)
        let kind = try container.decode(String.self, forKey: NameKey("outcome"))
        let exception = try container.decodeIfPresent(ExceptionInfo.self, forKey: NameKey("exception"))
        guard (kind == "exception") == (exception != nil), kind == "exception" || kind == "completed" else {
            throw DecodingError.dataCorruptedError(forKey: NameKey("outcome"), in: container,
                                                   debugDescription: "outcome '\(kind)' does not match its exception field")
        }
        self.init(exception: exception,
                  gpr: try container.decode(GPRFile.self, forKey: NameKey("gpr")),
                  rip: try container.decode(HexNumber.self, forKey: NameKey("rip")).value,
                  rflags: try container.decode(HexNumber.self, forKey: NameKey("rflags")).value,
                  vector: container.contains(NameKey("ymm0")) ? try VectorState(flatFrom: container) : nil,
                  memoryWrites: try container.decode([MemoryRun].self, forKey: NameKey("memoryWrites")))
        x87RegistersObserved = vector == nil || VectorState.hasX87Registers(container)
        x87PointersObserved = vector == nil || VectorState.hasX87Pointers(container)
    }
}
