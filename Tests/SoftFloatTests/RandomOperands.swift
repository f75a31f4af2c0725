import SoftFloat
import X86

/// Random sources for a `FloatOperation`, drawn mostly from the classes where floating point has
/// its rules (zeros, infinities, NaNs with payloads, denormals, the ends of the exponent range,
/// halfway and integral values) and from pairs built to cancel or to round at a tie.
struct RandomOperands {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(state: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// A number in 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// An MXCSR with a random rounding mode, DAZ and FZ, and either every exception masked or
    /// a random set unmasked.
    mutating func mxcsr() -> UInt32 {
        var value = UInt32(below(4)) << 13
        if below(3) == 0 { value |= 1 << 6 }
        if below(3) == 0 { value |= 1 << 15 }
        let masks: UInt32 = below(2) == 0 ? 0x3F : UInt32(truncatingIfNeeded: next()) & UInt32(truncatingIfNeeded: next()) | UInt32(truncatingIfNeeded: next()) & 0x3F
        return value | (masks & 0x3F) << 7
    }

    /// The sources of one case of `operation`.
    mutating func sources(for operation: FloatOperation) -> [UInt64] {
        var values = operation.sources.map { value(of: $0.kind) }
        if let roles = operation.roles, below(3) == 0 {
            values[roles.c] = cancelling(values[roles.a], values[roles.b], kind: operation.sources[roles.c].kind)
            return values
        }
        guard values.count >= 2, below(3) == 0, let layout = Self.layout(of: operation.sources[0].kind) else { return values }
        // Relate a second source to the first: equal, negated, an ulp away, or the same
        // significand at a nearby exponent, for cancellation and ties.
        let first = values[0]
        let other = 1 + below(values.count - 1)
        switch below(4) {
        case 0: values[other] = first
        case 1: values[other] = first ^ layout.sign
        case 2: values[other] = (below(2) == 0 ? first &+ 1 : first &- 1) & layout.all
        default:
            let shift = UInt64(below(layout.fractionBits + 4)) << UInt64(layout.fractionBits)
            values[other] = ((below(2) == 0 ? first &+ shift : first &- shift) ^ (below(2) == 0 ? layout.sign : 0)) & layout.all
        }
        return values
    }

    /// An addend close to -(a × b): the product rounded in a random mode, negated, and moved by
    /// up to an ulp, so that a × b + c cancels most of its bits.
    private mutating func cancelling(_ a: UInt64, _ b: UInt64, kind: FloatOperation.Kind) -> UInt64 {
        let environment = FloatEnvironment(rounding: RoundingMode(rawValue: UInt8(below(4)))!)
        let product = kind == .binary64
            ? Binary64.multiply(a, b, environment).bits ^ 1 << 63
            : UInt64(Binary32.multiply(UInt32(a), UInt32(b), environment).bits ^ 1 << 31)
        let mask: UInt64 = kind == .binary64 ? .max : 0xFFFF_FFFF
        return [product, product &+ 1, product &- 1][below(3)] & mask
    }

    private struct Layout {
        let exponentBits: Int
        let fractionBits: Int
        var sign: UInt64 { 1 << UInt64(exponentBits + fractionBits) }
        var all: UInt64 { sign | (sign - 1) }
        var fractionMask: UInt64 { (1 << UInt64(fractionBits)) - 1 }
        var maxBiased: UInt64 { (1 << UInt64(exponentBits)) - 1 }
        var bias: UInt64 { maxBiased >> 1 }
    }

    private static func layout(of kind: FloatOperation.Kind) -> Layout? {
        switch kind {
        case .binary16: Layout(exponentBits: 5, fractionBits: 10)
        case .binary32: Layout(exponentBits: 8, fractionBits: 23)
        case .binary64: Layout(exponentBits: 11, fractionBits: 52)
        case .int32, .int64: nil
        }
    }

    mutating func value(of kind: FloatOperation.Kind) -> UInt64 {
        switch kind {
        case .int32: UInt64(UInt32(truncatingIfNeeded: integer(bits: 32)))
        case .int64: integer(bits: 64)
        default: float(Self.layout(of: kind)!)
        }
    }

    /// A two's-complement integer of `bits`: an edge, or a random magnitude of random length.
    private mutating func integer(bits: Int) -> UInt64 {
        let top: UInt64 = 1 << UInt64(bits - 1)
        switch below(8) {
        case 0: return [0, 1, UInt64.max, top, top - 1, top + 1][below(6)]
        default:
            let length = 1 + below(bits)
            var magnitude = length == 64 ? next() : next() & ((1 << UInt64(length)) - 1)
            if length > 25, below(2) == 0 {
                // Make the bits a binary32 or binary64 result drops exactly a half.
                let dropped = length - (below(2) == 0 ? 24 : 53)
                if dropped > 0 {
                    let shift = UInt64(dropped)
                    magnitude = (magnitude >> shift) << shift | 1 << (shift - 1)
                }
            }
            return below(2) == 0 ? magnitude : 0 &- magnitude
        }
    }

    /// A fraction with few bits set, many set, or random ones.
    private mutating func fraction(_ layout: Layout) -> UInt64 {
        let mask = layout.fractionMask
        switch below(6) {
        case 0: return (next() & next() & next()) & mask
        case 1: return (next() | next() | next()) & mask
        case 2: return (1 << UInt64(below(layout.fractionBits))) | (below(2) == 0 ? 0 : next() & 0xF)
        case 3: return 0
        default: return next() & mask
        }
    }

    private mutating func float(_ layout: Layout) -> UInt64 {
        let sign = below(2) == 0 ? 0 : layout.sign
        let max = layout.maxBiased, bits = UInt64(layout.fractionBits), mask = layout.fractionMask
        var exponent: UInt64
        var fraction = fraction(layout)
        switch below(20) {
        case 0: return sign
        case 1: return sign | max << bits
        case 2: return sign | max << bits | 1 << (bits - 1) | (next() & mask)
        case 3: return sign | max << bits | Swift.max(1, next() & (mask >> 1))
        case 4: exponent = 0; if fraction == 0 { fraction = 1 }
        case 5: exponent = 0; fraction = below(2) == 0 ? 1 : mask
        case 6: exponent = below(2) == 0 ? 1 : max - 1; fraction = [0, mask, fraction][below(3)]
        case 7: exponent = layout.bias - 2 + UInt64(below(5))
        case 8: exponent = 1 + UInt64(below(layout.fractionBits + 3))
        case 9: exponent = max - 1 - UInt64(below(layout.fractionBits + 3))
        case 10: exponent = layout.bias + UInt64(below(66)); if exponent >= max { exponent = max - 1 }
        default: exponent = 1 + next() % (max - 1)
        }
        return sign | exponent << bits | fraction
    }
}
