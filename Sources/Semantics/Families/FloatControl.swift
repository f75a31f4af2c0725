import X86

/// LDMXCSR, STMXCSR and their VEX forms (Intel SDM Vol. 2A), VZEROUPPER and VZEROALL (Vol. 2C):
/// the SSE control register and the upper halves of the YMM registers. No exception flag is
/// raised by loading one, even an unmasked one: SSE has no pending exceptions.
enum FloatControl: SemanticFamily {
    static let semantics: [String: Semantic] = [
        "ldmxcsr": load, "vldmxcsr": load, "stmxcsr": store, "vstmxcsr": store,
        "vzeroupper": Semantic { context throws(Fault) in
            try context.checkEncoding()
            for index in 0..<16 { context.vector.ymm[index] = context.vector.ymm[index].keeping(bytes: 16) }
        },
        "vzeroall": Semantic { context throws(Fault) in
            try context.checkEncoding()
            for index in 0..<16 { context.vector.ymm[index] = .zero }
        },
    ]

    /// A 32-bit memory operand, or none.
    static func accepts(_ instruction: Instruction) -> Bool {
        instruction.operands.allSatisfy { operand in
            if case .memory(let memory) = operand { memory.size == 4 } else { false }
        }
    }

    /// LDMXCSR m32: #GP(0) for a bit outside MXCSR_MASK (a profile answer; only bits 16 and up
    /// beyond bit 17 are reserved on every CPU), checked after the read's own faults.
    private static let load = Semantic { context throws(Fault) in
        try context.checkEncoding()
        let value = UInt32(truncatingIfNeeded: try context.read(0))
        if value & ~0x2_FFFF != 0 { throw .generalProtection() }
        if value & 0x2_0000 != 0 {
            guard let mask = context.profile.mxcsrMask else { throw .notModelled("MXCSR bit 17 (a profile question)") }
            if value & ~mask != 0 { throw .generalProtection() }
        }
        context.vector.mxcsr = value
    }

    /// STMXCSR m32.
    private static let store = Semantic { context throws(Fault) in
        try context.checkEncoding()
        try context.write(0, UInt64(context.vector.mxcsr))
    }
}
