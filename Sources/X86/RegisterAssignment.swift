/// Why a `reg=value` assignment could not be applied.
public struct AssignmentError: Error, Equatable, CustomStringConvertible {
    public var description: String
}

extension MachineState {
    /// The names `assign(_:)` knows.
    public static let assignableNames = "rax..r15, rflags, xmm0..xmm15, ymm0..ymm15, mxcsr, fcw, fsw, ftw, st0..st7, mm0..mm7, fop, fip, fdp"

    /// Applies `reg=value` (the form of `--set`): a GPR, `rflags`, `xmmN` (128 bits, the upper
    /// half kept), `ymmN`, `mxcsr`, `fcw`, `fsw`, `ftw` (the abridged tag, 8 bits), `stN` (80 bits,
    /// stack position N under the TOP in `fsw`) or `mmN` (64 bits: the significand of physical
    /// register N, found through the TOP that `fsw` holds at that point; its exponent is kept), or
    /// the x87 pointers `fop` (11 bits), `fip`, `fdp`.
    public mutating func assign(_ text: String) throws(AssignmentError) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw AssignmentError(description: "--set takes reg=value, not '\(text)'") }
        let name = parts[0].lowercased()
        let valueText = parts[1]
        do {
            if let register = GPR(name: name) {
                gpr[register] = try Hex.parseNumber(valueText)
            } else if let index = Self.vectorIndex(name, prefix: "xmm") {
                let value = try Hex.parseVector(valueText, bits: 128)
                vector.ymm[index].q0 = value.q0
                vector.ymm[index].q1 = value.q1
            } else if let index = Self.vectorIndex(name, prefix: "ymm") {
                vector.ymm[index] = try Hex.parseVector(valueText)
            } else if let index = Self.vectorIndex(name, prefix: "st", count: 8) {
                vector.st[index] = try Hex.parseX87Register(valueText)
            } else if let index = Self.vectorIndex(name, prefix: "mm", count: 8) {
                vector.setMM(index, try Hex.parseNumber(valueText))
            } else {
                switch name {
                case "rflags": rflags = try Hex.parseNumber(valueText)
                case "mxcsr": vector.mxcsr = try Self.narrow(valueText, to: UInt32.self)
                case "fcw": vector.fcw = try Self.narrow(valueText, to: UInt16.self)
                case "fsw": vector.fsw = try Self.narrow(valueText, to: UInt16.self)
                case "ftw": vector.ftw = try Self.narrow(valueText, to: UInt8.self)
                case "fop":
                    let fop = try Self.narrow(valueText, to: UInt16.self)
                    guard fop <= 0x7FF else { throw AssignmentError(description: "fop has 11 bits; '\(valueText)' is larger") }
                    vector.x87Pointers.fop = fop
                case "fip": vector.x87Pointers.fip = try Hex.parseNumber(valueText)
                case "fdp": vector.x87Pointers.fdp = try Hex.parseNumber(valueText)
                case "rip": throw AssignmentError(description: "rip is fixed at the code address \(Hex.format(GuestLayout.codeAddress))")
                default: throw AssignmentError(description: "unknown register '\(parts[0])'; known: \(Self.assignableNames)")
                }
            }
        } catch let error as HexParseError {
            throw AssignmentError(description: "bad value for \(name): \(error)")
        } catch let error as AssignmentError {
            throw error
        } catch {
            throw AssignmentError(description: "bad value for \(name): \(error)")
        }
    }

    private static func vectorIndex(_ name: String, prefix: String, count: Int = 16) -> Int? {
        guard name.hasPrefix(prefix), let index = Int(name.dropFirst(prefix.count)), (0..<count).contains(index),
              String(index) == name.dropFirst(prefix.count) else { return nil }
        return index
    }

    private static func narrow<T: FixedWidthInteger>(_ text: String, to _: T.Type) throws(HexParseError) -> T {
        let value = try Hex.parseNumber(text)
        guard let narrowed = T(exactly: value) else { throw HexParseError("'\(text)' does not fit in \(T.bitWidth) bits") }
        return narrowed
    }
}
