/// The six floating-point exception flags in MXCSR's bit order (Intel SDM Vol. 1 §10.2.3, §11.5.1):
/// the flag bits are bits 0-5 and the mask bits the same set shifted left by 7.
public struct Exceptions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32

    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// IE: invalid operation (an SNaN operand, or an operation with no defined result).
    @inlinable public static var invalid: Exceptions { Exceptions(rawValue: 1 << 0) }
    /// DE: a denormal operand (not raised with MXCSR.DAZ set).
    @inlinable public static var denormal: Exceptions { Exceptions(rawValue: 1 << 1) }
    /// ZE: a finite nonzero dividend divided by zero.
    @inlinable public static var divideByZero: Exceptions { Exceptions(rawValue: 1 << 2) }
    /// OE: the rounded result is larger than the format's largest finite number.
    @inlinable public static var overflow: Exceptions { Exceptions(rawValue: 1 << 3) }
    /// UE: the result is tiny (and, when masked, inexact or flushed to zero).
    @inlinable public static var underflow: Exceptions { Exceptions(rawValue: 1 << 4) }
    /// PE: the result is inexact.
    @inlinable public static var precision: Exceptions { Exceptions(rawValue: 1 << 5) }

    /// All six.
    @inlinable public static var all: Exceptions { [.invalid, .denormal, .divideByZero, .overflow, .underflow, .precision] }
    /// Detected from the operands before computing (Vol. 1 §11.5.2): unmasked, they stop the
    /// instruction before any result is computed in any lane.
    @inlinable public static var preComputation: Exceptions { [.invalid, .denormal, .divideByZero] }
}
