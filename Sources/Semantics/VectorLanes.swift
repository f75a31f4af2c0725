import X86

/// Lane access on a 256-bit register: elements of 1, 2, 4 or 8 bytes (numbered from the least
/// significant, as the manuals do) and 128-bit halves, so that every vector semantic is written
/// once for all element widths.
extension Vec256 {
    /// Element `index` of `width`, zero-extended.
    public func lane(_ index: Int, _ width: Width) -> UInt64 {
        let bit = index * width.bits
        return width.truncate(self[qword: bit >> 6] >> UInt64(bit & 63))
    }

    /// Replaces element `index` of `width` with the low bits of `value`.
    public mutating func setLane(_ index: Int, _ width: Width, _ value: UInt64) {
        let bit = index * width.bits
        let shift = UInt64(bit & 63)
        let quad = self[qword: bit >> 6]
        self[qword: bit >> 6] = (quad & ~(width.mask << shift)) | (width.truncate(value) << shift)
    }

    /// 128-bit half `index` (0 low, 1 high), in the low half of the result.
    func half(_ index: Int) -> Vec256 {
        index == 0 ? Vec256(q0, q1) : Vec256(q2, q3)
    }

    /// Replaces 128-bit half `index` with the low half of `value`.
    mutating func setHalf(_ index: Int, _ value: Vec256) {
        if index == 0 { (q0, q1) = (value.q0, value.q1) } else { (q2, q3) = (value.q0, value.q1) }
    }

    /// The first `bytes` bytes (16 or 32), the rest cleared.
    func keeping(bytes: Int) -> Vec256 { bytes >= 32 ? self : Vec256(q0, q1) }

    /// A register with every element of `width` in the first `bytes` bytes set to `value`.
    static func broadcast(_ value: UInt64, _ width: Width, bytes: Int) -> Vec256 {
        var result = Vec256.zero
        for index in 0..<bytes / width.bytes { result.setLane(index, width, value) }
        return result
    }

    /// `operation` applied to each pair of elements of `width` in the first `bytes` bytes.
    static func lanewise(_ a: Vec256, _ b: Vec256, _ width: Width, bytes: Int,
                                    _ operation: (UInt64, UInt64) -> UInt64) -> Vec256 {
        var result = Vec256.zero
        for index in 0..<bytes / width.bytes { result.setLane(index, width, operation(a.lane(index, width), b.lane(index, width))) }
        return result
    }

    /// `operation` applied to each element of `width` in the first `bytes` bytes.
    func lanewise(_ width: Width, bytes: Int, _ operation: (UInt64) -> UInt64) -> Vec256 {
        var result = Vec256.zero
        for index in 0..<bytes / width.bytes { result.setLane(index, width, operation(lane(index, width))) }
        return result
    }

    /// Bitwise operations on whole registers.
    static func & (a: Vec256, b: Vec256) -> Vec256 { Vec256(a.q0 & b.q0, a.q1 & b.q1, a.q2 & b.q2, a.q3 & b.q3) }
    static func | (a: Vec256, b: Vec256) -> Vec256 { Vec256(a.q0 | b.q0, a.q1 | b.q1, a.q2 | b.q2, a.q3 | b.q3) }
    static func ^ (a: Vec256, b: Vec256) -> Vec256 { Vec256(a.q0 ^ b.q0, a.q1 ^ b.q1, a.q2 ^ b.q2, a.q3 ^ b.q3) }
    static prefix func ~ (a: Vec256) -> Vec256 { Vec256(~a.q0, ~a.q1, ~a.q2, ~a.q3) }

    /// True when every bit is clear.
    var isZero: Bool { (q0 | q1 | q2 | q3) == 0 }
}

/// Element arithmetic the vector families share: signed views and saturation, for any width.
enum LaneMath {
    /// `value` (an element of `width`) as a signed number.
    static func signed(_ value: UInt64, _ width: Width) -> Int64 { Int64(bitPattern: width.signExtend(value)) }

    /// `value` clamped to the signed range of `width` (for elements narrower than 8 bytes).
    static func saturateSigned(_ value: Int64, _ width: Width) -> UInt64 {
        let maximum = Int64(width.signBit) - 1
        return width.truncate(UInt64(bitPattern: min(max(value, -maximum - 1), maximum)))
    }

    /// `value` clamped to the unsigned range of `width` (for elements narrower than 8 bytes).
    static func saturateUnsigned(_ value: Int64, _ width: Width) -> UInt64 {
        UInt64(min(max(value, 0), Int64(width.mask)))
    }
}
