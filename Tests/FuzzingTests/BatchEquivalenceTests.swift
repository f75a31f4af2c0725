import Decoding
import Fuzzing
import Generation
import Sandbox
import Semantics
import Testing
import TestSupport
import X86

/// The batch harness gives exactly the single-step sandbox's outcome, case by case, on a sample
/// of the default campaign mix; and a campaign counts and finds the same with either executor.
@Suite(.needsKVM)
struct BatchEquivalenceTests {
    @Test func campaignsAgreeWithEitherExecutor() throws {
        func statistics(_ executor: ExecutorKind) throws -> CampaignStatistics {
            let options = Campaign.Options(seed: 11, budget: .cases(30_000), jobs: 2, executor: executor)
            return try Campaign(options: options, corpus: nil).run { _, _ in }
        }
        let batch = try statistics(.batch)
        let singleStep = try statistics(.singleStep)
        #expect(batch.cases == 30_000 && singleStep.cases == 30_000)
        #expect(batch.agreed == singleStep.agreed)
        #expect(batch.diverged == singleStep.diverged)
        #expect(batch.divergencesByClass == singleStep.divergencesByClass)
        #expect(batch.filtered == singleStep.filtered)
        #expect(batch.harnessErrors == singleStep.harnessErrors)
        #expect(batch.signatures == singleStep.signatures)
        #expect(batch.executorCounters.batched > 20_000)
        #expect(batch.executorCounters.batchDisagreed == 0, "\(batch.executorCounters.disagreements ?? [])")
    }

    @Test func batchOutcomesAreTheSingleStepOutcomes() throws {
        let model = ReferenceModel(profile: HostEnvironment.current.profile)
        let frontHalf = try FrontHalf(seed: 7, focus: nil, filter: Filter(isSupportedByModel: { model.supports($0) }))
        let randomizer = StateRandomizer(seed: 7)
        var cases: [(instruction: Instruction, state: MachineState)] = []
        var caseIndex: UInt64 = 0
        while cases.count < 20_000 {
            let front = frontHalf.run(caseIndex: caseIndex)
            let instruction = front.instruction
            if front.verdict == .accepted, !instruction.isUndecodable {   // undecodable bytes always run single-step
                cases.append((instruction, randomizer.state(for: instruction, caseIndex: caseIndex)))
            }
            caseIndex += 1
        }
        let executor = try BatchExecutor()
        let firstRuns = executor.run(cases)
        var compared = 0
        for (item, firstRun) in zip(cases, firstRuns) {
            guard case .batch(let outcome) = firstRun else { continue }
            compared += 1
            let single = try executor.singleStep.run(item.instruction, from: item.state)
            #expect(outcome == single, "\(item.instruction.text) [\(Hex.format(bytes: item.instruction.bytes))] from \(item.state)\nbatch  \(outcome)\nsingle \(single)")
        }
        #expect(compared > 15_000)
    }

    /// FXSAVE names no vector register: a batch that did not load the case's vector state stored
    /// the harness's registers (the AVX2 fill's), where the single-step path stores the case's.
    @Test func fxsaveStoresTheCasesVectorStateInABatch() throws {
        let fxsave = try #require(try InstructionDecoder().decode([0x0F, 0xAE, 0x00]))
        var state = MachineState.defaults
        state.gpr[.rax] = GuestLayout.dataBase
        state.vector.ymm[0] = Vec256(0x1122_3344_5566_7788, 0x99AA_BBCC_DDEE_FF00)
        let executor = try BatchExecutor()
        guard case .batch(let outcome) = executor.run([(fxsave, state)])[0] else {
            Issue.record("fxsave [rax] did not run in the batch")
            return
        }
        #expect(outcome == (try executor.singleStep.run(fxsave, from: state)))
    }

    /// Every exception a batch delivers is counted: by vector, and the #DB that ends a step under
    /// TF (PUSHFQ runs under TF; with RSP non-canonical it raises #SS instead of completing).
    @Test func countsEveryDeliveredException() throws {
        let decoder = try InstructionDecoder()
        let pushf = try #require(decoder.decode([0x9C]))
        let add = try #require(decoder.decode([0x48, 0x01, 0xD8]))
        var state = MachineState()
        state.gpr[.rsp] = 0x21000
        var nonCanonical = state
        nonCanonical.gpr[.rsp] = 0x8000_0000_0000_1000
        let executor = try BatchExecutor()
        let runs = executor.run([(pushf, state), (pushf, nonCanonical), (add, state)])
        #expect(runs.allSatisfy { if case .batch = $0 { true } else { false } })
        #expect(executor.counters.underTrapFlag == 2)
        #expect(executor.counters.trapFlagSteps == 1)
        #expect(executor.counters.exceptions.values.reduce(0, +) == 1, "\(executor.counters.exceptions)")
    }

    /// A case that escapes the batch runs on the single-step path and is counted by reason.
    @Test func countsEscapesByReason() throws {
        let decoder = try InstructionDecoder()
        let add = try #require(decoder.decode([0x48, 0x01, 0xD8]))
        var refused = MachineState()
        refused.rflags |= RFlags.tf
        let executor = try BatchExecutor()
        let runs = executor.run([(add, MachineState()), (add, refused)])
        guard case .batch = runs[0], case .singleStep(.failure(.invalidCase)) = runs[1] else {
            Issue.record("\(runs)")
            return
        }
        #expect(executor.counters.escaped == 1)
        #expect(executor.counters.escapedBecause == [BatchEscape.Reason.refused.rawValue: 1])
    }
}
