/// An exception vector, with the mnemonic the manuals give it.
public struct ExceptionVector: RawRepresentable, Sendable, Hashable, Comparable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let de = ExceptionVector(rawValue: 0)
    public static let db = ExceptionVector(rawValue: 1)
    public static let bp = ExceptionVector(rawValue: 3)
    public static let of = ExceptionVector(rawValue: 4)
    public static let br = ExceptionVector(rawValue: 5)
    public static let ud = ExceptionVector(rawValue: 6)
    public static let nm = ExceptionVector(rawValue: 7)
    public static let df = ExceptionVector(rawValue: 8)
    public static let ts = ExceptionVector(rawValue: 10)
    public static let np = ExceptionVector(rawValue: 11)
    public static let ss = ExceptionVector(rawValue: 12)
    public static let gp = ExceptionVector(rawValue: 13)
    public static let pf = ExceptionVector(rawValue: 14)
    public static let mf = ExceptionVector(rawValue: 16)
    public static let ac = ExceptionVector(rawValue: 17)
    public static let mc = ExceptionVector(rawValue: 18)
    public static let xm = ExceptionVector(rawValue: 19)
    public static let cp = ExceptionVector(rawValue: 21)

    /// `#PF`, `#GP` ...; `#18`-style for vectors without a mnemonic.
    public var name: String {
        switch rawValue {
        case 0: "#DE"
        case 1: "#DB"
        case 2: "NMI"
        case 3: "#BP"
        case 4: "#OF"
        case 5: "#BR"
        case 6: "#UD"
        case 7: "#NM"
        case 8: "#DF"
        case 10: "#TS"
        case 11: "#NP"
        case 12: "#SS"
        case 13: "#GP"
        case 14: "#PF"
        case 16: "#MF"
        case 17: "#AC"
        case 18: "#MC"
        case 19: "#XM"
        case 20: "#VE"
        case 21: "#CP"
        default: "#\(rawValue)"
        }
    }

    /// True for the vectors whose frame carries an error code (Intel SDM Vol. 3, 6.13).
    public var pushesErrorCode: Bool { [8, 10, 11, 12, 13, 14, 17, 21].contains(rawValue) }

    public static func < (lhs: ExceptionVector, rhs: ExceptionVector) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An exception the instruction raised: its vector, error code where the vector has one, and
/// CR2 for #PF.
public struct ExceptionInfo: Sendable, Hashable {
    public var vector: ExceptionVector
    public var errorCode: UInt64?
    public var cr2: UInt64?

    public init(vector: ExceptionVector, errorCode: UInt64? = nil, cr2: UInt64? = nil) {
        self.vector = vector
        self.errorCode = errorCode
        self.cr2 = cr2
    }

    /// #GP with error code 0, the most common fault at CPL3.
    public static let generalProtection = ExceptionInfo(vector: .gp, errorCode: 0)
}

/// What one step did: it completed, or it raised an exception. Either way the registers are the
/// ones after the step (for an exception: RIP, RFLAGS and RSP from the interrupt frame), and
/// `memoryWrites` lists the data-window bytes that changed. `vector` is nil when the vector
/// registers were not read back (the caller knew the instruction cannot change them).
public struct Outcome: Sendable, Hashable {
    public var exception: ExceptionInfo?
    public var gpr: GPRFile
    public var rip: UInt64
    public var rflags: UInt64
    public var vector: VectorState?
    public var memoryWrites: [MemoryRun]
    /// False for an outcome read from a corpus entry recorded before the x87 data registers and
    /// tag word were observed: `vector` then holds placeholders for them.
    public var x87RegistersObserved = true
    /// False for an outcome read from a corpus entry recorded before the x87 pointers (FOP, FIP,
    /// FDP) were observed, or from a target that does not report them.
    public var x87PointersObserved = true

    public init(exception: ExceptionInfo?, gpr: GPRFile, rip: UInt64, rflags: UInt64,
                vector: VectorState?, memoryWrites: [MemoryRun]) {
        self.exception = exception
        self.gpr = gpr
        self.rip = rip
        self.rflags = rflags
        self.vector = vector
        self.memoryWrites = memoryWrites
    }

    /// `"completed"` or `"exception"`.
    public var kind: String { exception == nil ? "completed" : "exception" }
}

extension Outcome {
    /// The parts of this (newly observed) outcome that differ from `recorded`, by name (`exception`,
    /// `rip`, `rflags`, `rax` ..., `memory`, `vector`). The vector state counts only where both sides
    /// read it back: an entry recorded without it (or without the x87 registers) says nothing about it.
    public func differences(fromRecorded recorded: Outcome) -> [String] {
        var fields: [String] = []
        if exception != recorded.exception { fields.append("exception") }
        if rip != recorded.rip { fields.append("rip") }
        if rflags != recorded.rflags { fields.append("rflags") }
        for register in GPR.allCases where gpr[register] != recorded.gpr[register] { fields.append(register.name) }
        if memoryWrites != recorded.memoryWrites { fields.append("memory") }
        if let vector, let recordedVector = recorded.vector {
            var comparable = recorded.x87RegistersObserved && x87RegistersObserved ? vector : vector.withX87Registers(of: recordedVector)
            if !recorded.x87PointersObserved || !x87PointersObserved { comparable = comparable.withX87Pointers(of: recordedVector) }
            if comparable != recordedVector { fields.append("vector") }
        }
        return fields
    }
}
