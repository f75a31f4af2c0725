import X86

/// The human-readable before/after table of `exec`.
enum OutcomeTable {
    static func render(bytes: [UInt8], before: MachineState, after: Outcome) -> String {
        var lines: [String] = []
        let spaced = bytes.map { String(Hex.format(bytes: [$0])) }.joined(separator: " ")
        lines.append("instruction  \(spaced)  (\(bytes.count) bytes at \(Hex.format(GuestLayout.codeAddress)))")
        lines.append("outcome      \(describe(after.exception))")
        lines.append("")
        lines.append(row("register", "before", "after", changed: false))
        for register in GPR.allCases {
            lines.append(row(register.name, hex64(before.gpr[register]), hex64(after.gpr[register]),
                             changed: before.gpr[register] != after.gpr[register]))
        }
        lines.append(row("rip", hex64(before.rip), hex64(after.rip), changed: true))
        lines.append(row("rflags", flags(before.rflags), flags(after.rflags), changed: before.rflags != after.rflags))
        if let vector = after.vector {
            for index in 0..<16 where before.vector.ymm[index] != .zero || vector.ymm[index] != .zero {
                let old = before.vector.ymm[index], new = vector.ymm[index]
                lines.append(row("ymm\(index)", Hex.format(old), Hex.format(new), changed: old != new))
            }
            for (name, old, new) in [("mxcsr", UInt64(before.vector.mxcsr), UInt64(vector.mxcsr)),
                                     ("fcw", UInt64(before.vector.fcw), UInt64(vector.fcw)),
                                     ("fsw", UInt64(before.vector.fsw), UInt64(vector.fsw))] {
                lines.append(row(name, Hex.format(old), Hex.format(new), changed: old != new))
            }
            lines.append(row("ftw", Hex.format(UInt64(before.vector.ftw)), Hex.format(UInt64(vector.ftw)),
                             changed: before.vector.ftw != vector.ftw))
            for index in 0..<8 where before.vector.st[index] != .zero || vector.st[index] != .zero {
                let old = before.vector.st[index], new = vector.st[index]
                lines.append(row("st\(index)", Hex.format(old), Hex.format(new), changed: old != new))
            }
            let (oldPointers, newPointers) = (before.vector.x87Pointers, vector.x87Pointers)
            if oldPointers != .zero || newPointers != .zero {
                for (name, old, new) in [("fop", UInt64(oldPointers.fop), UInt64(newPointers.fop)), ("fip", oldPointers.fip, newPointers.fip),
                                         ("fdp", oldPointers.fdp, newPointers.fdp)] {
                    lines.append(row(name, Hex.format(old), Hex.format(new), changed: old != new))
                }
            }
        }
        lines.append("")
        if after.memoryWrites.isEmpty {
            lines.append("memory writes: none")
        } else {
            lines.append("memory writes:")
            for write in after.memoryWrites {
                let old = write.range.map { before.initialByte(at: $0).map { Hex.format(bytes: [$0]) } ?? "??" }
                lines.append("  \(Hex.format(write.address)): \(write.bytes.map { Hex.format(bytes: [$0]) }.joined(separator: " "))"
                    + "  (was \(old.joined(separator: " ")))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ exception: ExceptionInfo?) -> String {
        guard let exception else { return "completed" }
        var text = "exception \(exception.vector.name) (vector \(exception.vector.rawValue))"
        if let code = exception.errorCode { text += ", error code \(Hex.format(code))" }
        if let cr2 = exception.cr2 { text += ", cr2 \(Hex.format(cr2))" }
        return text
    }

    private static func hex64(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }

    private static func flags(_ value: UInt64) -> String {
        let names = RFlags.named.filter { value & $0.mask != 0 && $0.mask != RFlags.iopl }.map { $0.name.uppercased() }
        return Hex.format(value) + " [" + names.joined(separator: " ") + "]"
    }

    private static func row(_ name: String, _ before: String, _ after: String, changed: Bool) -> String {
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(1, width - text.count)) }
        return pad(name, 10) + pad(before, 24) + after + (changed ? "  *" : "")
    }
}
