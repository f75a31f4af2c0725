/// A fixed set of packed names, looked up by binary search over the sorted names: a hot path asks
/// whether a mnemonic is in a small set several times per case, and `Set`'s SipHash of a name costs
/// more than the ten comparisons a search needs.
public struct PackedNameSet: Sendable {
    @usableFromInline let sorted: [PackedName]

    public init(_ names: some Sequence<String>) {
        sorted = Set(names.map(PackedName.init)).sorted(by: PackedNameSet.precedes)
    }

    @inlinable
    public func contains(_ name: PackedName) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            let candidate = sorted[middle]
            if candidate == name { return true }
            if PackedNameSet.precedes(candidate, name) { low = middle + 1 } else { high = middle }
        }
        return false
    }

    @inlinable
    static func precedes(_ left: PackedName, _ right: PackedName) -> Bool {
        (left.low, left.high, left.count) < (right.low, right.high, right.count)
    }
}
