import X86

extension CampaignSummary {
    /// The summary of a fleet run from its shards' stats (`report --stats A --stats B ...`).
    ///
    /// The shards must be of one campaign: one seed, one shard count, no index twice (a shard
    /// counted twice would count its cases twice). Counts are summed; signatures and mnemonics
    /// are united by hash and name; `seconds` is the longest shard's and `casesPerSecond` the
    /// shards' rates summed (the fleet's throughput when they run side by side); the time per
    /// stage is the average weighted by cases; the batch executor's counters are left out. `shard`
    /// lists the indices (`0,1,3/4`).
    public static func combining(_ shards: [(file: String, summary: CampaignSummary)]) throws(MergeError) -> CampaignSummary {
        guard var total = shards.first?.summary else { throw MergeError(description: "no stats to combine") }
        let indices = try shardIndices(shards)
        total.shard = indices.map(String.init).joined(separator: ",") + "/\(try shardCount(shards))"
        for (_, summary) in shards.dropFirst() { total.add(summary) }
        let hashes = try sets(\.signatureHashes, shards), new = try sets(\.newSignatureHashes, shards)
        let mnemonics = try sets(\.mnemonics, shards)
        total.signatureHashes = hashes.sorted()
        total.newSignatureHashes = new.sorted()
        total.mnemonics = mnemonics.sorted()
        total.distinctSignatures = hashes.count
        total.newSignatures = new.count
        total.mnemonicsExercised = mnemonics.count
        total.corpusProblems = shards.flatMap { file, summary in (summary.corpusProblems ?? []).map { "shard \(summary.shard) (\(file)): \($0)" } }
        total.microsecondsPerCase = weightedStageTimes(shards.map(\.summary), cases: total.cases)
        total.batch = nil
        total.timeline = nil
        return total
    }

    /// Adds another shard's counts to these (held at `Int.max`: the files are outside input).
    private mutating func add(_ other: CampaignSummary) {
        func sum(_ a: Int, _ b: Int) -> Int { Corpus.adding(b, to: a) }
        jobs = sum(jobs, other.jobs)
        seconds = max(seconds, other.seconds)
        cases = sum(cases, other.cases)
        casesPerSecond += other.casesPerSecond
        compared = sum(compared, other.compared)
        agreed = sum(agreed, other.agreed)
        diverged = sum(diverged, other.diverged)
        divergencesByClass.merge(other.divergencesByClass, uniquingKeysWith: sum)
        if let parties = other.divergencesByParty { divergencesByParty = (divergencesByParty ?? [:]).merging(parties, uniquingKeysWith: sum) }
        filtered.merge(other.filtered, uniquingKeysWith: sum)
        outOfFocus = sum(outOfFocus, other.outOfFocus)
        harnessErrors = sum(harnessErrors, other.harnessErrors)
        var positions = Dictionary(signatures.enumerated().map { ($1.hash, $0) }, uniquingKeysWith: { first, _ in first })
        for signature in other.signatures {
            if let index = positions[signature.hash] {
                signatures[index].new = signatures[index].new || signature.new
            } else {
                positions[signature.hash] = signatures.count
                signatures.append(signature)
            }
        }
        corpus = Self.union(corpus, other.corpus)
        profile = Self.union(profile, other.profile)
        if executor != other.executor { executor = nil }
        coverage = coverage.flatMap { mine in other.coverage.map { var sum = mine; sum.add($0); return sum } }
        clusters = clusters.flatMap { mine in other.clusters.map { Self.combine(mine, $0) } }
    }

    /// Two shards' clusters, united by key, largest first.
    private static func combine(_ a: [DivergenceCluster], _ b: [DivergenceCluster]) -> [DivergenceCluster] {
        var byKey = Dictionary(a.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for cluster in b {
            if byKey[cluster.key] == nil { byKey[cluster.key] = cluster } else { byKey[cluster.key]!.add(cluster) }
        }
        return DivergenceCluster.ranked(byKey)
    }

    /// `a` and `b` joined by ", " unless `a` already names `b`.
    private static func union(_ a: String, _ b: String) -> String {
        a.components(separatedBy: ", ").contains(b) ? a : a + ", " + b
    }

    /// The shards' indices, sorted, refusing one that does not parse or appears twice.
    private static func shardIndices(_ shards: [(file: String, summary: CampaignSummary)]) throws(MergeError) -> [Int] {
        var owners: [Int: String] = [:]
        let seed = shards[0].summary.seed
        for (file, summary) in shards {
            guard summary.seed == seed else {
                throw MergeError(description: "\(shards[0].file) has seed \(seed) and \(file) seed \(summary.seed): the shards of one campaign share a seed")
            }
            let index: Int
            do { index = try InputValues.shard(summary.shard).index } catch {
                throw MergeError(description: "\(file): shard '\(summary.shard)' is not i/n")
            }
            if let other = owners.updateValue(file, forKey: index) {
                throw MergeError(description: "\(other) and \(file) are both shard \(summary.shard): their cases overlap")
            }
        }
        return owners.keys.sorted()
    }

    /// The shard count every file agrees on.
    private static func shardCount(_ shards: [(file: String, summary: CampaignSummary)]) throws(MergeError) -> Int {
        let counts = shards.map { (try? InputValues.shard($0.summary.shard).count) ?? 0 }
        guard let first = counts.first, let other = counts.firstIndex(where: { $0 != first }) else { return counts.first ?? 1 }
        throw MergeError(description: "\(shards[0].file) is shard \(shards[0].summary.shard) and \(shards[other].file) shard "
            + "\(shards[other].summary.shard): the shards of one campaign have one count, or their cases overlap")
    }

    /// The union of one set-valued field over the shards; a file without it (an older x86fuzz's)
    /// cannot be united exactly, so it is refused.
    private static func sets(_ field: KeyPath<CampaignSummary, [String]?>,
                             _ shards: [(file: String, summary: CampaignSummary)]) throws(MergeError) -> Set<String> {
        var union: Set<String> = []
        for (file, summary) in shards {
            guard let values = summary[keyPath: field] else {
                throw MergeError(description: "\(file) has no signatureHashes, newSignatureHashes or mnemonics (written by an older x86fuzz): "
                    + "it can be reported alone, not summed with other shards")
            }
            union.formUnion(values)
        }
        return union
    }

    /// Each stage's time per case, averaged over the shards weighted by their cases.
    private static func weightedStageTimes(_ summaries: [CampaignSummary], cases: Int) -> [String: Double]? {
        let total = Double(max(cases, 1))
        var result: [String: Double] = [:]
        for summary in summaries {
            guard let times = summary.microsecondsPerCase else { return nil }
            for (stage, time) in times { result[stage, default: 0] += time * Double(summary.cases) / total }
        }
        return result
    }
}
