import Sandbox
import X86

/// Says how a batch outcome differed from the single-step run of the same case, in one line for
/// the summary: the executors should never disagree, and when they do the case must be findable.
enum BatchDisagreement {
    /// `caseIndex` is the campaign's (global) index: `fuzz --seed S --shard INDEX/COUNT --cases 1`
    /// with any COUNT above INDEX runs that case alone.
    static func describe(_ instruction: Instruction, caseIndex: UInt64, batch: Outcome,
                         singleStep: Result<Outcome, SandboxError>) -> String {
        let head = "case \(caseIndex): \(Hex.format(bytes: instruction.bytes)) (\(instruction.text))"
        switch singleStep {
        case .failure(let error): return "\(head): single-step failed: \(error)"
        case .success(let single):
            var parts: [String] = []
            if batch.exception != single.exception {
                parts.append("exception \(describe(batch.exception)) / \(describe(single.exception))")
            }
            if batch.rip != single.rip { parts.append("rip \(Hex.format(batch.rip)) / \(Hex.format(single.rip))") }
            if batch.rflags != single.rflags { parts.append("rflags \(Hex.format(batch.rflags)) / \(Hex.format(single.rflags))") }
            if batch.gpr != single.gpr { parts.append("gpr") }
            if batch.vector != single.vector { parts.append("vector") }
            if batch.memoryWrites != single.memoryWrites { parts.append("memory writes") }
            return "\(head): batch / single-step: " + parts.joined(separator: ", ")
        }
    }

    private static func describe(_ exception: ExceptionInfo?) -> String {
        guard let exception else { return "none" }
        return exception.vector.name + (exception.errorCode.map { "(\(Hex.format($0)))" } ?? "")
            + (exception.cr2.map { " cr2=\(Hex.format($0))" } ?? "")
    }
}
