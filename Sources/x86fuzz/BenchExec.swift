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

    @Option(parsing: .singleValue, help: ArgumentHelp("With --campaign-mix: draw the cases from these instruction families or "
                                                      + "mnemonics (comma-separated, repeatable), as fuzz --focus."))
    var focus: [String] = []

    @OptionGroup var executor: ExecutorOption

    @Flag(help: "Print a JSON object with casesPerSecond, cases, seconds and the resource counts (and, for the batch executor, where the cases went).")
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
        var executor: ExecutorKind
        /// Where the batch executor sent the cases (the batch executor only).
        var batch: BatchExecutor.Counters?
    }

    /// A prepared case: the decoded instruction (nil where Capstone cannot decode the bytes, which
    /// then run on the single-step path), the bytes, the state, and whether the vector registers
    /// are read back.
    typealias Prepared = (instruction: Instruction?, bytes: [UInt8], state: MachineState, vector: Bool)

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

    /// The fixed mix, decoded.
    static func fixedCases() throws -> [Prepared] {
        let decoder: InstructionDecoder
        do { decoder = try InstructionDecoder() } catch { throw CommandFailure.usage("cannot open Capstone: \(error)") }
        return try mix.map { entry in
            var state = MachineState.defaults
            for (register, value) in entry.registers { state.gpr[register] = value }
            let bytes = try Hex.parseBytes(entry.hex)
            return (decoder.decode(bytes), bytes, state, entry.vector)
        }
    }

    /// The first 4096 cases a campaign with `seed` (and `focus`) compares, as it would run them on the
    /// CPU (fewer if the first 4,096,000 give fewer).
    static func campaignCases(seed: UInt64, focus: Focus?) throws -> [Prepared] {
        let model = ReferenceModel(profile: HostEnvironment.current.profile)
        let frontHalf = try FrontHalfArguments.frontHalf(seed: seed, focus: focus,
                                                         filter: Filter(isSupportedByModel: { model.supports($0) }))
        let randomizer = StateRandomizer(seed: seed)
        var cases: [Prepared] = []
        var caseIndex: UInt64 = 0
        while cases.count < 4096, caseIndex < 4096 * 1000 {
            let front = frontHalf.run(caseIndex: caseIndex)
            if front.verdict == .accepted, front.inFocus != false {
                let instruction = front.instruction
                cases.append((instruction, instruction.bytes, randomizer.state(for: instruction, caseIndex: caseIndex),
                              VectorObservation.isNeeded(for: instruction)))
            }
            caseIndex += 1
        }
        guard !cases.isEmpty else { throw CommandFailure.usage("the campaign compares none of the first \(caseIndex) cases") }
        return cases
    }

    /// Cases run before the clock and the resource counts start.
    static let warmUpCases = 1000

    /// Cases per call of the batch executor, as a campaign's chunk holds about.
    static let batchSize = 384

    func run() throws {
        let cases = try FrontHalfArguments.count(cases, option: "--cases", limit: Bench.largestCount)
        BatchSandbox.keepBuffersInTheHeap()
        let mixSeed = try campaignMix.map { try FrontHalfArguments.seed($0, option: "--campaign-mix") }
        let kind = try executor.choice()
        guard focus.isEmpty || mixSeed != nil else { throw CommandFailure.usage("--focus needs --campaign-mix") }
        let focusValue = try FrontHalfArguments.focus(focus)
        let prepared = try mixSeed.map { try Self.campaignCases(seed: $0, focus: focusValue) } ?? Self.fixedCases()
        let runner = try BenchExecRunner(kind, prepared: prepared, newSeedPerCase: campaignMix == nil)
        try runner.run(0..<Self.warmUpCases)
        let descriptorsBefore = ProcessResources.openDescriptors()
        let mappingsBefore = ProcessResources.mappings()
        let start = ContinuousClock.now
        try runner.run(Self.warmUpCases..<(cases + Self.warmUpCases))
        let seconds = (ContinuousClock.now - start).seconds
        let report = Report(casesPerSecond: Double(cases) / seconds, cases: cases, seconds: seconds,
                            descriptorsBefore: descriptorsBefore, descriptorsAfter: ProcessResources.openDescriptors(),
                            mappingsBefore: mappingsBefore, mappingsAfter: ProcessResources.mappings(), executor: kind,
                            batch: runner.counters)
        if json {
            try JSONOutput.print(report)
        } else {
            Console.line(String(format: "bench exec (%@): %d cases in %.3f s: %.0f cases/s (%.1f us/case)", kind.rawValue, cases,
                                seconds, report.casesPerSecond, 1e6 / report.casesPerSecond))
            Console.line("file descriptors \(report.descriptorsBefore) -> \(report.descriptorsAfter), "
                + "mappings \(report.mappingsBefore) -> \(report.mappingsAfter)")
            if let batch = report.batch {
                Console.line("batch: \(batch.batched) in batches, planned for single-step \(batch.planned.values.reduce(0, +)), "
                    + "escaped \(batch.escaped), abandoned batches \(batch.abandonedBatches)")
            }
        }
    }
}

/// Runs `bench exec`'s prepared cases, cycling through them, on one executor.
final class BenchExecRunner {
    /// Cases per call of the batch executor, about what a campaign's chunk of 512 indices holds.
    static let batchSize = 384

    private let prepared: [BenchExec.Prepared]
    private let newSeedPerCase: Bool
    private let sandbox: Sandbox
    private let executor: BatchExecutor?

    /// With `newSeedPerCase` each case gets its index as its data seed, so that the window is
    /// refilled as in a campaign.
    init(_ kind: ExecutorKind, prepared: [BenchExec.Prepared], newSeedPerCase: Bool) throws {
        self.prepared = prepared
        self.newSeedPerCase = newSeedPerCase
        do throws(SandboxError) {
            let batch = kind == .batch ? try BatchExecutor() : nil
            executor = batch
            if let batch { sandbox = batch.singleStep.sandbox } else { sandbox = try Sandbox() }
        } catch {
            throw CommandFailure(sandboxError: error)
        }
    }

    /// Where the batch executor sent the cases (nil for the single-step executor).
    var counters: BatchExecutor.Counters? { executor?.counters }

    private func item(_ index: Int) -> BenchExec.Prepared {
        var item = prepared[index % prepared.count]
        if newSeedPerCase { item.state.dataSeed = UInt64(index) }
        return item
    }

    /// Runs the cases at these indices.
    func run(_ range: Range<Int>) throws {
        guard let executor else {
            for index in range {
                let (_, bytes, state, vector) = item(index)
                do { _ = try sandbox.run(bytes, from: state, observeVectorState: vector) } catch {
                    throw CommandFailure(sandboxError: error)
                }
            }
            return
        }
        for start in stride(from: range.lowerBound, to: range.upperBound, by: Self.batchSize) {
            var chunk: [(instruction: Instruction, state: MachineState)] = []
            chunk.reserveCapacity(Self.batchSize)
            for index in start..<min(start + Self.batchSize, range.upperBound) {
                let (instruction, bytes, state, vector) = item(index)
                if let instruction {
                    chunk.append((instruction, state))
                } else {
                    do { _ = try sandbox.run(bytes, from: state, observeVectorState: vector) } catch {
                        throw CommandFailure(sandboxError: error)
                    }
                }
            }
            for case .singleStep(.failure(let error)) in executor.run(chunk) { throw CommandFailure(sandboxError: error) }
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
