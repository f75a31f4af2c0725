import Foundation
import Fuzzing
import Generation
import X86

/// One parser of outside input, as a fuzz target: `check` feeds it arbitrary bytes and returns
/// a broken invariant (a round trip that does not hold, a value out of its documented range), or
/// nil. A trap anywhere is the other way it can fail. libFuzzer drives these through
/// `fuzz/ParserFuzzer.swift`; the tests replay every committed seed and crasher through them.
public enum ParserFuzzTarget: String, CaseIterable, Sendable {
    case corpusEntry = "corpus-entry"
    case stats
    case replayResults = "replay-results"
    case hexBytes = "hex-bytes"
    case hexNumber = "hex-number"
    case hexVector = "hex-vector"
    case set
    case memory
    case duration
    case shard
    case count
    case seed
    case focus
    case profile

    /// Runs the parser on `data` (as UTF-8 text for command-line values) and checks what it returns.
    public func check(_ data: [UInt8]) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .corpusEntry: return Self.checkCorpusEntry(Data(data))
        case .profile: return Self.checkProfile(Data(data))
        case .stats: return Self.checkStats(Data(data))
        case .replayResults: return Self.checkReplayResults(Data(data))
        case .hexBytes:
            guard let bytes = try? Hex.parseBytes(text) else { return nil }
            return (try? Hex.parseBytes(Hex.format(bytes: bytes))) == bytes ? nil : "hex bytes do not round-trip: \(bytes)"
        case .hexNumber:
            guard let value = try? Hex.parseNumber(text) else { return nil }
            return (try? Hex.parseNumber(Hex.format(value))) == value ? nil : "number does not round-trip: \(value)"
        case .hexVector:
            guard let vector = try? Hex.parseVector(text) else { return nil }
            return (try? Hex.parseVector(Hex.format(vector))) == vector ? nil : "vector does not round-trip"
        case .set:
            var state = MachineState.defaults
            guard (try? state.assign(text)) != nil else { return nil }
            _ = CaseValidation.problem(state: state)
            return nil
        case .memory:
            guard let run = try? InputValues.memoryPatch(text) else { return nil }
            let end = run.address &+ UInt64(run.bytes.count)
            return !run.bytes.isEmpty && run.address >= GuestLayout.dataBase && run.address < end
                && end <= GuestLayout.dataBase + GuestLayout.dataSize ? nil : "accepted a patch outside the data window"
        case .duration:
            guard let duration = try? InputValues.duration(text) else { return nil }
            return duration > .zero && duration <= InputValues.longestDuration ? nil : "accepted duration \(duration)"
        case .shard:
            guard let shard = try? InputValues.shard(text) else { return nil }
            return shard.index >= 0 && shard.index < shard.count ? nil : "accepted shard \(shard)"
        case .count:
            let limit = 1_000_000_000_000
            guard let count = try? InputValues.count(text, option: "--cases", limit: limit) else { return nil }
            return (1...limit).contains(count) ? nil : "accepted count \(count)"
        case .seed:
            guard let seed = try? InputValues.seed(text) else { return nil }
            return (try? InputValues.seed(String(seed))) == seed ? nil : "seed does not round-trip: \(seed)"
        case .focus:
            guard let focus = try? Focus(parsing: text) else { return nil }
            return focus.names.isEmpty || focus.names.count != focus.formGroups.count ? "focus without forms" : nil
        }
    }

    /// A readable entry must survive being written and read back, and hold a case the sandbox accepts.
    private static func checkCorpusEntry(_ data: Data) -> String? {
        guard let entry = try? Corpus.decode(data, name: "input") else { return nil }
        if let problem = CaseValidation.problem(bytes: entry.bytes.bytes, state: entry.initialState) {
            return "accepted an entry the sandbox would refuse: \(problem)"
        }
        guard let encoded = try? Corpus.encoded(entry) else { return "a readable entry cannot be encoded" }
        guard let again = try? Corpus.decode(encoded, name: "input") else { return "a written entry cannot be read back" }
        return again == entry ? nil : "an entry changes when written and read back"
    }

    /// A readable profile file must read back the same after it is written (`--profile FILE`).
    private static func checkProfile(_ data: Data) -> String? {
        guard let profile = try? ProfileFile.decode(data) else { return nil }
        guard let again = try? ProfileFile.decode(Data(ProfileFile.encode(profile).utf8)) else {
            return "a written profile cannot be read back"
        }
        return again == profile ? nil : "a profile changes when written and read back"
    }

    /// A stats file as `report` reads it, rendered as the nightly report would, alone and summed
    /// with itself as the two shards of a fleet run, which unites its signatures to themselves.
    private static func checkStats(_ data: Data) -> String? {
        guard var summary = try? JSONDecoder().decode(CampaignSummary.self, from: data) else { return nil }
        _ = NightlyReport.markdown(title: "fuzz", summary: summary, replay: nil)
        _ = try? summary.json()
        summary.shard = "0/2"
        var other = summary
        other.shard = "1/2"
        guard let total = try? CampaignSummary.combining([("a", summary), ("b", other)]) else { return nil }
        _ = NightlyReport.markdown(title: "fuzz", summary: total, replay: nil, shards: [summary, other])
        return total.distinctSignatures == Set(summary.signatureHashes ?? []).count ? nil : "a shard summed with itself changes its signatures"
    }

    /// Replay results as `report --replay` reads them, rendered into both reports.
    private static func checkReplayResults(_ data: Data) -> String? {
        guard let results = try? JSONDecoder().decode([ReplayResult].self, from: data) else { return nil }
        _ = JUnitReport.xml(results: results, unreadable: [], suite: "fuzz", seconds: 0)
        return nil
    }
}
