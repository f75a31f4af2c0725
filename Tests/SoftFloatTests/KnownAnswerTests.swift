import Decoding
import Sandbox
import Semantics
import SoftFloat
import Testing
import TestSupport

/// The recorded tables of `KnownAnswers/`, one per family of instructions.
enum KnownFloatAnswers {
    static let families: [String: String] = [
        "arithmetic": arithmetic, "comparison": comparison, "conversion": conversion,
        "rounding": rounding, "fused": fused, "half": half,
    ]
}

/// The layer against every recorded answer, and the CPU again where it is the recording kind,
/// so no table can drift from the silicon.
struct KnownAnswerTests {
    static let families = KnownFloatAnswers.families.keys.sorted()

    @Test(arguments: families) func layerGivesTheRecordedAnswers(_ family: String) {
        let answers = KnownFloatAnswer.parse(KnownFloatAnswers.families[family]!)
        #expect(answers.count > 500)
        let wrong = answers.filter { $0.testCase.predicted() != $0.expected }
        if !wrong.isEmpty {
            let shown = wrong.prefix(12).map { "\($0.testDescription)   (layer: \($0.testCase.predicted()))" }.joined(separator: "\n")
            Issue.record("\(wrong.count) of \(answers.count) differ:\n\(shown)")
        }
    }

    /// The reference model, whole instructions decoded from their bytes, against the same answers:
    /// the semantics on top of the layer (operands, lanes, MXCSR, #XM) as the CPU showed them.
    @Test(arguments: families) func modelGivesTheRecordedAnswers(_ family: String) throws {
        let model = ReferenceModel(profile: .amdZen4)
        let decoder = try InstructionDecoder()
        let answers = KnownFloatAnswer.parse(KnownFloatAnswers.families[family]!)
        var wrong: [String] = []
        for answer in answers {
            let modelled = try answer.testCase.modelled(by: model, decoder: decoder)
            if modelled != answer.expected { wrong.append("\(answer.testDescription)   (model: \(modelled))") }
        }
        if !wrong.isEmpty { Issue.record("\(wrong.count) of \(answers.count) differ:\n\(wrong.prefix(12).joined(separator: "\n"))") }
    }

    @Test(.needsRecordingCPU, arguments: families) func cpuStillGivesTheRecordedAnswers(_ family: String) throws {
        let sandbox = try Sandbox()
        let answers = KnownFloatAnswer.parse(KnownFloatAnswers.families[family]!)
        var wrong: [String] = []
        for answer in answers {
            let observed = try answer.testCase.observed(on: sandbox)
            if observed != answer.expected { wrong.append("\(answer.testDescription)   (CPU now: \(observed))") }
        }
        if !wrong.isEmpty { Issue.record("\(wrong.count) of \(answers.count) differ:\n\(wrong.prefix(12).joined(separator: "\n"))") }
    }

    /// Every instruction the tests know has recorded answers (though not every immediate).
    @Test func everyInstructionIsRecorded() {
        func instruction(_ name: String) -> Substring { name.split(separator: "/")[0] }
        let recorded = Set(KnownFloatAnswers.families.values.flatMap { KnownFloatAnswer.parse($0).map { instruction($0.testCase.operation.name) } })
        #expect(recorded == Set(FloatOperation.all.map { instruction($0.name) }))
    }
}
