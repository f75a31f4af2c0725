import Foundation
import Sandbox
import SoftFloat
import Testing
import TestSupport

/// The layer against the CPU on random cases of every operation, beyond the recorded tables.
/// `SOFTFLOAT_RANDOM_CASES` sets the cases per operation (default 50) and `SOFTFLOAT_SEED` the
/// seed (default 1), so a longer hunt is one environment variable away.
struct RandomizedTests {
    static let casesPerOperation = ProcessInfo.processInfo.environment["SOFTFLOAT_RANDOM_CASES"].flatMap { Int($0) } ?? 50
    static let seed = ProcessInfo.processInfo.environment["SOFTFLOAT_SEED"].flatMap { UInt64($0) } ?? 1

    @Test(.needsRecordingCPU) func layerAgreesWithTheCPU() throws {
        let sandbox = try Sandbox()
        var failures = 0
        for (index, operation) in FloatOperation.all.enumerated() {
            var random = RandomOperands(seed: Self.seed &* 0x1_0000_0001 &+ UInt64(index))
            var mismatches: [String] = []
            for _ in 0..<Self.casesPerOperation {
                let testCase = FloatCase(operation: operation, mxcsr: random.mxcsr(), sources: random.sources(for: operation))
                let cpu = try testCase.observed(on: sandbox)
                let layer = testCase.predicted()
                if cpu != layer { mismatches.append("\(testCase.testDescription) -> \(cpu)   (layer: \(layer))") }
            }
            failures += mismatches.count
            if !mismatches.isEmpty {
                let shown = mismatches.prefix(12).joined(separator: "\n")
                Issue.record("\(operation.name): \(mismatches.count) of \(Self.casesPerOperation) differ:\n\(shown)")
            }
        }
        print("SoftFloat randomized: \(FloatOperation.all.count) operations × \(Self.casesPerOperation) cases, \(failures) differ")
    }

    /// Packed instructions: the lanes' flags combine as `FloatEnvironment.recorded` says, and a
    /// fault in any lane leaves the whole destination alone.
    @Test(.needsRecordingCPU) func lanesCombineAsTheCPUDoes() throws {
        let sandbox = try Sandbox()
        for (index, operation) in PackedOperation.all.enumerated() {
            var random = RandomOperands(seed: Self.seed &* 0x2_0000_0003 &+ UInt64(index))
            var mismatches: [String] = []
            for _ in 0..<Self.casesPerOperation {
                let mxcsr = random.mxcsr()
                let sources = (0..<operation.lanes).map { _ in random.sources(for: operation.lane) }
                let cpu = try operation.observed(mxcsr: mxcsr, sources: sources, on: sandbox)
                let layer = operation.predicted(mxcsr: mxcsr, sources: sources)
                if cpu != layer { mismatches.append("\(String(mxcsr, radix: 16)) \(sources) -> \(cpu)   (layer: \(layer))") }
            }
            if !mismatches.isEmpty {
                let shown = mismatches.prefix(6).joined(separator: "\n")
                Issue.record("\(operation.name): \(mismatches.count) of \(Self.casesPerOperation) differ:\n\(shown)")
            }
        }
    }
}
