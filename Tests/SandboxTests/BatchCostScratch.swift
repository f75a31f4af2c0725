import Foundation
import Sandbox
import Testing
import TestSupport
import X86

@Suite(.needsKVM)
struct BatchCostScratch {
    @Test func cost() throws {
        let batch = try BatchSandbox()
        func measure(_ name: String, _ make: (Int) -> BatchCase) {
            if let only = ProcessInfo.processInfo.environment["COST_ONLY"], only != name { return }
            let cases = (0..<1024).map(make)
            _ = batch.run(cases)
            func rss() -> String { (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8))?.split(separator: "\n").first { $0.hasPrefix("VmRSS") }.map(String.init) ?? "" }
            let start = ContinuousClock.now
            for round in 0..<(ProcessInfo.processInfo.environment["COST_ONLY"] == nil ? 20 : 400) {
                let t = ContinuousClock.now
                _ = batch.run(cases)
                if round % 50 == 0 { print("COST round \(round): \((ContinuousClock.now - t) / .microseconds(1) / 1024) us/case \(rss())") }
            }
            let us = (ContinuousClock.now - start) / .microseconds(1) / Double(20 * 1024)
            print("COST \(name): \(us) us/case")
        }
        measure("add") { i in var s = MachineState.defaults; s.dataSeed = UInt64(i); return BatchCase(bytes: [0x48, 0x01, 0xD8], state: s, observeVectorState: false) }
        measure("add vector") { i in var s = MachineState.defaults; s.dataSeed = UInt64(i); return BatchCase(bytes: [0x48, 0x01, 0xD8], state: s, observeVectorState: true) }
        measure("ud2") { i in var s = MachineState.defaults; s.dataSeed = UInt64(i); return BatchCase(bytes: [0x0F, 0x0B], state: s, observeVectorState: false) }
        measure("pf") { i in var s = MachineState.defaults; s.dataSeed = UInt64(i); s.gpr[.rsi] = 0x4000_0000; return BatchCase(bytes: [0x48, 0x8B, 0x06], state: s, observeVectorState: false) }
        measure("gp") { i in var s = MachineState.defaults; s.dataSeed = UInt64(i); s.gpr[.rsi] = 0x8000_0000_0000_0000; return BatchCase(bytes: [0x48, 0x8B, 0x06], state: s, observeVectorState: false) }
        measure("tf add") { i in var s = MachineState.defaults; s.dataSeed = UInt64(i); return BatchCase(bytes: [0x48, 0x01, 0xD8], state: s, observeVectorState: false, trapFlag: true) }
        measure("de") { i in var s = MachineState.defaults; s.dataSeed = UInt64(i); return BatchCase(bytes: [0x48, 0xF7, 0xF1], state: s, observeVectorState: false) }
    }
}
