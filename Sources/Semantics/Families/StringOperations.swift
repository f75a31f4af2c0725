import X86

/// MOVS STOS LODS CMPS SCAS in every width (Intel SDM Vol. 2B, and REP/REPE/REPNE), one iteration
/// per step: with a REP prefix the instruction repeats itself by leaving RIP on it until the count
/// runs out (or, for CMPS and SCAS, ZF ends it), and the single-step trap comes after each
/// iteration. The count is RCX and the pointers RSI and RDI, or ECX, ESI and EDI with 67 (written
/// back zero-extended). The source goes through DS, or an FS, GS or SS override; the destination
/// always through ES. All bases are 0 here, so segments only choose #SS over #GP: a non-canonical
/// source with an SS override gives #SS(0) (measured; as other instructions show, Zen 4 ignores
/// the override and raises #GP, which kvm_pvm hands to KVM's emulator, whose rules make it a
/// stack reference).
enum StringOperations: SemanticFamily {
    static let semantics: [String: Semantic] = {
        var table: [String: Semantic] = [:]
        for suffix in ["b", "w", "d", "q"] {
            table["movs" + suffix] = repeated(uses: [.source, .destination]) { context, access throws(Fault) in
                let value = try context.readMemory(access.source, width: access.width, segment: access.sourceSegment)
                try context.writeMemory(access.destination, width: access.width, value, segment: .es)
            }
            table["stos" + suffix] = repeated(uses: .destination) { context, access throws(Fault) in
                try context.writeMemory(access.destination, width: access.width, context.readGPR(.rax, access.width), segment: .es)
            }
            table["lods" + suffix] = repeated(uses: .source) { context, access throws(Fault) in
                context.writeGPR(.rax, access.width, try context.readMemory(access.source, width: access.width, segment: access.sourceSegment))
            }
            table["cmps" + suffix] = repeated(uses: [.source, .destination], compares: true) { context, access throws(Fault) in
                try checkComparedOperands(&context, access)
                let (_, flags) = FlagMath.subtract(context.memory.load(access.source, size: access.width.bytes),
                                                   context.memory.load(access.destination, size: access.width.bytes), access.width)
                context.setFlags(RFlags.status, to: flags)
            }
            table["scas" + suffix] = repeated(uses: .destination, compares: true) { context, access throws(Fault) in
                let value = try context.readMemory(access.destination, width: access.width, segment: .es)
                context.setFlags(RFlags.status, to: FlagMath.subtract(context.readGPR(.rax, access.width), value, access.width).flags)
            }
        }
        return table
    }()

    /// The one-byte opcodes A4-AF only: Capstone names the SSE scalar MOVSD and CMPSD alike.
    static func accepts(_ instruction: Instruction) -> Bool { instruction.map == .oneByte && hasIntegerOperands(instruction) }

    /// The pointers an instruction steps: rSI for a source, rDI for a destination.
    struct Pointers: OptionSet {
        let rawValue: UInt8
        static let source = Pointers(rawValue: 1)
        static let destination = Pointers(rawValue: 2)
    }

    /// One iteration's operands: the element width, the addresses rSI and rDI point to (0 for
    /// one the instruction does not use), and the source's segment.
    struct Access {
        var width: Width
        var source: UInt64
        var destination: UInt64
        var sourceSegment: SegmentRegister
    }

    typealias Iteration = @Sendable (inout ExecutionContext, Access) throws(Fault) -> Void

    /// The semantics of one string instruction: `iteration` once, then the pointers it `uses`
    /// advance by the width (backwards with DF). With F3 or F2 (the last one present decides) the
    /// count decides whether there is an iteration at all and whether RIP stays on the
    /// instruction; for CMPS and SCAS, F3 repeats while ZF is set and F2 while it is clear, for
    /// the others both are REP.
    private static func repeated(uses pointers: Pointers, compares: Bool = false, _ iteration: @escaping Iteration) -> Semantic {
        Semantic { context throws(Fault) in
            let instruction = context.instruction
            let addressWidth: Width = instruction.addressSize == 32 ? .dword : .qword
            let repeats = context.prefixes.rep || context.prefixes.repne
            let count = repeats ? context.readGPR(.rcx, addressWidth) : 1
            guard count != 0 else { return }
            let access = Access(width: instruction.opcode & 1 == 0 ? .byte : Width(bytes: instruction.operandSize / 8),
                                source: pointers.contains(.source) ? context.readGPR(.rsi, addressWidth) : 0,
                                destination: pointers.contains(.destination) ? context.readGPR(.rdi, addressWidth) : 0,
                                sourceSegment: sourceSegment(instruction))
            try iteration(&context, access)
            let step = UInt64(access.width.bytes)
            let backwards = context.flag(RFlags.df)
            let delta = backwards ? 0 &- step : step
            if pointers.contains(.source) { context.writeGPR(.rsi, addressWidth, access.source &+ delta) }
            if pointers.contains(.destination) { context.writeGPR(.rdi, addressWidth, access.destination &+ delta) }
            guard repeats else { return }
            context.writeGPR(.rcx, addressWidth, count &- 1)
            let endedByZF = compares && context.flag(RFlags.zf) != context.prefixes.rep
            if count != 1 && !endedByZF { context.rip &-= UInt64(instruction.length) }
        }
    }

    /// DS unless an FS, GS or SS override says otherwise (ES, CS and DS overrides change nothing
    /// in 64-bit mode).
    private static func sourceSegment(_ instruction: Instruction) -> SegmentRegister {
        switch instruction.prefixes.segment {
        case .fs?: .fs
        case .gs?: .gs
        case .ss?: .ss
        default: .ds
        }
    }

    /// The checks of CMPS's two reads, in the order the profile says this CPU makes them
    /// (measured over every pairing of canonical, non-canonical, misaligned and not-present
    /// operands): REPE CMPSB and the other forms are separate questions (Zen 4 checks [rSI] first
    /// only for REPE CMPSB, Zen 5 for every form, Zen 3 for none). Where the profile does not
    /// know, the model predicts only cases both orders agree on. Source first means [rSI] fully
    /// and then [rDI], like MOVS. Destination first means [rDI]'s #AC and #PF and then [rSI]'s;
    /// but a #GP it raises for a non-canonical address goes, under kvm_pvm, to KVM's instruction
    /// emulator, which re-runs CMPS reading [rSI] first and without alignment checks. So there a
    /// #GP for [rDI] becomes [rSI]'s #SS/#GP or #PF when [rSI] has one, and [rSI]'s #AC is lost
    /// to it.
    private static func checkComparedOperands(_ context: inout ExecutionContext, _ access: Access) throws(Fault) {
        let sourceFirst = access.width.bytes == 1 && context.prefixes.rep
            ? context.profile.repeatCompareBytesChecksSourceFirst : context.profile.compareChecksSourceFirst
        switch sourceFirst {
        case true?: try checkSourceFirst(context, access)
        case false?: try checkDestinationFirst(context, access)
        case nil:
            let sourceFirst = fault { () throws(Fault) in try checkSourceFirst(context, access) }
            let destinationFirst = fault { () throws(Fault) in try checkDestinationFirst(context, access) }
            guard sourceFirst == destinationFirst else { throw .notModelled("CMPS's check order (a profile question)") }
            if let sourceFirst { throw sourceFirst }
        }
    }

    private static func fault(_ checks: () throws(Fault) -> Void) -> Fault? {
        do { try checks() } catch { return error }
        return nil
    }

    private static func checkSourceFirst(_ context: ExecutionContext, _ access: Access) throws(Fault) {
        let size = access.width.bytes
        try context.check(access.source, size: size, kind: .read, segment: access.sourceSegment)
        try context.check(access.destination, size: size, kind: .read, segment: .es)
    }

    private static func checkDestinationFirst(_ context: ExecutionContext, _ access: Access) throws(Fault) {
        let size = access.width.bytes
        do {
            try context.check(access.destination, size: size, kind: .read, segment: .es)
            try context.check(access.source, size: size, kind: .read, segment: access.sourceSegment)
        } catch where error.exception.vector == .gp {
            guard GuestLayout.isCanonical(access.source) else { throw access.sourceSegment == .ss ? .stackFault : .generalProtection() }
            try context.memory.checkPages(access.source, size: size, kind: .read)
            throw error
        }
    }
}
