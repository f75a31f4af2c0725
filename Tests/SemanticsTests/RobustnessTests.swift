import Decoding
import Generation
import Semantics
import Testing
import X86

/// The model never traps, whatever Capstone decodes: it predicts, or says it does not cover the
/// instruction.
struct RobustnessTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func everyDecodedCaseGetsAPredictionOrNone(seed: UInt64) throws {
        let decoder = try InstructionDecoder()
        let generator = EncodingGenerator(seed: seed)
        let randomizer = StateRandomizer(seed: seed)
        let model = ReferenceModel(profile: .amdZen4)
        var predicted = 0
        for caseIndex in UInt64(0)..<20_000 {
            guard let instruction = decoder.decode(generator.encoding(caseIndex: caseIndex)) else { continue }
            let state = randomizer.state(for: instruction, caseIndex: caseIndex)
            if model.predict(instruction, from: state) != nil { predicted += 1 }
        }
        #expect(predicted > 0)
    }
}
