import Forms
import X86

/// What a campaign tested, for `--stats`: per mnemonic, per form of the table, per opcode map,
/// per mandatory-prefix class and per opcode cell, how many cases were generated, compared,
/// agreed and diverged and what the CPU did with them; the forms that never completed and the
/// forms never generated. A form that always faults has had its semantics tested barely at all.
public struct Coverage: Sendable, Codable, Equatable {
    /// The counts of one group of cases. Zero counts are left out of the JSON.
    public struct Counts: Sendable, Codable, Equatable {
        /// Cases that decoded into the group, filtered ones included.
        public var cases = 0
        /// Cases rejected by the filter or declined by the model (not compared).
        public var filtered = 0
        public var compared = 0
        public var agreed = 0
        /// Compared cases with any divergence; `harness` of them were the platform's alone.
        public var diverged = 0
        public var harness = 0
        /// The CPU's outcome on the cases it ran (`completed`, `#PF`, `#UD` ...), compared or not.
        public var outcomes: [String: Int] = [:]

        public init() {}

        /// Cases the CPU completed without an exception.
        public var completed: Int { outcomes[Coverage.completed] ?? 0 }

        /// Diverged cases that were not the platform's alone: what the model got wrong, or the decoder.
        public var divergedNotHarness: Int { diverged - harness }

        mutating func add(_ other: Counts) {
            func sum(_ a: Int, _ b: Int) -> Int { Corpus.adding(b, to: a) }
            cases = sum(cases, other.cases)
            filtered = sum(filtered, other.filtered)
            compared = sum(compared, other.compared)
            agreed = sum(agreed, other.agreed)
            diverged = sum(diverged, other.diverged)
            harness = sum(harness, other.harness)
            outcomes.merge(other.outcomes, uniquingKeysWith: sum)
        }

        private enum CodingKeys: String, CodingKey { case cases, filtered, compared, agreed, diverged, harness, outcomes }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func count(_ key: CodingKeys) throws -> Int {
                let value = try container.decodeIfPresent(Int.self, forKey: key) ?? 0
                guard value >= 0 else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "a count cannot be negative")
                }
                return value
            }
            cases = try count(.cases)
            filtered = try count(.filtered)
            compared = try count(.compared)
            agreed = try count(.agreed)
            diverged = try count(.diverged)
            harness = try count(.harness)
            outcomes = try container.decodeIfPresent([String: Int].self, forKey: .outcomes) ?? [:]
            guard outcomes.values.allSatisfy({ $0 >= 0 }) else {
                throw DecodingError.dataCorruptedError(forKey: .outcomes, in: container, debugDescription: "a count cannot be negative")
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            for (key, value) in [(CodingKeys.cases, cases), (.filtered, filtered), (.compared, compared), (.agreed, agreed),
                                 (.diverged, diverged), (.harness, harness)] where value != 0 {
                try container.encode(value, forKey: key)
            }
            if !outcomes.isEmpty { try container.encode(outcomes, forKey: .outcomes) }
        }
    }

    /// The outcome name of a case the CPU completed.
    public static let completed = "completed"

    /// The CPU's outcome mix over every case it ran.
    public var outcomes: [String: Int] = [:]
    public var mnemonics: [String: Counts] = [:]
    /// By form name (`Form.name`: `add 01 /r`); a case whose form the table lacks counts under its
    /// mnemonic and cell only.
    public var forms: [String: Counts] = [:]
    /// By encoding and opcode map: `legacy 0f`, `vex 0f38`.
    public var maps: [String: Counts] = [:]
    /// By mandatory-prefix class (legacy F2/F3/66, or VEX.pp): `none`, `66`, `f3`, `f2`.
    public var prefixes: [String: Counts] = [:]
    /// The opcode space, the heat map's cells: panel (`legacy 0f 66`) → opcode (`58`) → counts.
    public var opcodes: [String: [String: Counts]] = [:]
    /// Forms that cases were generated for and the CPU ran, but that never completed (sorted).
    public var neverCompleted: [String] = []
    /// Forms of the table no case decoded as (sorted).
    public var neverGenerated: [String] = []

    public init() {}

    /// This coverage and another shard's, summed: a form was never generated if neither shard
    /// generated it, and never completed if it ran in either and completed in neither.
    public mutating func add(_ other: Coverage) {
        func sum(_ a: [String: Counts], _ b: [String: Counts]) -> [String: Counts] {
            a.merging(b) { var total = $0; total.add($1); return total }
        }
        outcomes.merge(other.outcomes) { Corpus.adding($1, to: $0) }
        mnemonics = sum(mnemonics, other.mnemonics)
        forms = sum(forms, other.forms)
        maps = sum(maps, other.maps)
        prefixes = sum(prefixes, other.prefixes)
        opcodes.merge(other.opcodes) { sum($0, $1) }
        neverCompleted = Self.neverCompleted(forms)
        neverGenerated = Set(neverGenerated).intersection(other.neverGenerated).sorted()
    }

    /// One line for the campaign summary: forms compared and how many never completed or were
    /// never generated, and the CPU's outcome mix.
    public func summaryLine(formsInTable: Int) -> String {
        let ran = outcomes.values.reduce(0, +)
        let mix = outcomes.sorted { $0.value > $1.value }.map { name, count in
            String(format: "%@ %.1f%%", name, 100 * Double(count) / Double(max(ran, 1)))
        }
        return "coverage: \(forms.values.count { $0.compared > 0 }) of \(formsInTable) forms compared, "
            + "\(neverCompleted.count) never completed, \(neverGenerated.count) never generated; "
            + "\(mnemonics.values.count { $0.compared > 0 }) mnemonics compared; CPU outcomes: " + mix.joined(separator: ", ")
    }

    /// The forms the CPU ran but never completed, sorted.
    static func neverCompleted(_ forms: [String: Counts]) -> [String] {
        forms.filter { !$0.value.outcomes.isEmpty && $0.value.completed == 0 }.map(\.key).sorted()
    }

    /// The outcome name of a CPU outcome: `completed` or the vector's name.
    public static func outcomeName(_ exception: ExceptionVector?) -> String { exception?.name ?? completed }
}

/// Where a case sits in the opcode space: the encoding, map, mandatory-prefix class and opcode.
public struct OpcodeCell: Hashable, Sendable {
    public var encoding: String
    public var map: OpcodeMap
    public var prefix: String
    public var opcode: UInt8

    public init(_ instruction: Instruction) {
        let prefixes = instruction.prefixes
        if let vex = prefixes.vex {
            encoding = [.xop8, .xop9, .xopA].contains(instruction.map) ? "xop" : "vex"
            prefix = ["none", "66", "f3", "f2"][vex.pp]
        } else {
            encoding = prefixes.evex ? "evex" : "legacy"
            prefix = prefixes.repne ? "f2" : prefixes.rep ? "f3" : prefixes.operandSizeOverride ? "66" : "none"
        }
        map = instruction.map
        opcode = instruction.opcode
    }

    /// `legacy 0f`: the map's name in the coverage.
    public var mapName: String { encoding + " " + map.rawValue }
    /// `legacy 0f 66`: one panel of the heat map.
    public var panel: String { mapName + " " + prefix }
    /// `58`: the cell in its panel.
    public var opcodeName: String { Hex.format(bytes: [opcode]) }
}

/// The coverage counters a worker keeps as cases go by, keyed for speed; `Coverage` is their
/// report form.
struct CoverageCounters: Sendable {
    private var mnemonics: [String: Coverage.Counts] = [:]
    private var forms: [Int: Coverage.Counts] = [:]
    private var cells: [OpcodeCell: Coverage.Counts] = [:]

    /// What became of one case, for coverage.
    enum Fate {
        case filtered
        /// The CPU ran it with this outcome (nil: completed) and the model declined it.
        case unjudged(ExceptionVector?)
        case agreed(ExceptionVector?)
        case diverged(ExceptionVector?, harnessOnly: Bool)
    }

    mutating func record(_ instruction: Instruction, _ fate: Fate) {
        func count(_ counts: inout Coverage.Counts) {
            counts.cases += 1
            switch fate {
            case .filtered:
                counts.filtered += 1
            case .unjudged(let vector):
                counts.filtered += 1
                counts.outcomes[Coverage.outcomeName(vector), default: 0] += 1
            case .agreed(let vector):
                counts.compared += 1
                counts.agreed += 1
                counts.outcomes[Coverage.outcomeName(vector), default: 0] += 1
            case .diverged(let vector, let harnessOnly):
                counts.compared += 1
                counts.diverged += 1
                if harnessOnly { counts.harness += 1 }
                counts.outcomes[Coverage.outcomeName(vector), default: 0] += 1
            }
        }
        count(&mnemonics[instruction.mnemonic, default: Coverage.Counts()])
        if let position = FormTable.position(of: instruction) { count(&forms[position, default: Coverage.Counts()]) }
        count(&cells[OpcodeCell(instruction), default: Coverage.Counts()])
    }

    mutating func merge(_ other: CoverageCounters) {
        mnemonics.merge(other.mnemonics) { var sum = $0; sum.add($1); return sum }
        forms.merge(other.forms) { var sum = $0; sum.add($1); return sum }
        cells.merge(other.cells) { var sum = $0; sum.add($1); return sum }
    }

    /// The report form, with the maps and prefix classes summed from the cells.
    var coverage: Coverage {
        var coverage = Coverage()
        coverage.mnemonics = mnemonics
        for (position, counts) in forms { coverage.forms[FormTable.all[position].name] = counts }
        for (cell, counts) in cells {
            coverage.opcodes[cell.panel, default: [:]][cell.opcodeName] = counts
            coverage.maps[cell.mapName, default: Coverage.Counts()].add(counts)
            coverage.prefixes[cell.prefix, default: Coverage.Counts()].add(counts)
            coverage.outcomes.merge(counts.outcomes, uniquingKeysWith: +)
        }
        coverage.neverCompleted = Coverage.neverCompleted(coverage.forms)
        coverage.neverGenerated = FormTable.all.indices.filter { forms[$0] == nil }.map { FormTable.all[$0].name }.sorted()
        return coverage
    }
}
