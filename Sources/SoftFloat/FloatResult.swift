/// One operation's result bits and the exception flags it records in MXCSR.
///
/// `exceptions` is exactly what a scalar instruction ORs into MXCSR, masked or not. When it holds an
/// unmasked exception (`FloatEnvironment.faults`), the instruction takes #XM and leaves its
/// destination alone, and `bits` means nothing.
public struct FloatResult<Bits: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable, Hashable {
    public var bits: Bits
    public var exceptions: Exceptions

    @inlinable
    public init(bits: Bits, exceptions: Exceptions) {
        self.bits = bits
        self.exceptions = exceptions
    }

    /// The same result in another width, for the generic wrappers over the 64-bit kernels.
    @inlinable
    init<Other>(_ other: FloatResult<Other>) {
        self.init(bits: Bits(truncatingIfNeeded: other.bits), exceptions: other.exceptions)
    }
}

/// How two values compare: one of the four IEEE 754 relations.
public enum FloatOrdering: Sendable, Hashable {
    case less, equal, greater, unordered
}

/// A comparison's relation and the exception flags it records.
public struct FloatComparison: Sendable, Hashable {
    public var ordering: FloatOrdering
    public var exceptions: Exceptions

    @inlinable
    public init(ordering: FloatOrdering, exceptions: Exceptions) {
        self.ordering = ordering
        self.exceptions = exceptions
    }
}
