import Fuzzing
import Decoding
import Foundation
import Generation
import X86

/// Counts over a run of the front half, printed to stderr after `generate`: how many cases
/// decode and are accepted, rejections per reason, distinct mnemonics, share per opcode map.
struct GenerateSummary {
    private(set) var cases = 0
    private(set) var decoded = 0
    private(set) var accepted = 0
    private var acceptedInFocus = 0
    private var rejections: [FilterReason: Int] = [:]
    private var mnemonics: Set<String> = []
    private var maps: [String: Int] = [:]

    mutating func record(_ result: FrontHalf.Case) {
        cases += 1
        maps[result.features.mapLabel, default: 0] += 1
        if !result.instruction.isUndecodable {
            decoded += 1
            mnemonics.insert(result.instruction.mnemonic)
        }
        switch result.verdict {
        case .accepted: accepted += 1
        case .rejected(let reason): rejections[reason, default: 0] += 1
        }
        if result.inFocus == true { acceptedInFocus += 1 }
    }

    /// The report, one fact per line.
    func render(seed: UInt64, focus: Focus?) -> String {
        var lines = ["generate: \(cases) cases, seed \(Hex.format(seed)), focus \(focus?.names.joined(separator: ",") ?? "none")"]
        lines.append("decoded: \(decoded) (\(percent(decoded, of: cases))), accepted: \(accepted) (\(percent(accepted, of: cases)))")
        if focus != nil {
            lines.append("accepted in focus: \(acceptedInFocus) (\(percent(acceptedInFocus, of: accepted)) of accepted)")
        }
        let reasons = FilterReason.allCases.map { reason in
            "\(reason.rawValue) \(rejections[reason, default: 0]) (\(percent(rejections[reason, default: 0], of: cases)))"
        }
        lines.append("rejected: " + reasons.joined(separator: ", "))
        lines.append("distinct mnemonics: \(mnemonics.count)")
        let shares = maps.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \(percent($0.value, of: cases))" }
        lines.append("opcode maps (as generated): " + shares.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    private func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "0.0%" : String(format: "%.1f%%", Double(part) * 100 / Double(whole))
    }
}

