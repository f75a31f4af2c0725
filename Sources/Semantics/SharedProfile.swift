/// A CPU profile held by reference, so that handing it to each prediction costs one retain.
final class SharedProfile: Sendable {
    let profile: CPUProfile

    init(_ profile: CPUProfile) { self.profile = profile }
}
