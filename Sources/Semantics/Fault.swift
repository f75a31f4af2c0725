import X86

/// An exception the model predicts: semantics throw it, and it becomes the outcome.
public struct Fault: Error, Sendable, Equatable {
    public var exception: ExceptionInfo
    /// True for traps (#BP from `int3`, `int 4`): RIP moves past the instruction and the
    /// instruction's effects stand. Faults leave the state as it was before the instruction.
    public var isTrap: Bool
    /// Set when the semantics met a form the model does not cover: then there is no prediction
    /// at all, and the message says what was missing.
    public var notModelled: String?
    /// Set when the stores the instruction made before the fault stay in memory (registers and
    /// flags are still restored): measured for ENTER, whose pushes are not undone.
    public var keepsMemoryWrites = false
    /// MXCSR after the fault, where the instruction sets its exception flags before raising #XM
    /// (registers, memory and the rest of the vector state are untouched).
    public var mxcsr: UInt32?
    /// The whole vector and x87 state after the fault, where the instruction changes it before
    /// faulting (MASKMOVQ's x87 transition stays when its store faults, measured on Zen 3).
    public var vectorState: VectorState?

    public init(_ exception: ExceptionInfo, isTrap: Bool = false) {
        self.exception = exception
        self.isTrap = isTrap
    }

    /// The semantics cannot predict this form (`what` names it).
    public static func notModelled(_ what: String) -> Fault {
        var fault = Fault(ExceptionInfo(vector: .ud))
        fault.notModelled = what
        return fault
    }

    public static let invalidOpcode = Fault(ExceptionInfo(vector: .ud))
    public static let divideError = Fault(ExceptionInfo(vector: .de))
    public static let alignmentCheck = Fault(ExceptionInfo(vector: .ac, errorCode: 0))
    public static let stackFault = Fault(ExceptionInfo(vector: .ss, errorCode: 0))

    /// #GP with an error code (0 unless a selector is involved).
    public static func generalProtection(_ errorCode: UInt64 = 0) -> Fault {
        Fault(ExceptionInfo(vector: .gp, errorCode: errorCode))
    }

    /// #PF with its error code and the faulting linear address in CR2.
    public static func pageFault(errorCode: UInt64, address: UInt64) -> Fault {
        Fault(ExceptionInfo(vector: .pf, errorCode: errorCode, cr2: address))
    }

    /// #XM: an unmasked SIMD floating-point exception, with MXCSR as the instruction leaves it.
    public static func simdFloatingPoint(mxcsr: UInt32) -> Fault {
        var fault = Fault(ExceptionInfo(vector: .xm))
        fault.mxcsr = mxcsr
        return fault
    }

    /// A software-interrupt trap through a DPL-3 gate (`int3`, `int 4`).
    public static func softwareTrap(_ vector: ExceptionVector) -> Fault { Fault(ExceptionInfo(vector: vector), isTrap: true) }
}
