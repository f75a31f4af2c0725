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

    /// Parses hex pairs; spaces between them are allowed.
    public static func parseBytes(_ text: String) throws(HexParseError) -> [UInt8] {
        let digits = text.filter { !$0.isWhitespace }
        guard !digits.isEmpty else { throw HexParseError("empty byte string") }
        guard digits.count % 2 == 0 else {
            throw HexParseError("'\(text)' has an odd number of hex digits")
        }
        var bytes: [UInt8] = []
        var iterator = digits.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = high.hexDigitValue, let l = low.hexDigitValue else {
                throw HexParseError("'\(text)' is not hex: '\(high)\(low)' is not a byte")
            }
            bytes.append(UInt8(h << 4 | l))
        }
        return bytes
    }

    /// Parses a 64-bit value: `0x`-prefixed hex, or decimal (a leading `-` gives two's complement).
    public static func parseNumber(_ text: String) throws(HexParseError) -> UInt64 {
        let trimmed = text.trimmingWhitespace()
        let lower = trimmed.lowercased()
        if lower.hasPrefix("0x") {
            let digits = lower.dropFirst(2).filter { $0 != "_" }
            guard !digits.isEmpty, let value = UInt64(digits, radix: 16) else {
                throw HexParseError("'\(text)' is not a 64-bit hex number")
            }
            return value
        }
        if lower.hasPrefix("-") {
            guard let value = Int64(lower) else { throw HexParseError("'\(text)' is not a 64-bit number") }
            return UInt64(bitPattern: value)
        }
        guard let value = UInt64(lower) else { throw HexParseError("'\(text)' is not a 64-bit number") }
        return value
    }

    /// Parses a 256-bit value given as `0x`-prefixed hex (at most 64 digits).
    public static func parseVector(_ text: String) throws(HexParseError) -> Vec256 {
        let lower = text.trimmingWhitespace().lowercased()
        guard lower.hasPrefix("0x") else { throw HexParseError("'\(text)' must be 0x-prefixed hex") }
        let digits = Array(lower.dropFirst(2).filter { $0 != "_" })
        guard !digits.isEmpty, digits.count <= 64, digits.allSatisfy(\.isHexDigit) else {
            throw HexParseError("'\(text)' is not a hex number of at most 256 bits")
        }
        var result = Vec256()
        var end = digits.count
        for lane in 0..<4 where end > 0 {
            let start = max(0, end - 16)
            result[qword: lane] = UInt64(String(digits[start..<end]), radix: 16)!
            end = start
        }
        return result
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
