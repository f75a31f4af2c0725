/// A fixed set of packed names, looked up by binary search over the sorted names: a hot path asks
/// whether a mnemonic is in a small set several times per case, and `Set`'s SipHash of a name costs
/// more than the ten comparisons a search needs.
public struct PackedNameSet: Sendable {
    @usableFromInline let sorted: [PackedName]

    public init(_ names: some Sequence<String>) {
        sorted = Set(names.map(PackedName.init)).sorted(by: PackedNameSet.precedes)
    }

    @inlinable
    public func contains(_ name: PackedName) -> Bool { PackedNameSet.position(of: name, in: sorted) != nil }

    /// Where `name` is in `sorted` (ordered by `precedes`), by binary search.
    @inlinable
    static func position(of name: PackedName, in sorted: [PackedName]) -> Int? {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            let candidate = sorted[middle]
            if candidate == name { return middle }
            if PackedNameSet.precedes(candidate, name) { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    @inlinable
    static func precedes(_ left: PackedName, _ right: PackedName) -> Bool {
        (left.low, left.high, left.count) < (right.low, right.high, right.count)
    }
}

/// Packed names with a value each, found by one binary search: a hot path that would ask several
/// `PackedNameSet`s about the same mnemonic asks this once for a set of bits.
public struct PackedNameMap<Value: Sendable>: Sendable {
    @usableFromInline let sorted: [PackedName]
    @usableFromInline let values: [Value]

    /// `pairs` may name a name more than once; `combining` folds its values.
    public init(_ pairs: some Sequence<(String, Value)>, combining: (Value, Value) -> Value) {
        var byName: [PackedName: Value] = [:]
        for (name, value) in pairs {
            let key = PackedName(name)
            byName[key] = byName[key].map { combining($0, value) } ?? value
        }
        sorted = byName.keys.sorted(by: PackedNameSet.precedes)
        values = sorted.map { byName[$0]! }
    }

    @inlinable
    public subscript(_ name: PackedName) -> Value? {
        PackedNameSet.position(of: name, in: sorted).map { values[$0] }
    }
}
