import ArgumentParser
import Foundation
import Decoding
import Fuzzing
import Generation
import Sandbox
import Semantics
import X86

/// `x86fuzz bench exec`: cases per second of the VM core on one worker, over a fixed mix.
struct BenchExec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a fixed instruction mix on one sandbox and print cases per second.",
        discussion: "The mix cycles through completing, faulting, loading, storing and vector instructions, "
            + "with a new data-window seed every case, so the window is refilled as in a campaign."
    )

    @Option(parsing: .unconditional, help: "Number of cases to run (at most 10^12).")
    var cases = "20000"

    @Option(help: ArgumentHelp("Instead of the fixed mix, cycle through the first 4096 cases a campaign with this seed "
                                + "would compare (its instructions and random states), on the CPU only: the campaign's "
                                + "own baseline.", valueName: "seed"))
    var campaignMix: String?

    @Flag(help: "Print a JSON object with casesPerSecond, cases, seconds and the resource counts.")
    var json = false

    /// What one benchmark run measured. Descriptors and mappings are counted after a warm-up of
    /// `warmUpCases` (so that the allocator's first arenas are in place) and after the last case,
    /// so that a leak per case shows as a difference that grows with the cases.
    struct Report: Encodable {
        var casesPerSecond: Double
        var cases: Int
        var seconds: Double
        var descriptorsBefore: Int
        var descriptorsAfter: Int
        var mappingsBefore: Int
        var mappingsAfter: Int
    }

    /// The mix: add, load, store, push, pop, #UD, #PF, #DE, jmp, paddd, vpaddd. As in a campaign,
    /// the vector registers are read back only for the vector instructions.
    static let mix: [(hex: String, registers: [(GPR, UInt64)], vector: Bool)] = [
        ("4801d8", [(.rax, 1), (.rbx, 2)], false),
        ("488b06", [(.rsi, GuestLayout.dataBase + 0x40)], false),
        ("48891e", [(.rsi, GuestLayout.dataBase + 0x80), (.rbx, 0x1234)], false),
        ("53", [], false),
        ("5b", [], false),
        ("0f0b", [], false),
        ("488b06", [(.rsi, 0x4000_0000)], false),
        ("48f7f1", [(.rcx, 0)], false),
        ("e900010000", [], false),
        ("660ffec1", [], true),
        ("c5f5fec1", [], true),
    ]

    /// The fixed mix as bytes, states and whether the vector registers are read back.
    static func fixedCases() throws -> [([UInt8], MachineState, Bool)] {
        try mix.map { entry in
            var state = MachineState.defaults
            for (register, value) in entry.registers { state.gpr[register] = value }
            return (try Hex.parseBytes(entry.hex), state, entry.vector)
        }
    }

    /// The first 4096 cases a campaign with `seed` compares, as it would run them on the CPU.
    static func campaignCases(seed: UInt64) throws -> [([UInt8], MachineState, Bool)] {
        let model = ReferenceModel(profile: HostEnvironment.current.profile)
        let frontHalf = try FrontHalfArguments.frontHalf(seed: seed, focus: nil,
                                                         filter: Filter(isSupportedByModel: { model.supports($0) }))
        let randomizer = StateRandomizer(seed: seed)
        var cases: [([UInt8], MachineState, Bool)] = []
        var caseIndex: UInt64 = 0
        while cases.count < 4096 {
            let front = frontHalf.run(caseIndex: caseIndex)
            if front.verdict == .accepted, let instruction = front.instruction {
                cases.append((instruction.bytes, randomizer.state(for: instruction, caseIndex: caseIndex),
                              VectorObservation.isNeeded(for: instruction)))
            }
            caseIndex += 1
        }
        return cases
    }

    /// Cases run before the clock and the resource counts start.
    static let warmUpCases = 1000

    func run() throws {
        let cases = try FrontHalfArguments.count(cases, option: "--cases", limit: Bench.largestCount)
        let mixSeed = try campaignMix.map { try FrontHalfArguments.seed($0, option: "--campaign-mix") }
        let sandbox = try SandboxRunner.open()
        let prepared = try mixSeed.map { try Self.campaignCases(seed: $0) } ?? Self.fixedCases()
        func runCase(_ index: Int) throws {
            var (bytes, state, vector) = prepared[index % prepared.count]
            if campaignMix == nil { state.dataSeed = UInt64(index) }
            do { _ = try sandbox.run(bytes, from: state, observeVectorState: vector) } catch {
                throw CommandFailure(sandboxError: error)
            }
        }
        for index in 0..<Self.warmUpCases { try runCase(index) }
        let descriptorsBefore = ProcessResources.openDescriptors()
        let mappingsBefore = ProcessResources.mappings()
        let start = ContinuousClock.now
        for index in Self.warmUpCases..<(cases + Self.warmUpCases) { try runCase(index) }
        let seconds = (ContinuousClock.now - start).seconds
        let report = Report(casesPerSecond: Double(cases) / seconds, cases: cases, seconds: seconds,
                            descriptorsBefore: descriptorsBefore, descriptorsAfter: ProcessResources.openDescriptors(),
                            mappingsBefore: mappingsBefore, mappingsAfter: ProcessResources.mappings())
        if json {
            try JSONOutput.print(report)
        } else {
            Console.line(String(format: "bench exec: %d cases in %.3f s: %.0f cases/s (%.1f us/case)", cases, seconds,
                         report.casesPerSecond, 1e6 / report.casesPerSecond))
            Console.line("file descriptors \(report.descriptorsBefore) -> \(report.descriptorsAfter), "
                + "mappings \(report.mappingsBefore) -> \(report.mappingsAfter)")
        }
    }
}

/// Counts of this process's resources, from /proc/self.
enum ProcessResources {
    static func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    static func mappings() -> Int {
        (try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8).split(separator: "\n").count) ?? -1
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
