import X86

/// The CPU's own length of a byte string, with no decoder: the first k bytes go at the end of
/// the code page, whose next page (the state page) is not executable, and the smallest k whose
/// run does not fault on the instruction fetch is the length (sandsifter's method).
public struct LengthProbe {
    public let sandbox: Sandbox

    public init(sandbox: Sandbox) {
        self.sandbox = sandbox
    }

    /// The first address past the code page: fetching there faults.
    public static let nextPage = GuestLayout.codeAddress + GuestLayout.pageSize

    /// What the probe found for one byte string.
    public struct Measurement: Sendable, Hashable {
        /// The smallest number of bytes the CPU ran without faulting on the fetch; nil when even
        /// all the bytes given were not enough.
        public var fetched: Int?
        /// The outcome of the run with `fetched` bytes, RIP as at the page's end.
        public var outcome: Outcome?

        public init(fetched: Int?, outcome: Outcome?) {
            self.fetched = fetched
            self.outcome = outcome
        }

        /// The instruction's length: `fetched`, unless the CPU raised #UD there (an invalid
        /// encoding has no length).
        public var length: Int? { outcome?.exception?.vector == .ud ? nil : fetched }
    }

    /// Measures `bytes` from `state` by trying k = 1, 2, ... in turn.
    public func measure(_ bytes: [UInt8], from state: MachineState = .defaults) throws(SandboxError) -> Measurement {
        try measure(bytes, from: state, startingAt: 1)
    }

    /// Measures `bytes` starting from the guess `k` (a decoder's length): two runs when the guess
    /// is right. It walks up while the fetch faults and down while it does not, which finds the
    /// smallest k because a prefix that fetches past the page also does with fewer bytes.
    public func measure(_ bytes: [UInt8], from state: MachineState = .defaults, startingAt guess: Int) throws(SandboxError) -> Measurement {
        guard !bytes.isEmpty else { return Measurement(fetched: nil, outcome: nil) }
        var k = min(max(guess, 1), bytes.count)
        var outcome = try run(bytes, count: k, from: state)
        if Self.faultsOnFetch(outcome, count: k) {
            while Self.faultsOnFetch(outcome, count: k) {
                guard k < bytes.count else { return Measurement(fetched: nil, outcome: nil) }
                k += 1
                outcome = try run(bytes, count: k, from: state)
            }
            return Measurement(fetched: k, outcome: outcome)
        }
        while k > 1 {
            let shorter = try run(bytes, count: k - 1, from: state)
            if Self.faultsOnFetch(shorter, count: k - 1) { break }
            k -= 1
            outcome = shorter
        }
        return Measurement(fetched: k, outcome: outcome)
    }

    /// Runs the first `count` bytes at the end of the code page.
    private func run(_ bytes: [UInt8], count: Int, from state: MachineState) throws(SandboxError) -> Outcome {
        try sandbox.run(Array(bytes.prefix(count)), from: state, observeVectorState: false,
                        codeOffset: Int(GuestLayout.pageSize) - count)
    }

    /// True when the run of `count` bytes at the page's end faulted fetching the instruction
    /// itself: #PF on a fetch at the next page with RIP at the instruction. (A branch to the next
    /// page faults there too, but with RIP at its target.)
    static func faultsOnFetch(_ outcome: Outcome, count: Int) -> Bool {
        guard let fault = outcome.exception, fault.vector == .pf, let errorCode = fault.errorCode else { return false }
        let instructionFetch: UInt64 = 1 << 4
        return errorCode & instructionFetch != 0 && fault.cr2 == nextPage && outcome.rip == nextPage - UInt64(count)
    }
}
