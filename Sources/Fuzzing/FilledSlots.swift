extension Array {
    /// The values of slots that are all filled by now, moved out (the slots are left empty): a
    /// `map { $0! }` copies each one, which for a case's judgement means retaining and later
    /// releasing every array and box it holds.
    mutating func takeFilled<Wrapped>() -> [Wrapped] where Element == Wrapped? {
        var values: [Wrapped] = []
        values.reserveCapacity(count)
        for index in indices { values.append(self[index].take()!) }
        return values
    }
}
