import Sandbox
import X86

/// Where a case's CPU outcome comes from: the live CPU, or an outcome recorded earlier. The one
/// judgement (`CaseJudge`) reads either.
public protocol Executor {
    /// The CPU's outcome for `instruction` from `state`.
    func run(_ instruction: Instruction, from state: MachineState) throws(SandboxError) -> Outcome
    /// True when other states can be run too: a live CPU confirms a divergence by running it
    /// again and moves an operand to test a platform's fault; a recording cannot.
    var isLive: Bool { get }
}

/// The CPU, through a sandbox. It reads the vector state back exactly where the instruction may
/// touch it (`VectorObservation`), the one rule for every caller.
public struct LiveExecutor: Executor {
    public let sandbox: Sandbox
    public init(sandbox: Sandbox) { self.sandbox = sandbox }
    public var isLive: Bool { true }

    public func run(_ instruction: Instruction, from state: MachineState) throws(SandboxError) -> Outcome {
        try sandbox.run(instruction.bytes, from: state, observeVectorState: VectorObservation.isNeeded(for: instruction))
    }
}

/// An outcome recorded earlier (a corpus entry's, a known answer's), for the state it came from.
public struct RecordedExecutor: Executor {
    public let outcome: Outcome
    public init(outcome: Outcome) { self.outcome = outcome }
    public var isLive: Bool { false }

    public func run(_ instruction: Instruction, from state: MachineState) throws(SandboxError) -> Outcome { outcome }
}
