/// A binary interchange format the SSE/AVX units compute in (Intel SDM Vol. 1 §4.2.2, Table 4-3;
/// binary16 is F16C's half precision, §14.4.1): the raw bits and the widths of the fields.
///
/// The operations are static functions on the format (`Binary32.add(a, b, environment)`); they
/// take and return bit patterns and never touch the host's floating point.
public protocol FloatFormat {
    /// The unsigned integer that holds one value.
    associatedtype Bits: FixedWidthInteger & UnsignedInteger & Sendable
    /// The widths of the exponent and fraction fields.
    static var layout: FormatLayout { get }
}

/// IEEE 754 binary16 (F16C's half precision): 5 exponent bits, 10 fraction bits.
public enum Binary16: FloatFormat {
    public typealias Bits = UInt16
    @inlinable @inline(__always) public static var layout: FormatLayout { FormatLayout(exponentBits: 5, fractionBits: 10) }
}

/// IEEE 754 binary32 (single precision): 8 exponent bits, 23 fraction bits.
public enum Binary32: FloatFormat {
    public typealias Bits = UInt32
    @inlinable @inline(__always) public static var layout: FormatLayout { FormatLayout(exponentBits: 8, fractionBits: 23) }
}

/// IEEE 754 binary64 (double precision): 11 exponent bits, 52 fraction bits.
public enum Binary64: FloatFormat {
    public typealias Bits = UInt64
    @inlinable @inline(__always) public static var layout: FormatLayout { FormatLayout(exponentBits: 11, fractionBits: 52) }
}

/// The field widths of a format with an implicit leading significand bit, and the constants that
/// follow from them. The operations are generic over the format and inlinable, so a caller gets
/// them specialized with these constants folded; inside, a format's bits travel zero-extended to
/// 64 bits.
public struct FormatLayout: Sendable, Hashable {
    public let exponentBits: Int
    public let fractionBits: Int

    @inlinable
    public init(exponentBits: Int, fractionBits: Int) {
        self.exponentBits = exponentBits
        self.fractionBits = fractionBits
    }

    /// Significand bits including the implicit one.
    @inlinable @inline(__always) var precision: Int { fractionBits + 1 }
    @inlinable @inline(__always) var bias: Int { (1 << (exponentBits - 1)) - 1 }
    /// The exponent of the smallest normal number (1 - bias).
    @inlinable @inline(__always) var minExponent: Int { 1 - bias }
    /// The exponent of the largest finite number (bias).
    @inlinable @inline(__always) var maxExponent: Int { bias }
    @inlinable @inline(__always) var biasedExponentMask: UInt64 { (1 << UInt64(exponentBits)) - 1 }
    @inlinable @inline(__always) var fractionMask: UInt64 { (1 << UInt64(fractionBits)) - 1 }
    @inlinable @inline(__always) var signBit: UInt64 { 1 << UInt64(exponentBits + fractionBits) }
    @inlinable @inline(__always) var quietBit: UInt64 { 1 << UInt64(fractionBits - 1) }
    @inlinable @inline(__always) var infinity: UInt64 { biasedExponentMask << UInt64(fractionBits) }
    @inlinable @inline(__always) var largestFinite: UInt64 { infinity - 1 }
}
