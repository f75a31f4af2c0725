// Nanoseconds per SoftFloat operation, built by scripts/bench-softfloat.sh: SoftFloat is compiled
// as its own module (-O, whole module) and this file calls it across the module boundary, as
// the model will.
import SoftFloat

/// Operands drawn like a campaign's: mostly normal numbers over the whole exponent range, some
/// zeros, denormals, infinities and NaNs.
func operands<Bits: FixedWidthInteger & UnsignedInteger>(_: Bits.Type, count: Int, seed: UInt64) -> [Bits] {
    var state = seed
    return (0..<count).map { _ in
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Bits(truncatingIfNeeded: z ^ (z >> 31))
    }
}

let count = 4096
let iterations = 4_000_000
let environment = FloatEnvironment(mxcsr: 0x1F80)
let a32 = operands(UInt32.self, count: count, seed: 1), b32 = operands(UInt32.self, count: count, seed: 2)
let c32 = operands(UInt32.self, count: count, seed: 3)
let a64 = operands(UInt64.self, count: count, seed: 4), b64 = operands(UInt64.self, count: count, seed: 5)
let c64 = operands(UInt64.self, count: count, seed: 6)

/// The benchmarks whose names contain the first argument, or all.
let filter = CommandLine.arguments.dropFirst().first ?? ""

/// Runs `body` for every iteration index and prints the time per call.
@inline(never)
func measure(_ name: String, _ body: (Int) -> UInt64) {
    guard filter.isEmpty || name.contains(filter) else { return }
    var checksum: UInt64 = 0
    let clock = ContinuousClock()
    let start = clock.now
    for index in 0..<iterations { checksum &+= body(index & (count - 1)) }
    let elapsed = clock.now - start
    let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
    let tenths = nanoseconds * 10 / Int64(iterations)
    let label = name + String(repeating: " ", count: max(0, 34 - name.count))
    print("\(label) \(tenths / 10).\(tenths % 10) ns   (checksum \(String((checksum ^ checksum >> 32) & 0xFFFF, radix: 16)))")
}

measure("binary32 add") { UInt64(Binary32.add(a32[$0], b32[$0], environment).bits) }
measure("binary32 multiply") { UInt64(Binary32.multiply(a32[$0], b32[$0], environment).bits) }
measure("binary32 divide") { UInt64(Binary32.divide(a32[$0], b32[$0], environment).bits) }
measure("binary32 square root") { UInt64(Binary32.squareRoot(a32[$0], environment).bits) }
measure("binary32 fused multiply-add") { UInt64(Binary32.fusedMultiplyAdd(a32[$0], b32[$0], c32[$0], environment).bits) }
measure("binary32 minimum") { UInt64(Binary32.minimum(a32[$0], b32[$0], environment).bits) }
measure("binary32 compare") { Binary32.compare(a32[$0], b32[$0], signaling: false, environment).ordering == .less ? 1 : 0 }
measure("binary32 -> binary64") { Binary64.convert(a32[$0], from: Binary32.self, environment).bits }
measure("binary32 -> int32") { UInt64(Binary32.convertToInt32(a32[$0], truncating: false, environment).bits) }
measure("binary32 round to integral") { UInt64(Binary32.roundToIntegral(a32[$0], immediate: 0, environment).bits) }
measure("binary32 -> binary16") { UInt64(Binary16.narrow(a32[$0], immediate: 0, environment).bits) }
measure("binary64 add") { Binary64.add(a64[$0], b64[$0], environment).bits }
measure("binary64 multiply") { Binary64.multiply(a64[$0], b64[$0], environment).bits }
measure("binary64 divide") { Binary64.divide(a64[$0], b64[$0], environment).bits }
measure("binary64 square root") { Binary64.squareRoot(a64[$0], environment).bits }
measure("binary64 fused multiply-add") { Binary64.fusedMultiplyAdd(a64[$0], b64[$0], c64[$0], environment).bits }
measure("8 × binary32 add + MXCSR merge") { index in
    var raised: Exceptions = []
    var sum: UInt64 = 0
    for lane in 0..<8 {
        let result = Binary32.add(a32[(index + lane) & (count - 1)], b32[(index + lane) & (count - 1)], environment)
        raised.formUnion(result.exceptions)
        sum &+= UInt64(result.bits)
    }
    return sum &+ UInt64(environment.recorded(raised).rawValue)
}

// The x87's 80-bit layer: operands with random exponents near 0 and random significands
// (integer bit set), under the default control word; the transcendental references.
let extendedA = operands(UInt64.self, count: count, seed: 7).map { Extended(signExponent: UInt16(0x3FC0 + $0 % 128), significand: $0 | 1 << 63) }
let extendedB = operands(UInt64.self, count: count, seed: 8).map { Extended(signExponent: UInt16(0x3FC0 + $0 % 128), significand: $0 | 1 << 63) }
let x87 = ExtendedEnvironment()
measure("extended add") { Extended.add(extendedA[$0], extendedB[$0], x87).value!.significand }
measure("extended multiply") { Extended.multiply(extendedA[$0], extendedB[$0], x87).value!.significand }
measure("extended divide") { Extended.divide(extendedA[$0], extendedB[$0], x87).value!.significand }
measure("extended square root") { Extended.squareRoot(extendedA[$0], x87).value!.significand }
measure("extended -> binary64") { Extended.narrowed(extendedA[$0], to: Binary64.self, x87).bits ?? 0 }
measure("extended partial remainder") { Extended.remainder(extendedA[$0], extendedB[$0], nearest: false, x87).result.value!.significand }
measure("extended sine and cosine (reference)") { Extended.sineAndCosine(extendedA[$0]).sine.rounded(x87).value!.significand }
measure("extended y log2 x (reference)") { Extended.yLogTwoX(extendedA[$0], extendedB[$0]).rounded(x87).value!.significand }
