/// A choice among values with integer weights, drawn with one random number.
struct WeightedChoice<Element: Sendable>: Sendable {
    private let elements: [Element]
    private let cumulative: [Int]
    private let total: Int

    /// Values with weight zero are never drawn; at least one weight must be positive.
    init(_ weighted: [(Element, Int)]) {
        let kept = weighted.filter { $0.1 > 0 }
        precondition(!kept.isEmpty, "a weighted choice needs a positive weight")
        elements = kept.map(\.0)
        var running = 0
        cumulative = kept.map { running += $0.1; return running }
        total = running
    }

    func pick(_ random: inout Xoshiro256StarStar) -> Element {
        let point = random.below(total)
        var index = 0
        while cumulative[index] <= point { index += 1 }
        return elements[index]
    }
}
