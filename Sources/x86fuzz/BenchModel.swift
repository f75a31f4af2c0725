import ArgumentParser
import Decoding
import Foundation
import Fuzzing
import Generation
import Semantics
import X86

/// `x86fuzz bench model`: model evaluations per second on one core, over the campaign's mix.
struct BenchModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Measure reference-model evaluations per second on one core.",
        discussion: "Decodes and randomizes a set of cases of the default mix (or of --focus) that the model covers "
            + "(as a campaign would), then times only the model's predictions over them, round after round. The "
            + "targets are 2,000,000 evaluations per second on the default mix and 500,000 with --focus fp. "
            + "Measure a release build."
    )

    @Option(parsing: .unconditional, help: "Seed of the case set: decimal or 0x hex.")
    var seed = "1"

    @Option(parsing: .unconditional,
            help: "Distinct cases in the set, at most 10^6 (a campaign predicts a case right after making it, so the default set fits in the cache).")
    var distinct = "1000"

    @Option(parsing: .unconditional, help: "Evaluations to time (at most 10^12).")
    var evaluations = "4000000"

    @Option(parsing: .singleValue, help: "Instruction families or mnemonics to draw the set from (comma-separated, repeatable), as fuzz --focus.")
    var focus: [String] = []

    @Flag(help: "Print a JSON object with casesPerSecond, cases and seconds.")
    var json = false

    struct Report: Encodable {
        var casesPerSecond: Double
        var cases: Int
        var seconds: Double
        var distinctCases: Int
    }

    func run() throws {
        let distinct = try FrontHalfArguments.count(distinct, option: "--distinct", limit: 1_000_000)
        let evaluations = try FrontHalfArguments.count(evaluations, option: "--evaluations", limit: Bench.largestCount)
        let seedValue = try FrontHalfArguments.seed(seed)
        let model = ReferenceModel(profile: HostEnvironment.current.profile)
        let frontHalf = try FrontHalfArguments.frontHalf(seed: seedValue, focus: try FrontHalfArguments.focus(focus),
                                                         filter: Filter(isSupportedByModel: { model.supports($0) }))
        let randomizer = StateRandomizer(seed: seedValue)
        var instructions: [Instruction] = []
        var states: [MachineState] = []
        var caseIndex: UInt64 = 0
        while instructions.count < distinct, caseIndex < UInt64(distinct) * 100 {
            let front = frontHalf.run(caseIndex: caseIndex)
            if front.verdict == .accepted, front.inFocus != false {
                let instruction = front.instruction
                instructions.append(instruction)
                states.append(randomizer.state(for: instruction, caseIndex: caseIndex))
            }
            caseIndex += 1
        }
        guard !instructions.isEmpty else { throw CommandFailure.usage("the model covers none of the generated cases") }
        var predicted = 0
        let start = ContinuousClock.now
        for index in 0..<evaluations {
            let slot = index % instructions.count
            if model.predict(instructions[slot], from: states[slot]) != nil { predicted += 1 }
        }
        let seconds = (ContinuousClock.now - start).seconds
        let report = Report(casesPerSecond: Double(evaluations) / seconds, cases: evaluations, seconds: seconds,
                            distinctCases: instructions.count)
        if json {
            try JSONOutput.print(report)
        } else {
            Console.line(String(format: "bench model: %d evaluations (%d distinct cases) in %.3f s: %.0f evaluations/s (%.0f ns each)",
                         evaluations, instructions.count, seconds, report.casesPerSecond, 1e9 / report.casesPerSecond))
        }
        if predicted != evaluations { Console.error("x86fuzz: \(evaluations - predicted) evaluations gave no prediction "
                + "(forms the filter passes whose semantics decline them, as a campaign's judge would; timed all the same)\n") }
    }
}
