/// Why a piece of text is not the number or byte string it should be.
public struct HexParseError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Parsing and printing of the hex forms used on the command line and in JSON.
public enum Hex {
    /// `"0x"` followed by lower-case hex digits, without leading zeros.
    public static func format(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    /// Bytes as lower-case hex pairs without separators, the form `exec` takes.
    public static func format(bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of an ASCII hex digit (0-9, a-f, A-F); nil for anything else, full-width
    /// forms included.
    static func asciiHexValue(_ character: Character) -> UInt8? {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return ascii - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return ascii - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return ascii - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Parses hex pairs; spaces and tabs between them are allowed.
    public static func parseBytes(_ text: String) throws(HexParseError) -> [UInt8] {
        let digits = text.filter { $0 != " " && $0 != "\t" }
        guard !digits.isEmpty else { throw HexParseError("empty byte string") }
        guard digits.count % 2 == 0 else {
            throw HexParseError("'\(text)' has an odd number of hex digits")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var iterator = digits.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = asciiHexValue(high), let l = asciiHexValue(low) else {
                throw HexParseError("'\(text)' is not hex: '\(high)\(low)' is not a byte")
            }
            bytes.append(h << 4 | l)
        }
        return bytes
    }

    /// Parses a 64-bit value: `0x`-prefixed hex, or decimal (a leading `-` gives two's complement).
    /// Digits are ASCII only; `_` may separate hex digits.
    public static func parseNumber(_ text: String) throws(HexParseError) -> UInt64 {
        let limbs = try parseLimbs(text, bits: 64)
        return limbs[0]
    }

    /// Parses a value of up to 256 bits (`bits` 128 for an XMM register): `0x`-prefixed hex of at
    /// most `bits / 4` digits, or decimal (a leading `-` gives two's complement at that width).
    public static func parseVector(_ text: String, bits: Int = 256) throws(HexParseError) -> Vec256 {
        let limbs = try parseLimbs(text, bits: bits)
        var result = Vec256()
        for lane in 0..<4 { result[qword: lane] = limbs[lane] }
        return result
    }

    /// The value of `text` as four 64-bit limbs, low first, refusing anything over `bits` bits.
    private static func parseLimbs(_ text: String, bits: Int) throws(HexParseError) -> [UInt64] {
        let trimmed = text.trimmingWhitespace()
        let what = bits == 64 ? "a 64-bit number" : "a number of at most \(bits) bits"
        var limbs = [UInt64](repeating: 0, count: 4)
        if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") {
            let digits = trimmed.dropFirst(2).filter { $0 != "_" }
            guard !digits.isEmpty else { throw HexParseError("'\(text)' is not \(what)") }
            guard digits.drop(while: { $0 == "0" }).count <= bits / 4 else { throw HexParseError("'\(text)' does not fit in \(bits) bits") }
            for character in digits {
                guard let value = asciiHexValue(character) else { throw HexParseError("'\(text)' is not \(what)") }
                for lane in stride(from: 3, to: 0, by: -1) { limbs[lane] = limbs[lane] << 4 | limbs[lane - 1] >> 60 }
                limbs[0] = limbs[0] << 4 | UInt64(value)
            }
            return limbs
        }
        let negative = trimmed.hasPrefix("-")
        let digits = negative ? trimmed.dropFirst() : trimmed
        guard !digits.isEmpty else { throw HexParseError("'\(text)' is not \(what)") }
        for character in digits {
            guard let ascii = character.asciiValue, ascii >= UInt8(ascii: "0"), ascii <= UInt8(ascii: "9") else {
                throw HexParseError("'\(text)' is not \(what)")
            }
            var carry = UInt64(ascii - UInt8(ascii: "0"))
            for lane in 0..<4 {
                let product = limbs[lane].multipliedFullWidth(by: 10)
                let (low, overflow) = product.low.addingReportingOverflow(carry)
                limbs[lane] = low
                carry = product.high + (overflow ? 1 : 0)
            }
            guard carry == 0, fits(limbs, bits: bits, negative: negative) else {
                throw HexParseError("'\(text)' does not fit in \(bits) bits")
            }
        }
        guard negative else { return limbs }
        var borrow: UInt64 = 1
        for lane in 0..<4 {
            let (sum, overflow) = (~limbs[lane]).addingReportingOverflow(borrow)
            limbs[lane] = sum
            borrow = overflow ? 1 : 0
        }
        for lane in 0..<4 where lane * 64 >= bits { limbs[lane] = 0 }
        return limbs
    }

    /// True when a magnitude fits in `bits` bits: unsigned, or (negative) at most 2^(bits-1).
    private static func fits(_ limbs: [UInt64], bits: Int, negative: Bool) -> Bool {
        for lane in 0..<4 where lane * 64 >= bits { if limbs[lane] != 0 { return false } }
        guard negative else { return true }
        let top = bits / 64 - 1
        let sign: UInt64 = 1 << 63
        if limbs[top] < sign { return true }
        return limbs[top] == sign && limbs[..<top].allSatisfy { $0 == 0 }
    }

    /// An 80-bit x87 register as 20 hex digits: sign and exponent, then the significand.
    public static func format(_ register: X87Register) -> String {
        let exponent = String(register.signExponent, radix: 16), significand = String(register.significand, radix: 16)
        return "0x" + String(repeating: "0", count: 4 - exponent.count) + exponent
            + String(repeating: "0", count: 16 - significand.count) + significand
    }

    /// Parses an 80-bit x87 register: `0x` hex of at most 20 digits or a decimal that fits in 80
    /// bits (sign and exponent in bits 79:64).
    public static func parseX87Register(_ text: String) throws(HexParseError) -> X87Register {
        let value = try parseVector(text, bits: 128)
        guard value.q1 <= 0xFFFF else { throw HexParseError("'\(text)' does not fit in 80 bits") }
        return X87Register(significand: value.q0, signExponent: UInt16(value.q1))
    }

    /// A 256-bit (or 128-bit, with `digits: 32`) value as fixed-width `0x` hex.
    public static func format(_ vector: Vec256, digits: Int = 64) -> String {
        var text = ""
        for lane in stride(from: digits / 16 - 1, through: 0, by: -1) {
            let part = String(vector[qword: lane], radix: 16)
            text += String(repeating: "0", count: 16 - part.count) + part
        }
        return "0x" + text
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}

/// A 64-bit number that encodes in JSON as a `"0x"` hex string.
public struct HexNumber: Codable, Hashable, Sendable {
    public var value: UInt64
    public init(_ value: UInt64) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { value = try Hex.parseNumber(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Hex.format(value))
    }
}

/// A byte string that encodes in JSON as hex pairs.
public struct HexBytes: Codable, Hashable, Sendable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if text.isEmpty { bytes = []; return }
        do { bytes = try Hex.parseBytes(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Hex.format(bytes: bytes))
    }
}
