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

    /// One line for the campaign summary: forms compared (of the table's) and how many never
    /// completed or were never generated, and the CPU's outcome mix.
    public var summaryLine: String {
        let ran = outcomes.values.reduce(0, +)
        let mix = outcomes.sorted { $0.value > $1.value }.map { name, count in
            String(format: "%@ %.1f%%", name, 100 * Double(count) / Double(max(ran, 1)))
        }
        return "coverage: \(forms.values.count { $0.compared > 0 }) of \(FormTable.all.count) forms compared, "
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

/// Where a case sits in the opcode space: the encoding, map, mandatory-prefix class and opcode,
/// packed in one integer (the counters key every case by it).
public struct OpcodeCell: Hashable, Sendable {
    private static let encodings = ["legacy", "vex", "xop", "evex"]
    private static let prefixes = ["none", "66", "f3", "f2"]
    private static let maps = OpcodeMap.allCases

    /// encoding << 14 | map << 10 | prefix << 8 | opcode.
    let packed: UInt32

    public init(_ instruction: Instruction) {
        let prefixes = instruction.prefixes
        let encoding: UInt32 = if prefixes.vex != nil {
            [.xop8, .xop9, .xopA].contains(instruction.map) ? 2 : 1
        } else {
            prefixes.evex ? 3 : 0
        }
        // Switches, not searches of array literals: this runs for every case.
        let prefix: UInt32 = switch prefixes.mandatoryPrefix {
        case 0x66: 1
        case 0xF3: 2
        case 0xF2: 3
        default: 0
        }
        let map = UInt32(Self.maps.firstIndex(of: instruction.map) ?? 0)
        packed = encoding << 14 | map << 10 | prefix << 8 | UInt32(instruction.opcode)
    }

    init(packed: UInt32) { self.packed = packed }

    public var encoding: String { Self.encodings[Int(packed >> 14)] }
    public var map: OpcodeMap { Self.maps[Int(packed >> 10 & 0xF)] }
    /// `none`, `66`, `f3`, `f2`: legacy F2/F3/66 (the last F2 or F3 wins, as the CPU reads it), or VEX.pp.
    public var prefix: String { Self.prefixes[Int(packed >> 8 & 3)] }
    public var opcode: UInt8 { UInt8(packed & 0xFF) }

    /// `legacy 0f`: the map's name in the coverage.
    public var mapName: String { encoding + " " + map.rawValue }
    /// `legacy 0f 66`: one panel of the heat map.
    public var panel: String { mapName + " " + prefix }
    /// `58`: the cell in its panel.
    public var opcodeName: String { Hex.format(bytes: [opcode]) }
}

/// The coverage counters a worker keeps as cases go by: one tally per mnemonic and encoding shape
/// (cell, W, VEX.L, ModRM's mod and reg), which the report form (`Coverage`) sums by mnemonic,
/// form and cell. Resolving the form once per shape rather than once per case keeps counting
/// cheap: it runs for every case.
struct CoverageCounters: Sendable {
    /// One group's counts: the CPU's outcomes by slot (0 completed, 1 + vector for vectors 0-31)
    /// and in a dictionary for vectors past 31 (software interrupts), which are rare.
    struct Tally: Sendable {
        var cases = 0, filtered = 0, compared = 0, agreed = 0, diverged = 0, harness = 0
        var outcomes = InlineArray<33, Int>(repeating: 0)
        var highVectors: [UInt8: Int] = [:]

        mutating func add(_ other: Tally) {
            cases += other.cases
            filtered += other.filtered
            compared += other.compared
            agreed += other.agreed
            diverged += other.diverged
            harness += other.harness
            for slot in outcomes.indices { outcomes[slot] += other.outcomes[slot] }
            highVectors.merge(other.highVectors, uniquingKeysWith: +)
        }

        var counts: Coverage.Counts {
            var counts = Coverage.Counts()
            (counts.cases, counts.filtered, counts.compared) = (cases, filtered, compared)
            (counts.agreed, counts.diverged, counts.harness) = (agreed, diverged, harness)
            for slot in outcomes.indices where outcomes[slot] > 0 {
                counts.outcomes[Coverage.outcomeName(slot == 0 ? nil : ExceptionVector(rawValue: UInt8(slot - 1)))] = outcomes[slot]
            }
            for (vector, count) in highVectors { counts.outcomes[ExceptionVector(rawValue: vector).name] = count }
            return counts
        }
    }

    /// What selects a form, short of the mnemonic: the cell, W, VEX.L and as much of ModRM as
    /// tells the table's forms at the opcode apart, packed in one integer. Undecodable bytes have
    /// no form: their cell alone is their shape (campaigns meet tens of thousands of them).
    struct Shape: Hashable {
        /// The mnemonic packed (hashed faster than a string), and whole where packing cuts it.
        let mnemonic: PackedName
        let longMnemonic: String?
        let selectors: UInt64

        init(_ instruction: Instruction) {
            mnemonic = instruction.mnemonicKey
            longMnemonic = mnemonic.isComplete ? nil : instruction.mnemonic
            let cell = UInt64(OpcodeCell(instruction).packed) << 16
            guard !instruction.isUndecodable else {
                selectors = cell
                return
            }
            let prefixes = instruction.prefixes
            let w: UInt64 = (prefixes.vex?.w ?? prefixes.rexW) ? 1 : 0
            let l = UInt64(prefixes.vex?.l ?? 0) & 1
            let modrm: UInt64 = instruction.modrm.map { byte -> UInt64 in
                let register: UInt8 = byte >> 6 == 3 ? 0x40 : 0
                switch FormTable.modrmSelection(OpcodeKey(instruction)) {
                case .mod: return UInt64(register) | 0x100
                case .modAndReg: return UInt64(byte & 0x38 | register) | 0x100
                case .whole: return UInt64(byte) | 0x200
                }
            } ?? 0
            selectors = cell | w << 11 | l << 10 | modrm
        }

        var cell: OpcodeCell { OpcodeCell(packed: UInt32(selectors >> 16)) }

        /// The packed words alone: the long mnemonic, kept only where the packing cuts one, is still
        /// compared on a collision, and hashing it too cost every case.
        func hash(into hasher: inout Hasher) {
            hasher.combine(mnemonic.low)
            hasher.combine(mnemonic.high)
            hasher.combine(selectors)
        }
    }

    /// A shape's tally, its mnemonic and the position of its form in the table (nil: none).
    struct Entry: Sendable {
        var tally = Tally()
        let mnemonic: String
        let form: Int?
    }

    private var shapes: [Shape: Entry] = [:]

    /// What became of one case, for coverage.
    enum Fate {
        case filtered
        /// The CPU ran it with this outcome (nil: completed) and the model declined it.
        case unjudged(ExceptionVector?)
        case agreed(ExceptionVector?)
        case diverged(ExceptionVector?, harnessOnly: Bool)
    }

    /// Counts a case under its mnemonic, form and cell, in place (this runs for every case).
    /// True when it is the first compared case of its shape here (so its mnemonic may be new).
    @discardableResult
    mutating func record(_ instruction: Instruction, _ fate: Fate) -> Bool {
        var (filtered, compared, agreed, diverged, harness) = (0, 0, 0, 0, 0)
        let exception: ExceptionVector??
        switch fate {
        case .filtered:
            filtered = 1
            exception = .none
        case .unjudged(let vector):
            filtered = 1
            exception = .some(vector)
        case .agreed(let vector):
            (compared, agreed) = (1, 1)
            exception = .some(vector)
        case .diverged(let vector, let harnessOnly):
            (compared, diverged, harness) = (1, 1, harnessOnly ? 1 : 0)
            exception = .some(vector)
        }
        var firstCompared = false
        func count(_ tally: inout Tally) {
            firstCompared = compared == 1 && tally.compared == 0
            tally.cases += 1
            tally.filtered += filtered
            tally.compared += compared
            tally.agreed += agreed
            tally.diverged += diverged
            tally.harness += harness
            switch exception {
            case .none: break
            case .some(.none): tally.outcomes[0] += 1
            case .some(.some(let vector)) where vector.rawValue < 32: tally.outcomes[Int(vector.rawValue) + 1] += 1
            case .some(.some(let vector)): tally.highVectors[vector.rawValue, default: 0] += 1
            }
        }
        count(&shapes[Shape(instruction), default: Entry(mnemonic: instruction.mnemonic, form: FormTable.position(of: instruction))].tally)
        return firstCompared
    }

    mutating func merge(_ other: CoverageCounters) {
        shapes.merge(other.shapes) { mine, theirs in
            var sum = mine
            sum.tally.add(theirs.tally)
            return sum
        }
    }

    /// The report form: the shapes summed by mnemonic, form and cell, and the maps and prefix
    /// classes summed from the cells.
    var coverage: Coverage {
        var mnemonics: [String: Tally] = [:], forms: [Int: Tally] = [:], cells: [OpcodeCell: Tally] = [:]
        for (shape, entry) in shapes {
            mnemonics[entry.mnemonic, default: Tally()].add(entry.tally)
            if let position = entry.form { forms[position, default: Tally()].add(entry.tally) }
            cells[shape.cell, default: Tally()].add(entry.tally)
        }
        var coverage = Coverage()
        coverage.mnemonics = mnemonics.mapValues(\.counts)
        for (position, tally) in forms { coverage.forms[FormTable.all[position].name] = tally.counts }
        for (cell, tally) in cells {
            let counts = tally.counts
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
