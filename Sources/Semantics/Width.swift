/// An operand width, 1, 2, 4 or 8 bytes, with the masks that width-generic semantics need.
public struct Width: Sendable, Hashable {
    public let bytes: Int

    public init(bytes: Int) {
        precondition(Width.isIntegerSize(bytes), "an integer operand is 1, 2, 4 or 8 bytes, not \(bytes)")
        self.bytes = bytes
    }

    /// True for 1, 2, 4 and 8 (a power of two up to 8).
    @inlinable
    public static func isIntegerSize(_ bytes: Int) -> Bool { bytes > 0 && bytes <= 8 && bytes & (bytes - 1) == 0 }

    public static let byte = Width(bytes: 1)
    public static let word = Width(bytes: 2)
    public static let dword = Width(bytes: 4)
    public static let qword = Width(bytes: 8)

    @inlinable public var bits: Int { bytes * 8 }
    /// All bits of the width set.
    @inlinable public var mask: UInt64 { bytes == 8 ? .max : (1 << UInt64(bits)) - 1 }
    /// The most significant bit of the width.
    @inlinable public var signBit: UInt64 { 1 << UInt64(bits - 1) }

    /// `value` cut to the width.
    @inlinable public func truncate(_ value: UInt64) -> UInt64 { value & mask }

    /// `value` (of this width) sign-extended to 64 bits.
    @inlinable public func signExtend(_ value: UInt64) -> UInt64 {
        let shift = UInt64(64 - bits)
        return UInt64(bitPattern: Int64(bitPattern: value << shift) >> shift)
    }

    /// True when the sign bit of `value` is set.
    @inlinable public func isNegative(_ value: UInt64) -> Bool { value & signBit != 0 }
}
