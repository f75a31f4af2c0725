import Foundation
import Sandbox
import SoftFloat
import Testing
import TestSupport
import X86

/// The 80-bit layer: values worked out by hand from the manual, and the layer against the CPU on
/// random operands of every class under every rounding and precision control.
/// `EXTENDED_RANDOM_CASES` sets the cases per operation (default 3000), `SOFTFLOAT_SEED` the seed.
/// Checked on AMD Zen 3 (family 19h model 01h) with seeds 1-3 (docs/PLATFORM.md lists the counts);
/// none differ.
struct ExtendedTests {
    static func value(_ signExponent: UInt16, _ significand: UInt64) -> Extended {
        Extended(signExponent: signExponent, significand: significand)
    }

    static let one = value(0x3FFF, 0x8000_0000_0000_0000)

    @Test func classifiesEveryEncoding() {
        #expect(Self.value(0, 0).kind == .zero)
        #expect(Self.value(0, 1).kind == .denormal)
        #expect(Self.value(0x8000, 0x8000_0000_0000_0001).kind == .pseudoDenormal)
        #expect(Self.one.kind == .normal)
        #expect(Self.value(0x3FFF, 0x4000_0000_0000_0000).kind == .unnormal)
        #expect(Self.value(0x7FFF, 0x8000_0000_0000_0000).kind == .infinity)
        #expect(Self.value(0x7FFF, 0).kind == .pseudoInfinity)
        #expect(Self.value(0x7FFF, 0xC000_0000_0000_0001).kind == .quietNaN)
        #expect(Self.value(0x7FFF, 0x8000_0000_0000_0001).kind == .signalingNaN)
        #expect(Self.value(0x7FFF, 0x4000_0000_0000_0000).kind == .pseudoNaN)
        #expect(ExtendedEnvironment(fcw: 0x017F) == nil, "precision control 01b is reserved")
        #expect(ExtendedEnvironment(fcw: 0x0C7F) == ExtendedEnvironment(rounding: .towardZero, precision: .single))
    }

    /// Ties go to even at the precision control's width; C1 says the magnitude went up.
    @Test func roundsToThePrecisionControl() {
        let tie = Self.value(0x3FBF, 0x8000_0000_0000_0000)   // 2^-64: half a unit of 1.0's last bit
        let sum = Extended.add(Self.one, tie, ExtendedEnvironment())
        #expect(sum == ExtendedResult(value: Self.one, exceptions: .precision, roundedUp: false))
        let odd = Self.value(0x3FFF, 0x8000_0000_0000_0001)
        #expect(Extended.add(odd, tie, ExtendedEnvironment())
            == ExtendedResult(value: Self.value(0x3FFF, 0x8000_0000_0000_0002), exceptions: .precision, roundedUp: true))
        let three = Self.value(0x4000, 0xC000_0000_0000_0000)
        let third = Extended.divide(Self.one, three, ExtendedEnvironment(precision: .single))
        #expect(third == ExtendedResult(value: Self.value(0x3FFD, 0xAAAA_AB00_0000_0000), exceptions: .precision, roundedUp: true))
        let two = Self.value(0x4000, 0x8000_0000_0000_0000)
        #expect(Extended.squareRoot(two, ExtendedEnvironment())
            == ExtendedResult(value: Self.value(0x3FFF, 0xB504_F333_F9DE_6484), exceptions: .precision, roundedUp: false))
    }

    /// sin and cos of 1 are the correctly rounded values; of 2^40 the values of 2^40 * pi / pi66
    /// (mpmath at 300 bits), not of 2^40 (0xBFFDCFB89138B6AEC68E). Ulp distances step over a
    /// power of two and refuse values of different signs.
    @Test func referenceTrigonometryReducesWithPi66() {
        let (sine, cosine) = Extended.sineAndCosine(Self.one)
        #expect(sine.rounded(ExtendedEnvironment()).value == Self.value(0x3FFE, 0xD76A_A478_4867_7021))
        #expect(cosine.rounded(ExtendedEnvironment()).value == Self.value(0x3FFE, 0x8A51_407D_A834_5C92))
        let large = Extended.sineAndCosine(Self.value(0x4027, 0x8000_0000_0000_0000)).sine
        #expect(large.rounded(ExtendedEnvironment()).value == Self.value(0xBFFD, 0xCFB8_9143_D3C6_3219))
        #expect(Self.value(0x3FFF, 0x8000_0000_0000_0000).ulpDistance(to: Self.value(0x3FFE, 0xFFFF_FFFF_FFFF_FFFF)) == 1)
        #expect(Self.one.ulpDistance(to: Self.value(0xBFFF, 0x8000_0000_0000_0000)) == nil)
        #expect(Extended.zero(negative: true).ulpDistance(to: Self.value(0, 1)) == 1)
    }

    /// Masked responses of Vol. 1 §8.5: the indefinite, infinity or the largest number by the
    /// rounding direction, denormals, and -0 kept by FSQRT.
    @Test func givesTheMaskedResponses() {
        let infinity = Extended.infinity(negative: false)
        #expect(Extended.subtract(infinity, infinity, ExtendedEnvironment()) == ExtendedResult(value: .indefinite, exceptions: .invalid))
        #expect(Extended.squareRoot(.zero(negative: true), ExtendedEnvironment()) == ExtendedResult(value: .zero(negative: true)))
        let largest = Self.value(0x7FFE, 0xFFFF_FFFF_FFFF_FFFF)
        #expect(Extended.add(largest, largest, ExtendedEnvironment())
            == ExtendedResult(value: infinity, exceptions: [.overflow, .precision], roundedUp: true))
        #expect(Extended.add(largest, largest, ExtendedEnvironment(rounding: .towardZero))
            == ExtendedResult(value: largest, exceptions: [.overflow, .precision], roundedUp: false))
        let smallestNormal = Self.value(0x0001, 0x8000_0000_0000_0000)
        let half = Self.value(0x3FFE, 0x8000_0000_0000_0000)
        #expect(Extended.multiply(smallestNormal, half, ExtendedEnvironment())
            == ExtendedResult(value: Self.value(0, 0x4000_0000_0000_0000)))
        #expect(Extended.divide(Self.one, .zero(negative: true), ExtendedEnvironment())
            == ExtendedResult(value: .infinity(negative: true), exceptions: .divideByZero))
    }

    /// FADD, FSUB, FMUL and FDIV of st0 and st1 into st0, and FSQRT of st0.
    enum Operation: String, CaseIterable {
        case add, subtract, multiply, divide, squareRoot

        var bytes: [UInt8] {
            switch self {
            case .add: [0xD8, 0xC1]
            case .subtract: [0xD8, 0xE1]
            case .multiply: [0xD8, 0xC9]
            case .divide: [0xD8, 0xF1]
            case .squareRoot: [0xD9, 0xFA]
            }
        }

        func predicted(_ a: Extended, _ b: Extended, _ environment: ExtendedEnvironment) -> ExtendedResult {
            switch self {
            case .add: Extended.add(a, b, environment)
            case .subtract: Extended.subtract(a, b, environment)
            case .multiply: Extended.multiply(a, b, environment)
            case .divide: Extended.divide(a, b, environment)
            case .squareRoot: Extended.squareRoot(a, environment)
            }
        }
    }

    static let casesPerOperation = ProcessInfo.processInfo.environment["EXTENDED_RANDOM_CASES"].flatMap { Int($0) } ?? 3000
    static let seed = ProcessInfo.processInfo.environment["SOFTFLOAT_SEED"].flatMap { UInt64($0) } ?? 1

    /// The CPU's flags (FSW bits 0-5), C1 and st0 against the layer's; st0 unchanged where the
    /// layer gives no value. C0, C2 and C3 are undefined after these instructions (Vol. 2A, FADD).
    @Test(.needsAMDZen) func layerAgreesWithTheCPU() throws {
        let sandbox = try Sandbox()
        var failures = 0
        for (index, operation) in Operation.allCases.enumerated() {
            var random = ExtendedOperands(seed: Self.seed &* 0x3_0000_0005 &+ UInt64(index))
            var mismatches: [String] = []
            for _ in 0..<Self.casesPerOperation {
                let fcw = random.fcw()
                let a = random.operand()
                let b = random.operand(near: a)
                var state = MachineState.defaults
                state.vector.fcw = fcw
                state.vector.fsw = 0
                state.vector.ftw = 0x03
                state.vector.st[0] = X87Register(significand: a.significand, signExponent: a.signExponent)
                state.vector.st[1] = X87Register(significand: b.significand, signExponent: b.signExponent)
                let outcome = try sandbox.run(operation.bytes, from: state)
                let vector = try #require(outcome.vector)
                let cpu = ExtendedResult(value: Extended(signExponent: vector.st[0].signExponent, significand: vector.st[0].significand),
                                         exceptions: Exceptions(rawValue: UInt32(vector.fsw & 0x3F)), roundedUp: vector.fsw & 0x200 != 0)
                var layer = operation.predicted(a, b, ExtendedEnvironment(fcw: fcw)!)
                if layer.value == nil { layer.value = a }
                if outcome.exception != nil || cpu != layer || vector.fsw & 0x40 != 0 {
                    mismatches.append("fcw \(String(fcw, radix: 16)) \(a) \(b) -> cpu \(cpu.value.map { "\($0)" } ?? "-") "
                        + "flags \(String(cpu.exceptions.rawValue, radix: 16)) C1 \(cpu.roundedUp) \(outcome.exception.map { "\($0)" } ?? "")"
                        + " | layer \(layer.value.map { "\($0)" } ?? "-") flags \(String(layer.exceptions.rawValue, radix: 16)) C1 \(layer.roundedUp)")
                }
            }
            failures += mismatches.count
            Self.expectNone(mismatches, of: Self.casesPerOperation, "\(operation.rawValue): ")
        }
        print("Extended randomized: \(Operation.allCases.count) operations × \(Self.casesPerOperation) cases, \(failures) differ")
    }
}

extension ExtendedTests {
    /// FST m32/m64 of a random operand of every class, with exponents around the narrow formats'
    /// ranges, under every rounding control and random masks: the stored bits (none where the
    /// layer stores none), the flags and C1.
    @Test(.needsAMDZen) func storesAgreeWithTheCPU() throws {
        let sandbox = try Sandbox()
        var random = ExtendedOperands(seed: Self.seed &* 0x5_0000_0007)
        var mismatches: [String] = []
        for index in 0..<(2 * Self.casesPerOperation) {
            let double = index & 1 == 1
            let fcw = random.fcw()
            let value = random.below(2) == 0 ? random.operand() : random.operand(aroundExponent: double ? 1023 : 127)
            let width = double ? 8 : 4
            let state = Self.state(fcw: fcw, value, memory: [UInt8](repeating: 0xA5, count: width))
            let outcome = try sandbox.run(double ? [0xDD, 0x14, 0x24] : [0xD9, 0x14, 0x24], from: state)
            let environment = ExtendedEnvironment(fcw: fcw)!
            let layer: (bits: UInt128?, exceptions: Exceptions, roundedUp: Bool) = double
                ? { let r = Extended.narrowed(value, to: Binary64.self, environment); return (r.bits.map { UInt128($0) }, r.exceptions, r.roundedUp) }()
                : { let r = Extended.narrowed(value, to: Binary32.self, environment); return (r.bits.map { UInt128($0) }, r.exceptions, r.roundedUp) }()
            if let mismatch = try Self.storeMismatch("\(double ? "m64" : "m32") fcw \(String(fcw, radix: 16)) \(value)", outcome,
                                                     stored: Self.stored(outcome, at: state.gpr[.rsp], width: width), layer: layer) {
                mismatches.append(mismatch)
            }
        }
        Self.expectNone(mismatches, of: 2 * Self.casesPerOperation)
    }

    /// FLD m32/m64 of random bits of every class: the pushed value (no push where the layer
    /// gives none), the flags.
    @Test(.needsAMDZen) func loadsAgreeWithTheCPU() throws {
        let sandbox = try Sandbox()
        var random = ExtendedOperands(seed: Self.seed &* 0x7_0000_000B)
        var mismatches: [String] = []
        for index in 0..<(2 * Self.casesPerOperation) {
            let double = index & 1 == 1
            let masks: UInt16 = random.below(4) == 0 ? UInt16(random.below(64)) : 0x3F
            let bits = random.formatBits(double ? Binary64.layout : Binary32.layout)
            var state = MachineState.defaults
            state.vector.fcw = 0x0340 | masks
            state.vector.fsw = 0
            state.vector.ftw = 0
            state.memoryPatches = [MemoryRun(address: state.gpr[.rsp], bytes: (0..<(double ? 8 : 4)).map { UInt8(truncatingIfNeeded: bits >> (8 * $0)) })]
            let outcome = try sandbox.run(double ? [0xDD, 0x04, 0x24] : [0xD9, 0x04, 0x24], from: state)
            let vector = try #require(outcome.vector)
            let pushed = vector.fsw >> 11 & 7 == 7
            let cpu = ExtendedResult(value: pushed ? Extended(signExponent: vector.st[0].signExponent, significand: vector.st[0].significand) : nil,
                                     exceptions: Exceptions(rawValue: UInt32(vector.fsw & 0x3F)), roundedUp: vector.fsw & 0x200 != 0)
            let layer = double ? Extended.load(bits, Binary64.self, masks: Exceptions(rawValue: UInt32(masks)))
                               : Extended.load(UInt32(truncatingIfNeeded: bits), Binary32.self, masks: Exceptions(rawValue: UInt32(masks)))
            if outcome.exception != nil || cpu != layer {
                mismatches.append("\(double ? "m64" : "m32") masks \(String(masks, radix: 16)) \(String(bits, radix: 16)) -> cpu \(cpu) | layer \(layer)")
            }
        }
        Self.expectNone(mismatches, of: 2 * Self.casesPerOperation)
    }
}

extension ExtendedTests {
    /// A case with st0 and st1 set (TOP 0, both tagged valid, the rest empty) and `memory` at RSP.
    static func state(fcw: UInt16, _ st0: Extended, _ st1: Extended? = nil, memory: [UInt8] = []) -> MachineState {
        var state = MachineState.defaults
        state.vector.fcw = fcw
        state.vector.fsw = 0
        state.vector.ftw = st1 == nil ? 0x01 : 0x03
        state.vector.st[0] = X87Register(significand: st0.significand, signExponent: st0.signExponent)
        if let st1 { state.vector.st[1] = X87Register(significand: st1.significand, signExponent: st1.signExponent) }
        if !memory.isEmpty { state.memoryPatches = [MemoryRun(address: state.gpr[.rsp], bytes: memory)] }
        return state
    }

    /// The `width` bytes at `address` after a store over the pattern 0xA5: the outcome lists only
    /// the bytes that changed, and a store of exactly the pattern (which no random operand gives)
    /// reads as no store (nil).
    static func stored(_ outcome: Outcome, at address: UInt64, width: Int) -> UInt128? {
        var bytes = [UInt8](repeating: 0xA5, count: width)
        for run in outcome.memoryWrites {
            for (offset, byte) in run.bytes.enumerated() where (address..<address + UInt64(width)).contains(run.address + UInt64(offset)) {
                bytes[Int(run.address + UInt64(offset) - address)] = byte
            }
        }
        return bytes.allSatisfy { $0 == 0xA5 } ? nil : bytes.reversed().reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }

    /// A store's stored bits (nil: none), flags and C1 against the layer's, described when they differ.
    static func storeMismatch(_ what: String, _ outcome: Outcome, stored: UInt128?,
                              layer: (bits: UInt128?, exceptions: Exceptions, roundedUp: Bool)) throws -> String? {
        let fsw = try #require(outcome.vector).fsw
        guard outcome.exception != nil || stored != layer.bits || UInt32(fsw & 0x3F) != layer.exceptions.rawValue
                || (fsw & 0x200 != 0) != layer.roundedUp else { return nil }
        return "\(what) -> cpu \(stored.map { String($0, radix: 16) } ?? "-") fsw \(String(fsw, radix: 16)) "
            + "| layer \(layer.bits.map { String($0, radix: 16) } ?? "-") flags \(String(layer.exceptions.rawValue, radix: 16)) C1 \(layer.roundedUp)"
    }

    /// Fails with the first few mismatches, and how many there were of `cases`.
    static func expectNone(_ mismatches: [String], of cases: Int, _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
        let shown = mismatches.prefix(16).joined(separator: "\n")
        #expect(mismatches.isEmpty, "\(label)\(mismatches.count) of \(cases) differ:\n\(shown)", sourceLocation: sourceLocation)
    }

    /// FIST m16/m32, FISTP m64 and FISTTP m16/m32/m64 of random operands around each range's
    /// edges: the stored integer (none where the layer stores none), the flags and C1.
    @Test(.needsAMDZen) func integerStoresAgreeWithTheCPU() throws {
        let sandbox = try Sandbox()
        let forms: [(name: String, bytes: [UInt8], width: Int, truncating: Bool)] = [
            ("fist m16", [0xDF, 0x14, 0x24], 2, false), ("fist m32", [0xDB, 0x14, 0x24], 4, false),
            ("fistp m64", [0xDF, 0x3C, 0x24], 8, false), ("fisttp m16", [0xDF, 0x0C, 0x24], 2, true),
            ("fisttp m32", [0xDB, 0x0C, 0x24], 4, true), ("fisttp m64", [0xDD, 0x0C, 0x24], 8, true),
        ]
        var random = ExtendedOperands(seed: Self.seed &* 0xB_0000_000D)
        var mismatches: [String] = []
        for index in 0..<(3 * Self.casesPerOperation) {
            let form = forms[index % forms.count]
            let fcw = random.fcw()
            let value = random.below(3) == 0 ? random.operand() : random.operand(aroundExponent: form.width * 8 - 1)
            let state = Self.state(fcw: fcw, value, memory: [UInt8](repeating: 0xA5, count: form.width))
            let outcome = try sandbox.run(form.bytes, from: state)
            let environment = ExtendedEnvironment(fcw: fcw)!
            let layer: (bits: UInt128?, exceptions: Exceptions, roundedUp: Bool) = switch form.width {
            case 2: { let r = Extended.integer(value, Int16.self, truncating: form.truncating, environment)
                      return (r.value.map { UInt128(UInt16(bitPattern: $0)) }, r.exceptions, r.roundedUp) }()
            case 4: { let r = Extended.integer(value, Int32.self, truncating: form.truncating, environment)
                      return (r.value.map { UInt128(UInt32(bitPattern: $0)) }, r.exceptions, r.roundedUp) }()
            default: { let r = Extended.integer(value, Int64.self, truncating: form.truncating, environment)
                       return (r.value.map { UInt128(UInt64(bitPattern: $0)) }, r.exceptions, r.roundedUp) }()
            }
            if let mismatch = try Self.storeMismatch("\(form.name) fcw \(String(fcw, radix: 16)) \(value)", outcome,
                                                     stored: Self.stored(outcome, at: state.gpr[.rsp], width: form.width), layer: layer) {
                mismatches.append(mismatch)
            }
        }
        Self.expectNone(mismatches, of: 3 * Self.casesPerOperation)
    }

    /// FILD m16/m32/m64 of random integers, FRNDINT, FCOM and FUCOM st(1), and FXAM: st0, the
    /// flags, C1 and the condition codes each defines.
    @Test(.needsAMDZen) func integralCompareAndExamineAgreeWithTheCPU() throws {
        let sandbox = try Sandbox()
        var random = ExtendedOperands(seed: Self.seed &* 0xD_0000_0011)
        var mismatches: [String] = []
        func conditions(_ fsw: UInt16) -> String {
            "C3 \(fsw >> 14 & 1) C2 \(fsw >> 10 & 1) C1 \(fsw >> 9 & 1) C0 \(fsw >> 8 & 1) flags \(String(fsw & 0x3F, radix: 16))"
        }
        func record(_ what: String, cpu: String, layer: String) {
            if cpu != layer { mismatches.append("\(what) -> cpu \(cpu) | layer \(layer)") }
        }
        for _ in 0..<Self.casesPerOperation {
            // FILD: the pushed value (physical register 7 after the push).
            let integer = Int64(bitPattern: random.next() >> random.below(64))
            let width = [2, 4, 8][Int(random.below(3))]
            var state = Self.state(fcw: 0x037F, .zero(negative: false), memory: (0..<width).map { UInt8(truncatingIfNeeded: integer >> (8 * $0)) })
            state.vector.ftw = 0
            let fild: [UInt8] = width == 2 ? [0xDF, 0x04, 0x24] : width == 4 ? [0xDB, 0x04, 0x24] : [0xDF, 0x2C, 0x24]
            let loaded = try #require(try sandbox.run(fild, from: state).vector)
            let expected = width == 2 ? Extended.fromInteger(Int16(truncatingIfNeeded: integer))
                : width == 4 ? Extended.fromInteger(Int32(truncatingIfNeeded: integer)) : Extended.fromInteger(integer)
            record("fild m\(8 * width) \(integer)", cpu: "\(Extended(signExponent: loaded.st[0].signExponent, significand: loaded.st[0].significand))",
                   layer: "\(expected)")

            let fcw = random.fcw()
            let environment = ExtendedEnvironment(fcw: fcw)!
            let a = random.below(2) == 0 ? random.operand() : random.operand(aroundExponent: 63)
            let b = random.operand(near: a)
            // FRNDINT
            let rounded = try #require(try sandbox.run([0xD9, 0xFC], from: Self.state(fcw: fcw, a)).vector)
            let layer = Extended.roundToIntegral(a, environment)
            let st0 = Extended(signExponent: rounded.st[0].signExponent, significand: rounded.st[0].significand)
            record("frndint fcw \(String(fcw, radix: 16)) \(a)", cpu: "\(st0) flags \(String(rounded.fsw & 0x3F, radix: 16)) C1 \(rounded.fsw >> 9 & 1)",
                   layer: "\(layer.value ?? a) flags \(String(layer.exceptions.rawValue, radix: 16)) C1 \(layer.roundedUp ? 1 : 0)")
            // FCOM, FUCOM
            for (name, bytes, quiet) in [("fcom", [UInt8(0xD8), 0xD1], false), ("fucom", [UInt8(0xDD), 0xE1], true)] {
                let compared = try #require(try sandbox.run(bytes, from: Self.state(fcw: fcw, a, b)).vector)
                let (ordering, exceptions) = Extended.compare(a, b, quiet: quiet)
                let codes: UInt16 = switch ordering {
                case .greater: 0
                case .less: 0x0100
                case .equal: 0x4000
                case .unordered: 0x4500
                }
                record("\(name) fcw \(String(fcw, radix: 16)) \(a) \(b)", cpu: conditions(compared.fsw & 0x453F),
                       layer: conditions(codes | UInt16(exceptions.rawValue)))
            }
            // FXAM
            let examined = try #require(try sandbox.run([0xD9, 0xE5], from: Self.state(fcw: fcw, a)).vector)
            let classes = a.examined
            let codes = (classes.c3 ? 0x4000 : 0) | (classes.c2 ? 0x0400 : 0) | (a.isNegative ? 0x0200 : 0) | (classes.c0 ? 0x0100 : 0)
            record("fxam \(a)", cpu: conditions(examined.fsw & 0x473F), layer: conditions(UInt16(codes)))
        }
        Self.expectNone(mismatches, of: 5 * Self.casesPerOperation)
    }
}

extension ExtendedTests {
    /// FLD1 ... FLDZ under every rounding and precision control: the pushed value, no flag, C1 clear.
    @Test(.needsAMDZen) func constantsAgreeWithTheCPU() throws {
        let sandbox = try Sandbox()
        let opcodes: [(Extended.Constant, UInt8)] = [(.one, 0xE8), (.log2Ten, 0xE9), (.log2E, 0xEA), (.pi, 0xEB),
                                                     (.log10Two, 0xEC), (.lnTwo, 0xED), (.zero, 0xEE)]
        for (constant, opcode) in opcodes {
            for rounding in RoundingMode.allCases {
                for precision in PrecisionControl.allCases {
                    var state = Self.state(fcw: UInt16(rounding.rawValue) << 10 | UInt16(precision.rawValue) << 8 | 0x7F, .zero(negative: false))
                    state.vector.ftw = 0
                    let vector = try #require(try sandbox.run([0xD9, opcode], from: state).vector)
                    let cpu = Extended(signExponent: vector.st[0].signExponent, significand: vector.st[0].significand)
                    #expect(cpu == Extended.constant(constant, rounding: rounding), "\(constant) \(rounding) \(precision)")
                    #expect(vector.fsw & 0x23F == 0, "\(constant) \(rounding): fsw \(String(vector.fsw, radix: 16))")
                }
            }
        }
    }
}

extension ExtendedTests {
    /// FSCALE with st1 of every class and size, and FXTRACT: st0 (and st1), the flags and C1.
    @Test(.needsAMDZen) func scaleAndExtractAgreeWithTheCPU() throws {
        let sandbox = try Sandbox()
        var random = ExtendedOperands(seed: Self.seed &* 0x13_0000_0017)
        var mismatches: [String] = []
        func value(_ register: X87Register) -> Extended { Extended(signExponent: register.signExponent, significand: register.significand) }
        func describe(_ values: [Extended?], _ fsw: UInt16) -> String {
            values.map { $0.map { "\($0)" } ?? "-" }.joined(separator: " ") + " flags \(String(fsw & 0x3F, radix: 16)) C1 \(fsw >> 9 & 1)"
        }
        for _ in 0..<Self.casesPerOperation {
            let fcw = random.fcw()
            let environment = ExtendedEnvironment(fcw: fcw)!
            let a = random.below(2) == 0 ? random.operand() : random.operand(aroundExponent: 16383)
            let b = random.below(2) == 0 ? random.operand() : random.operand(aroundExponent: Int(random.below(16)))
            let scaled = try #require(try sandbox.run([0xD9, 0xFD], from: Self.state(fcw: fcw, a, b)).vector)
            let layer = Extended.scale(a, by: b, environment)
            let predicted = describe([layer.value ?? a], UInt16(layer.exceptions.rawValue) | (layer.roundedUp ? 0x200 : 0))
            let observed = describe([value(scaled.st[0])], scaled.fsw)
            if observed != predicted { mismatches.append("fscale fcw \(String(fcw, radix: 16)) \(a) \(b) -> cpu \(observed) | layer \(predicted)") }

            let extracted = try #require(try sandbox.run([0xD9, 0xF4], from: Self.state(fcw: fcw, a)).vector)
            let parts = Extended.extract(a, environment)
            let pushed = extracted.fsw >> 11 & 7 == 7
            let cpu = describe(pushed ? [value(extracted.st[0]), value(extracted.st[1])] : [value(extracted.st[0])], extracted.fsw)
            let expected = parts.significand.value == nil ? describe([a], UInt16(parts.significand.exceptions.rawValue))
                : describe([parts.significand.value, parts.exponent], UInt16(parts.significand.exceptions.rawValue))
            if cpu != expected { mismatches.append("fxtract fcw \(String(fcw, radix: 16)) \(a) -> cpu \(cpu) | layer \(expected)") }
        }
        Self.expectNone(mismatches, of: 2 * Self.casesPerOperation)
    }
}

extension ExtendedTests {
    /// FPREM and FPREM1 of operands of every class and of exponents up to 100 apart: st0, the
    /// flags, C2 (incomplete) and, when complete, the quotient bits in C0, C3 and C1.
    @Test(.needsAMDZen) func remaindersAgreeWithTheCPU() throws {
        let sandbox = try Sandbox()
        var random = ExtendedOperands(seed: Self.seed &* 0x1D_0000_001F)
        var mismatches: [String] = []
        for index in 0..<(2 * Self.casesPerOperation) {
            let nearest = index & 1 == 1
            let fcw = random.fcw()
            let b = random.operand()
            let a = random.below(4) == 0 || b.kind != .normal ? random.operand()
                : Extended(signExponent: (random.below(2) == 0 ? 0 : 0x8000) | UInt16(min(max(b.biasedExponent + Int(random.below(100)) - 4, 1), 0x7FFE)),
                           significand: random.significand())
            let vector = try #require(try sandbox.run(nearest ? [0xD9, 0xF5] : [0xD9, 0xF8], from: Self.state(fcw: fcw, a, b)).vector)
            let cpu = "\(Extended(signExponent: vector.st[0].signExponent, significand: vector.st[0].significand)) flags \(String(vector.fsw & 0x3F, radix: 16)) "
                + "C2 \(vector.fsw >> 10 & 1)" + (vector.fsw & 0x400 == 0 ? " Q \(vector.fsw >> 8 & 1)\(vector.fsw >> 14 & 1)\(vector.fsw >> 9 & 1)" : "")
            let layer = Extended.remainder(a, b, nearest: nearest, ExtendedEnvironment(fcw: fcw)!)
            let q = layer.quotientBits
            let predicted = "\(layer.result.value ?? a) flags \(String(layer.result.exceptions.rawValue, radix: 16)) C2 \(layer.complete ? 0 : 1)"
                + (layer.complete ? " Q \(q >> 2 & 1)\(q >> 1 & 1)\(q & 1)" : "")
            if cpu != predicted {
                mismatches.append("\(nearest ? "fprem1" : "fprem") fcw \(String(fcw, radix: 16)) \(a) \(b) -> cpu \(cpu) | layer \(predicted)")
            }
        }
        Self.expectNone(mismatches, of: 2 * Self.casesPerOperation)
    }
}

extension ExtendedTests {
    /// FBSTP of random operands around 10^18 and FBLD of random valid digits: the stored or
    /// loaded value, the flags and C1.
    @Test(.needsAMDZen) func packedDecimalAgreesWithTheCPU() throws {
        let sandbox = try Sandbox()
        var random = ExtendedOperands(seed: Self.seed &* 0x25_0000_0029)
        var mismatches: [String] = []
        for _ in 0..<Self.casesPerOperation {
            let fcw = random.fcw()
            let value = random.below(3) == 0 ? random.operand() : random.operand(aroundExponent: 59)
            let state = Self.state(fcw: fcw, value, memory: [UInt8](repeating: 0xA5, count: 10))
            let outcome = try sandbox.run([0xDF, 0x34, 0x24], from: state)   // fbstp [rsp]
            if let mismatch = try Self.storeMismatch("fbstp fcw \(String(fcw, radix: 16)) \(value)", outcome,
                                                     stored: Self.stored(outcome, at: state.gpr[.rsp], width: 10),
                                                     layer: Extended.packedDecimal(value, ExtendedEnvironment(fcw: fcw)!)) {
                mismatches.append(mismatch)
            }

            var decimal: UInt128 = random.below(2) == 0 ? 0 : 1 << 79
            for index in 0..<18 where random.below(4) != 0 { decimal |= UInt128(random.below(10)) << UInt128(4 * index) }
            var load = Self.state(fcw: 0x037F, .zero(negative: false), memory: (0..<10).map { UInt8(truncatingIfNeeded: decimal >> UInt128(8 * $0)) })
            load.vector.ftw = 0
            let loaded = try #require(try sandbox.run([0xDF, 0x24, 0x24], from: load).vector)   // fbld [rsp]
            let expected = Extended.fromPackedDecimal(decimal)
            let got = Extended(signExponent: loaded.st[0].signExponent, significand: loaded.st[0].significand)
            if got != expected || loaded.fsw & 0x3F != 0 {
                mismatches.append("fbld \(String(decimal, radix: 16)) -> cpu \(got) fsw \(String(loaded.fsw, radix: 16)) | layer \(expected.map { "\($0)" } ?? "-")")
            }
        }
        Self.expectNone(mismatches, of: 2 * Self.casesPerOperation)
    }
}

extension ExtendedTests {
    /// FSIN, FCOS, FSINCOS and FPTAN against the reference (argument reduced with pi66, 128-bit
    /// series, rounded to nearest): within 1 ulp, on random arguments from 2^-20 to 2^63 and
    /// next to multiples of pi/2, where a reduction with another pi is off by up to 10^18 ulp.
    @Test(.needsAMDZen) func trigonometryIsWithinAnUlpOfTheReference() throws {
        let sandbox = try Sandbox()
        var random = ExtendedOperands(seed: Self.seed &* 0x2B_0000_002F)
        var tally = ApproximationTally()
        for index in 0..<Self.casesPerOperation {
            let x: Extended
            if index % 3 == 0 {
                // Next to k * pi66/2: the 64 top bits of k * pi66 * 2^-65, with a random last bit or two.
                let n = UInt128(random.below(1 << 40) + 1) * 0x3_243F_6A88_85A3_08D3
                let top = 127 - n.leadingZeroBitCount
                let significand = UInt64(truncatingIfNeeded: n >> UInt128(top - 63)) ^ random.below(4)
                x = Extended(signExponent: (random.below(2) == 0 ? 0 : 0x8000) | UInt16(top - 65 + Extended.bias), significand: significand)
            } else {
                x = Extended(signExponent: (random.below(2) == 0 ? 0 : 0x8000) | UInt16(Extended.bias - 20 + Int(random.below(83))),
                             significand: random.significand())
            }
            let (sine, cosine) = Extended.sineAndCosine(x)
            let expected: [(name: String, bytes: [UInt8], values: [WideFloat])] = [
                ("fsin", [0xD9, 0xFE], [sine]), ("fcos", [0xD9, 0xFF], [cosine]),
                ("fsincos", [0xD9, 0xFB], [cosine, sine]), ("fptan", [0xD9, 0xF2], [.one, sine / cosine]),
            ]
            for (name, bytes, values) in expected {
                let vector = try #require(try sandbox.run(bytes, from: Self.state(fcw: 0x037F, x)).vector)
                for (position, value) in values.enumerated() {
                    tally.record("\(name) \(x) st\(position)", cpu: vector.st[position], reference: value)
                }
            }
        }
        tally.check("x87 trigonometry", cases: 4 * Self.casesPerOperation)
    }
}

extension ExtendedTests {
    /// F2XM1, FYL2X, FYL2XP1 and FPATAN against the references on random arguments inside their
    /// domains: within 1 ulp, rounded to nearest.
    @Test(.needsAMDZen) func logarithmsAndArctangentAreWithinAnUlpOfTheReference() throws {
        let sandbox = try Sandbox()
        var random = ExtendedOperands(seed: Self.seed &* 0x35_0000_003B)
        var tally = ApproximationTally()
        func number(_ exponents: ClosedRange<Int>, negative: Bool? = nil) -> Extended {
            let sign: UInt16 = (negative ?? (random.below(2) == 0)) ? 0x8000 : 0
            let exponent = exponents.lowerBound + Int(random.below(UInt64(exponents.count)))
            return Extended(signExponent: sign | UInt16(exponent + Extended.bias), significand: random.significand())
        }
        for _ in 0..<Self.casesPerOperation {
            let cases: [(name: String, bytes: [UInt8], st0: Extended, st1: Extended, reference: WideFloat)] = {
                let f2xm1 = number(-40...(-1))
                let x = number(-100...100, negative: false), y = number(-2...1)
                let near = Extended(signExponent: UInt16(Extended.bias - Int(random.below(2))), significand: random.significand())
                let small = number(-40...(-3)), factor = number(-2...1)
                let angleY = number(-60...60), angleX = number(-60...60)
                return [
                    ("f2xm1", [0xD9, 0xF0], f2xm1, .zero(negative: false), Extended.twoToTheMinusOne(f2xm1)),
                    ("fyl2x", [0xD9, 0xF1], x, y, Extended.yLogTwoX(x, y)),
                    ("fyl2x near 1", [0xD9, 0xF1], near, y, Extended.yLogTwoX(near, y)),
                    ("fyl2xp1", [0xD9, 0xF9], small, factor, Extended.yLogTwoXPlusOne(small, factor)),
                    ("fpatan", [0xD9, 0xF3], angleX, angleY, Extended.arctangent(y: angleY, x: angleX)),
                ]
            }()
            for item in cases {
                let vector = try #require(try sandbox.run(item.bytes, from: Self.state(fcw: 0x037F, item.st0, item.st1)).vector)
                tally.record("\(item.name) \(item.st0) \(item.st1)", cpu: vector.st[0], reference: item.reference)
            }
        }
        tally.check("x87 logarithms and arctangent", cases: 5 * Self.casesPerOperation)
    }
}

/// The CPU's results against references rounded to nearest: the worst distance in ulps, and the
/// cases beyond 1 ulp, the bound of class `approximation`.
struct ApproximationTally {
    var worst: UInt128 = 0
    var beyond: [String] = []

    mutating func record(_ what: String, cpu register: X87Register, reference: WideFloat) {
        let cpu = Extended(signExponent: register.signExponent, significand: register.significand)
        let rounded = reference.rounded(ExtendedEnvironment()).value!
        let distance = cpu.ulpDistance(to: rounded) ?? .max
        worst = max(worst, distance)
        if distance > 1 { beyond.append("\(what): cpu \(cpu) reference \(rounded) (\(distance) ulp)") }
    }

    func check(_ name: String, cases: Int) {
        print("\(name): \(cases) cases, worst \(worst) ulp from the reference")
        let shown = beyond.prefix(12).joined(separator: "\n")
        #expect(beyond.isEmpty, "\(beyond.count) beyond 1 ulp:\n\(shown)")
    }
}

/// Random 80-bit operands of every class, weighted towards what rounding, cancellation, overflow
/// and underflow need, and control words with every rounding and precision control.
struct ExtendedOperands {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: UInt64) -> UInt64 { next() % bound }

    /// Rounding control and precision control at random (not the reserved 01b), all exceptions
    /// masked three times in four, random masks otherwise.
    mutating func fcw() -> UInt16 {
        let precision: UInt16 = [0, 2, 3][Int(below(3))]
        let masks: UInt16 = below(4) == 0 ? UInt16(below(64)) : 0x3F
        return UInt16(below(4)) << 10 | precision << 8 | 0x40 | masks
    }

    mutating func significand() -> UInt64 {
        switch below(6) {
        case 0: 0xFFFF_FFFF_FFFF_FFFF
        case 1: 0x8000_0000_0000_0000 | below(4)
        case 2: 0x8000_0000_0000_0000 | (next() & 0xFFFF_FF00_0000_0000) | (below(2) << 39)
        case 3: 0x8000_0000_0000_0000 | (next() & 0xFFFF_FFFF_FFFF_F800) | (below(2) << 10)
        default: 0x8000_0000_0000_0000 | next()
        }
    }

    mutating func operand() -> Extended {
        let sign: UInt16 = below(2) == 0 ? 0 : 0x8000
        let exponent: UInt16
        switch below(100) {
        case 0..<30: exponent = UInt16(1 + below(0x7FFE))
        case 30..<60: exponent = UInt16(0x3FFF - 70 + Int(below(140)))
        case 60..<68: exponent = UInt16(1 + below(16))
        case 68..<73: exponent = UInt16(0x7FFE - below(16))
        case 73..<78: return Extended(signExponent: sign, significand: next() >> below(64) & 0x7FFF_FFFF_FFFF_FFFF)
        case 78..<81: return Extended(signExponent: sign, significand: 0x8000_0000_0000_0000 | next() >> below(64))
        case 81..<86: return Extended(signExponent: sign, significand: 0)
        case 86..<90: return .infinity(negative: sign != 0)
        case 90..<93: return Extended(signExponent: sign | 0x7FFF, significand: 0xC000_0000_0000_0000 | next() >> 2)
        case 93..<96: return Extended(signExponent: sign | 0x7FFF, significand: 0x8000_0000_0000_0000 | (next() >> 2 | 1))
        case 96..<98: return Extended(signExponent: sign | UInt16(1 + below(0x7FFE)), significand: next() >> 1)
        default: return Extended(signExponent: sign | 0x7FFF, significand: next() >> 1)
        }
        return Extended(signExponent: sign | exponent, significand: significand())
    }

    /// A normal operand whose unbiased exponent is within 70 of `±limit` (a narrow format's range),
    /// held within the extended range.
    mutating func operand(aroundExponent limit: Int) -> Extended {
        let sign: UInt16 = below(2) == 0 ? 0 : 0x8000
        let exponent = (below(2) == 0 ? limit : 1 - limit) + Int(below(140)) - 70
        return Extended(signExponent: sign | UInt16(min(max(exponent + Extended.bias, 1), 0x7FFE)), significand: significand())
    }

    /// Bits of a narrow format with the exponent field zero, all ones or random.
    mutating func formatBits(_ layout: FormatLayout) -> UInt64 {
        let fractionBits = layout.fractionBits
        let exponentMask: UInt64 = (1 << UInt64(64 - fractionBits)) - 1
        let field: UInt64 = switch below(4) {
        case 0: 0
        case 1: UInt64.max
        default: next()
        }
        let fraction = below(4) == 0 ? 0 : next() >> below(64)
        let sign: UInt64 = below(2)
        let totalBits = layout.exponentBits + fractionBits + 1
        let exponent = field & exponentMask & ((1 << UInt64(layout.exponentBits)) - 1)
        return (sign << UInt64(totalBits - 1)) | exponent << UInt64(fractionBits) | (fraction & ((1 << UInt64(fractionBits)) - 1))
    }

    /// Another operand, often of about the size of `other` (cancellation, ties, exact results).
    mutating func operand(near other: Extended) -> Extended {
        guard below(5) < 2, other.kind == .normal else { return operand() }
        let sign: UInt16 = below(2) == 0 ? 0 : 0x8000
        let shift = Int(below(70)) - 3
        let exponent = min(max(other.biasedExponent - shift, 1), 0x7FFE)
        let significand = below(2) == 0 ? other.significand ^ (next() >> below(64)) | 0x8000_0000_0000_0000 : significand()
        return Extended(signExponent: sign | UInt16(exponent), significand: significand)
    }
}
