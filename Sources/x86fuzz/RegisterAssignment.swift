import X86

/// Parses `--set reg=value` and applies it to a machine state.
enum RegisterAssignment {
    static let validNames = "rax..r15, rflags, xmm0..xmm15, ymm0..ymm15, mxcsr, fcw, fsw"

    static func apply(_ text: String, to state: inout MachineState) throws {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw CommandFailure.usage("--set takes reg=value, not '\(text)'") }
        let name = parts[0].lowercased()
        let valueText = parts[1]
        do {
            if let register = GPR(name: name) {
                state.gpr[register] = try Hex.parseNumber(valueText)
            } else if let index = vectorIndex(name, prefix: "xmm") {
                let value = try Hex.parseVector(valueText)
                guard value.q2 == 0 && value.q3 == 0 else { throw HexParseError("'\(valueText)' does not fit in 128 bits") }
                state.vector.ymm[index].q0 = value.q0
                state.vector.ymm[index].q1 = value.q1
            } else if let index = vectorIndex(name, prefix: "ymm") {
                state.vector.ymm[index] = try Hex.parseVector(valueText)
            } else {
                switch name {
                case "rflags": state.rflags = try Hex.parseNumber(valueText)
                case "mxcsr": state.vector.mxcsr = try narrow(valueText, to: UInt32.self)
                case "fcw": state.vector.fcw = try narrow(valueText, to: UInt16.self)
                case "fsw": state.vector.fsw = try narrow(valueText, to: UInt16.self)
                case "rip": throw CommandFailure.usage("rip is fixed at the code address \(Hex.format(GuestLayout.codeAddress))")
                default: throw CommandFailure.usage("unknown register '\(parts[0])'; known: \(validNames)")
                }
            }
        } catch let error as HexParseError {
            throw CommandFailure.usage("bad value for \(name): \(error)")
        }
    }

    private static func vectorIndex(_ name: String, prefix: String) -> Int? {
        guard name.hasPrefix(prefix), let index = Int(name.dropFirst(prefix.count)), (0..<16).contains(index),
              String(index) == name.dropFirst(prefix.count) else { return nil }
        return index
    }

    private static func narrow<T: FixedWidthInteger>(_ text: String, to _: T.Type) throws -> T {
        let value = try Hex.parseNumber(text)
        guard let narrowed = T(exactly: value) else { throw HexParseError("'\(text)' does not fit in \(T.bitWidth) bits") }
        return narrowed
    }
}
