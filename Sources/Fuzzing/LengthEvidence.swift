import Foundation
import Sandbox
import Semantics
import X86

/// The CPU's length of an encoding, measured by the length probe with no decoder, next to the
/// decoder's. Kept in a `length` finding's corpus entry, so that replay can measure both again.
public struct LengthEvidence: Sendable, Codable, Equatable {
    /// The CPU's length; nil when it raised #UD or needed more bytes than given.
    public var cpuLength: Int?
    /// The exception the run with `fetched` bytes raised, if any (`#UD`, `#GP` ...).
    public var exception: String?
    /// How many bytes the CPU fetched without faulting on the fetch; nil when all given were not enough.
    public var fetched: Int?
    /// Capstone's length; nil when it cannot decode the bytes.
    public var decoderLength: Int?

    public init(cpuLength: Int?, exception: String?, fetched: Int?, decoderLength: Int?) {
        self.cpuLength = cpuLength
        self.exception = exception
        self.fetched = fetched
        self.decoderLength = decoderLength
    }

    /// The probe's measurement next to the decoder's length.
    public init(_ measurement: LengthProbe.Measurement, decoderLength: Int?) {
        self.init(cpuLength: measurement.length, exception: measurement.outcome?.exception?.vector.name,
                  fetched: measurement.fetched, decoderLength: decoderLength)
    }

    /// True when both have the same length, neither has one, or the CPU raised #UD having fetched
    /// no more bytes than Capstone's length (an invalid encoding's length is not the CPU's to give).
    public var agrees: Bool {
        if cpuLength == nil, exception == ExceptionVector.ud.name, let fetched {
            return decoderLength.map { fetched <= $0 } ?? true
        }
        return cpuLength == decoderLength
    }

    /// True when the CPU's side of both measurements is the same.
    public func sameCPUSide(as other: LengthEvidence) -> Bool {
        cpuLength == other.cpuLength && exception == other.exception && fetched == other.fetched
    }

    /// The CPU's side in words: `5 (then #GP)`, `none: #UD after 9 bytes`.
    public var cpuText: String {
        switch (cpuLength, fetched) {
        case (let length?, _): "\(length)" + (exception.map { " (then \($0))" } ?? "")
        case (nil, let fetched?): "none: \(exception ?? "?") after \(fetched) bytes"
        case (nil, nil): "longer than the bytes given"
        }
    }

    /// The length divergence a disagreement is: class `decoder`, CPU against Capstone.
    public var divergence: Divergence {
        Divergence(field: "length", hardware: cpuText, model: decoderLength.map(String.init) ?? "none", class: .decoder)
    }
}

extension CorpusEntry {
    /// A corpus entry for a length disagreement the probe found on `bytes` (all of them, as the
    /// probe measured them): the case as `check --entry` runs it from the default state, judged
    /// by `judge` on `executor` for the outcomes it shows, with the length divergence as its finding.
    public static func lengthFinding(bytes: [UInt8], instruction: Instruction, evidence: LengthEvidence, judge: CaseJudge,
                                     executor: Executor, environment: HostEnvironment, origin: Origin,
                                     firstSeen: Date) -> CorpusEntry? {
        let state = MachineState.defaults
        let hardware: Outcome
        let prediction: Prediction?
        switch judge.judge(instruction, from: state, on: executor) {
        case .agreed(let cpu, let model, _):
            hardware = cpu
            prediction = model
        case .diverged(let finding):
            hardware = finding.hardware
            prediction = finding.prediction
        case .unsupported, .harnessError:
            return nil
        }
        let divergences = [evidence.divergence]
        let finding = Finding(caseIndex: origin.caseIndex.value, instruction: instruction, state: state, hardware: hardware,
                              prediction: prediction, divergences: divergences,
                              signature: DivergenceSignature(instruction: instruction, divergences: divergences,
                                                             hardware: hardware, model: prediction?.outcome))
        var entry = CorpusEntry(finding: finding, environment: environment, origin: origin, firstSeen: firstSeen)
        entry.bytes = HexBytes(bytes)
        entry.length = evidence
        entry.evidence = "length probe: cpu \(evidence.cpuText), decoder \(evidence.divergence.model)"
        return entry
    }
}
