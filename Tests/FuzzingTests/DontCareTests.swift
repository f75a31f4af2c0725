import Decoding
import Fuzzing
import Generation
import Glibc
import Sandbox
import Semantics
import Testing
import TestSupport
import X86

/// The "don't care" property: registers and flags the model says an instruction does not read
/// are re-randomised, and the CPU's outputs must not change. A model that reads too little (and
/// so predicts the same outcome for inputs the CPU tells apart) fails here.
@Suite(.needsKVM)
struct DontCareTests {
    /// Every generator family of which the model covers at least one form.
    static let families: [String] = InstructionFamily.drawnByDefault.map(\.name)

    /// Cases checked per family, and the most generated to find them (some families are mostly
    /// filtered or out of focus).
    static let checksPerFamily = 200
    static let maximumCases: UInt64 = 10_000

    @Test(arguments: families)
    func unreadInputsDoNotChangeTheOutcome(family: String) throws {
        let focus = try Focus(names: [family])
        let model = ReferenceModel(profile: .amdZen4)
        let frontHalf = try FrontHalf(seed: 0xD0_C4E, focus: focus, filter: Filter(isSupportedByModel: { model.supports($0) }))
        let randomizer = StateRandomizer(seed: 0xD0_C4E)
        let sandbox = try Sandbox()
        var checked = 0
        for caseIndex in 0..<Self.maximumCases where checked < Self.checksPerFamily {
            let front = frontHalf.run(caseIndex: caseIndex)
            let instruction = front.instruction
            guard front.verdict == .accepted, front.inFocus != false else { continue }
            let original = randomizer.state(for: instruction, caseIndex: caseIndex)
            guard let prediction = model.predict(instruction, from: original) else { continue }
            var rng = Xoshiro256StarStar(seed: 0xD0_C4E, caseIndex: caseIndex &+ 1 << 40)
            var varied = original
            var variedRegisters: [GPR] = []
            for register in GPR.allCases where prediction.gprsRead & (1 << UInt16(register.rawValue)) == 0 {
                varied.gpr[register] = StateRandomizer.value(&rng)
                variedRegisters.append(register)
            }
            let variedFlags = RFlags.status & ~prediction.flagsRead
            varied.rflags = (original.rflags & ~variedFlags) | (rng.next() & variedFlags)

            // A register written with the value it had (`cdq` with EDX already 0) shows as written
            // in the prediction from the varied state.
            let variedPrediction = model.predict(instruction, from: varied)
            let first = try sandbox.run(instruction.bytes, from: original, observeVectorState: false)
            let second = try sandbox.run(instruction.bytes, from: varied, observeVectorState: false)
            let context = "\(instruction.text) (case \(caseIndex)): changing \(variedRegisters.map(\.name)) and flags \(Hex.format(variedFlags))"
            #expect(first.exception == second.exception, "\(context) changed the exception")
            #expect(first.rip == second.rip, "\(context) changed RIP")
            #expect(first.memoryWrites == second.memoryWrites, "\(context) changed the memory writes")
            for register in GPR.allCases {
                let written = prediction.outcome.gpr[register] != original.gpr[register]
                    || variedPrediction.map { $0.outcome.gpr[register] != varied.gpr[register] } ?? false
                if variedRegisters.contains(register) && !written {
                    #expect(second.gpr[register] == varied.gpr[register], "\(context): the CPU wrote \(register.name)")
                } else {
                    #expect(first.gpr[register] == second.gpr[register], "\(context) changed \(register.name)")
                }
            }
            let comparedFlags = RFlags.status & ~variedFlags & ~prediction.undefinedFlags
            #expect(first.rflags & comparedFlags == second.rflags & comparedFlags, "\(context) changed RFLAGS")
            checked += 1
        }
        #expect(checked >= 50, "only \(checked) cases of \(family) were checked")
    }
}
