import X86

/// One case as the batch harness runs it: the instruction's bytes, the state, and how the
/// harness must treat it. `BatchPlan` makes these from decoded instructions.
public struct BatchCase: Sendable {
    /// Exactly the instruction's bytes: the jump out of the slot follows them.
    public var bytes: [UInt8]
    public var state: MachineState
    /// XRSTOR the vector state before and XSAVE it after (else `Outcome.vector` is nil).
    public var observeVectorState: Bool
    /// Enter with RFLAGS.TF, for instructions whose effect TF changes (PUSHF, POPF, REP string
    /// instructions): the step ends in #DB, as on the single-step path.
    public var trapFlag: Bool
    /// Where a taken direct branch lands, when that is in the code page: the harness puts a pad
    /// there. Nil for other instructions, and for targets outside the code page, which fault on
    /// the fetch.
    public var pad: UInt64?
    /// A near branch: an instruction-fetch #PF at another RIP than the instruction's is its
    /// completion (the target is not executable), not an escape.
    public var isBranch: Bool

    public init(bytes: [UInt8], state: MachineState, observeVectorState: Bool, trapFlag: Bool = false,
                pad: UInt64? = nil, isBranch: Bool = false) {
        self.bytes = bytes
        self.state = state
        self.observeVectorState = observeVectorState
        self.trapFlag = trapFlag
        self.pad = pad
        self.isBranch = isBranch
    }
}

/// What the batch made of one case.
public enum BatchResult: Sendable, Equatable {
    /// The step's outcome, as the single-step path reports it.
    case outcome(Outcome)
    /// The case left its slot in a way the harness cannot account for exactly (into int3 filler,
    /// a fetch fault after a non-branch, a vector it did not expect, a state the harness refuses):
    /// run it on the single-step path.
    case escaped(BatchEscape)
}

/// Why a case left the batch for the single-step path: one of a few reasons, and what exactly
/// happened.
public struct BatchEscape: Sendable, Equatable {
    public enum Reason: String, Sendable, CaseIterable {
        /// The sandbox's own checks refuse the case (as the single-step path reports).
        case refused
        /// Its KVM_RUN was switched out (or interrupted by a signal) while its x87 pointers were
        /// hidden, and its outcome shows them: they may be the host's zeros.
        case hiddenX87PointersSwitchedOut = "hidden-x87-pointers-switched-out"
        /// It ran past its slot under TF with no #DB.
        case completedUnderTrapFlag = "completed-under-tf"
        /// It reached the taken-branch entry with no landing pad planned.
        case takenWithoutPad = "taken-without-pad"
        /// A vector above 31, a #DB without TF, an instruction fetch fault after a non-branch, an
        /// exception raised away from the slot, or a result the harness does not write.
        case unexpectedEnding = "unexpected-ending"
    }

    public var reason: Reason
    public var detail: String

    public init(_ reason: Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }
}

/// How a batch ended.
public enum BatchRun: Sendable {
    /// One result per case, in order.
    case completed([BatchResult])
    /// The batch cannot be trusted: run every case on the single-step path.
    case abandoned(BatchAbandonment)
}

/// Why a batch was abandoned: one of a few reasons, and what exactly happened.
public struct BatchAbandonment: Sendable {
    public enum Reason: String, Sendable, CaseIterable {
        /// The harness found a canary or its slot changed, or a result record or guarded byte
        /// was not as the harness leaves it: a case wrote into the harness's memory.
        case harnessMemoryChanged = "harness-memory-changed"
        /// FS or GS base was not the guest's after the batch: a case rewrote one (WRFSBASE hidden
        /// in bytes Capstone cannot decode, say), and every later case saw it.
        case segmentBaseChanged = "segment-base-changed"
        case watchdog
        /// The harness itself raised an exception.
        case harnessFault = "harness-fault"
        /// KVM_RUN failed or the vCPU left another way than through the harness's exits.
        case unexpectedExit = "unexpected-exit"
    }

    public var reason: Reason
    public var detail: String
    /// The case that was running (its position in the cases given to `BatchSandbox.run`), where
    /// the harness knows it.
    public var caseIndex: Int?

    public init(reason: Reason, detail: String, caseIndex: Int? = nil) {
        self.reason = reason
        self.detail = detail
        self.caseIndex = caseIndex
    }
}
