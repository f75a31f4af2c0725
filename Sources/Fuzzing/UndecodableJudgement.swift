import Forms
import Semantics
import X86

/// How the judge compares bytes Capstone cannot decode. The model's answer is #UD; a CPU that
/// does anything else makes one `decoder` divergence, named by the kind of finding and carrying
/// what the CPU did and how many bytes it took.
enum UndecodableJudgement {
    /// What kind of decoder finding a CPU that runs undecodable bytes is.
    enum Finding: String {
        /// The forms table knows the form the bytes select: Capstone cannot decode what it should.
        case capstoneGap = "capstone-gap"
        /// The forms table has no form for the bytes: undocumented, or a form the table lacks.
        case unknownForm = "unknown-form"
    }

    static func finding(_ instruction: Instruction) -> Finding {
        FormTable.forms(selectedBy: instruction).isEmpty ? .unknownForm : .capstoneGap
    }

    /// The divergences of undecodable `instruction`: none when the CPU raised #UD too.
    static func divergences(hardware: Outcome, prediction: Prediction, instruction: Instruction) -> [Divergence] {
        guard hardware.exception?.vector != .ud else { return [] }
        return [Divergence(field: finding(instruction).rawValue, hardware: describe(hardware),
                           model: prediction.outcome.exception?.vector.name ?? "completed", class: .decoder)]
    }

    /// What the CPU did, with its length where the outcome shows it: a step that completed at
    /// RIP 1 to 15 bytes past the start took that many (a branch may end anywhere else).
    static func describe(_ hardware: Outcome) -> String {
        if let exception = hardware.exception {
            let code = exception.errorCode.map { "(\(Hex.format($0)))" } ?? ""
            return "\(exception.vector.name)\(code), length not shown by a fault"
        }
        let taken = hardware.rip &- GuestLayout.codeAddress
        return (1...15).contains(taken) ? "completed, length \(taken)" : "completed at \(Hex.format(hardware.rip))"
    }
}
