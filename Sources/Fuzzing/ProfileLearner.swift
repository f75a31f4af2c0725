import Decoding
import Generation
import Sandbox
import Semantics
import X86

/// Measures a CPU profile on the CPU it runs on (`x86fuzz profile learn`): each behaviour
/// question by the probe that tells its answers apart, and each undefined-flags question by
/// running its probes from random states and keeping, per flag, the one answer (kept, cleared,
/// set, or PF from the result) under which the model matches the CPU on every case that leaves
/// the flag undefined. A flag no answer fits leaves its question unanswered.
public struct ProfileLearner {
    /// One instruction a question is learned from, with registers pinned where random values would
    /// fault (a divisor of zero) or say nothing.
    struct Probe {
        var hex: String
        var pinned: [(GPR, UInt64)] = []
        var adjust: (@Sendable (inout MachineState) -> Void)?
    }

    private let sandbox: Sandbox
    private let decoder: InstructionDecoder

    public init() throws {
        sandbox = try Sandbox()
        decoder = try InstructionDecoder()
    }

    /// The probes of each undefined-flags question: every width where it matters, register forms.
    static let probes: [UndefinedFlagsQuestion: [Probe]] = [
        .multiply: ["48f7e3", "f7e3", "66f7e3", "f6e3", "48f7eb", "f6eb", "480fafc3", "486bc305"].map { Probe(hex: $0) },
        .divide: [Probe(hex: "48f7f3", pinned: [(.rdx, 0)], adjust: { $0.gpr[.rbx] |= 1 }),
                  Probe(hex: "f7f3", pinned: [(.rdx, 0)], adjust: { $0.gpr[.rbx] |= 1 }),
                  Probe(hex: "48f7fb", adjust: { state in
                      state.gpr[.rbx] |= 0x1_0000
                      state.gpr[.rdx] = state.gpr[.rax] >> 63 == 1 ? .max : 0
                  }),
                  Probe(hex: "f6f3", adjust: { state in
                      state.gpr[.rbx] = state.gpr[.rbx] | 0x80
                      state.gpr[.rax] &= 0xFFFF_FFFF_FFFF_7FFF
                  })],
        .logical: ["4821d8", "4809d8", "4831d8", "4885d8", "20d8", "6685d8", "2401"].map { Probe(hex: $0) },
        .shift: ["48d3e0", "48d3e8", "48d3f8", "d3e0", "d2e8", "66d3f8", "48c1e005", "d1e0"].map { Probe(hex: $0) },
        .doubleShift: ["480fa5d8", "480fadd8", "0fa5d8", "0fadd8", "660fa5d8", "660fadd8"].map { Probe(hex: $0) },
        .rotate: ["48d3c0", "48d3c8", "48d3d0", "48d3d8", "d2c0", "66d3d8"].map { Probe(hex: $0) },
        .bitTest: ["480fa3d8", "480fabd8", "480fb3d8", "480fbbd8", "480fbae005", "660fa3d8"].map { Probe(hex: $0) },
        .bitScan: ["480fbcc3", "480fbdc3", "0fbcc3", "660fbdc3"].map { Probe(hex: $0) },
        .zeroCount: ["f3480fbdc3", "f3480fbcc3", "f30fbdc3", "66f30fbcc3"].map { Probe(hex: $0) },
        .bitManipulation: ["c4e2e0f2c1", "c4e2f8f3d9", "c4e2f8f3c9", "c4e2f8f3d1", "c4e2e0f5c1", "c4e260f2c1"].map { Probe(hex: $0) },
        .bitFieldExtract: [Probe(hex: "c4e2e0f7c1"), Probe(hex: "c4e260f7c1"),
                           Probe(hex: "c4e2e0f7c1", adjust: { $0.gpr[.rbx] &= 0x3F3F })],
    ]

    /// The status flags each question may leave undefined.
    static func flags(of question: UndefinedFlagsQuestion) -> UInt64 {
        switch question {
        case .multiply: RFlags.sf | RFlags.zf | RFlags.af | RFlags.pf
        case .divide: RFlags.status
        case .logical: RFlags.af
        case .shift: RFlags.of | RFlags.af | RFlags.cf
        case .doubleShift: RFlags.status
        case .rotate: RFlags.of
        case .bitTest: RFlags.of | RFlags.sf | RFlags.af | RFlags.pf
        case .bitScan: RFlags.status & ~RFlags.zf
        case .zeroCount: RFlags.of | RFlags.sf | RFlags.af | RFlags.pf
        case .bitManipulation: RFlags.af | RFlags.pf
        case .bitFieldExtract: RFlags.sf | RFlags.af | RFlags.pf
        }
    }

    /// Learns a profile named `name` from `cases` random states per probe; `progress` hears each
    /// question as it is done.
    public func learn(name: String, cases: Int, seed: UInt64 = 0x9F0F_11E5,
                      progress: (String) -> Void = { _ in }) throws -> CPUProfile {
        var profile = CPUProfile(name: name)
        profile.lockedHintNopRuns = try behaviour("f00f1f00", [(.rax, GuestLayout.dataBase + 0x40)]).exception == nil
        profile.swapgsPrivilegeBeforeLock = try behaviour("f00f01f8").exception?.vector == .gp
        // F3 LOOPNE with ZF set: the opcode says stop; F3 as CMPS's condition says go on.
        let loop = try behaviour("f3e010", [(.rcx, 5)], rflags: MachineState.defaults.rflags | RFlags.zf)
        profile.loopTakesRepeatCondition = loop.exception == nil && loop.rip != GuestLayout.codeAddress + 3
        profile.wordByteSwap = try wordByteSwap()
        profile.oversizedWordDoubleShift = try oversizedWordDoubleShift()
        // REPE CMPSB with a non-canonical [rSI] and a not-present [rDI]: #GP checked [rSI] first.
        let compare = try behaviour("f3a6", [(.rsi, 0x8000_0000_0000_0000), (.rdi, GuestLayout.dataBase + GuestLayout.dataSize),
                                             (.rcx, 1)])
        switch compare.exception?.vector {
        case .gp?: profile.repeatCompareBytesChecksSourceFirst = true
        case .pf?: profile.repeatCompareBytesChecksSourceFirst = false
        default: profile.repeatCompareBytesChecksSourceFirst = nil
        }
        // CMPSW with both operands on different not-present pages: CR2 names the one checked first.
        let notPresent = GuestLayout.dataBase + GuestLayout.dataSize
        let plainCompare = try behaviour("66a7", [(.rsi, notPresent + 0x10_0000), (.rdi, notPresent + 0x20_0000)])
        switch plainCompare.exception?.cr2 {
        case (notPresent + 0x10_0000)?: profile.compareChecksSourceFirst = true
        case (notPresent + 0x20_0000)?: profile.compareChecksSourceFirst = false
        default: profile.compareChecksSourceFirst = nil
        }
        profile.userLevelMonitorFault = try userLevelFault(["0f01c8", "0f01c9"])
        profile.longModeSysexitFault = try userLevelFault(["0f35", "480f35"])
        // 66 JMP rel8 from the code address: 16 bits cut the target to its low word.
        let shortJump = try behaviour("66eb10")
        let target = GuestLayout.codeAddress + 3 + 0x10
        switch shortJump.exception == nil ? shortJump.rip : nil {
        case (target & 0xFFFF)?: profile.nearBranchTakesWordOperandSize = true
        case target?: profile.nearBranchTakesWordOperandSize = false
        default: profile.nearBranchTakesWordOperandSize = nil
        }
        // 66 MOVSXD from the window's last word: a dword read runs into the page that is not present.
        let lastWord = GuestLayout.dataBase + GuestLayout.dataSize - 2
        let movsxd = try behaviour("666306", [(.rsi, lastWord)])
        switch movsxd.exception?.vector {
        case .pf?: profile.wordMovsxdReadsDoubleword = true
        case nil: profile.wordMovsxdReadsDoubleword = false
        default: profile.wordMovsxdReadsDoubleword = nil
        }
        // LDMXCSR of 0x21F80: bit 17 (AMD's misaligned SSE mode) is in MXCSR_MASK where it loads.
        var withMisalignedMode = MachineState.defaults
        withMisalignedMode.gpr[.rsi] = GuestLayout.dataBase
        withMisalignedMode.memoryPatches = [MemoryRun(address: GuestLayout.dataBase, bytes: [0x80, 0x1F, 0x02, 0x00])]
        let loaded = try sandbox.run(try Hex.parseBytes("0fae16"), from: withMisalignedMode, observeVectorState: true)
        profile.mxcsrMask = loaded.exception == nil && loaded.vector?.mxcsr == 0x2_1F80 ? 0x2_FFFF : 0xFFFF
        // VFMADDPS xmm0, xmm0, xmm0, xmm0 (FMA4): #UD where the CPU does not run FMA4.
        switch try behaviour("c4e37968c000").exception?.vector {
        case nil: profile.runsFMA4 = true
        case .ud?: profile.runsFMA4 = false
        default: profile.runsFMA4 = nil
        }
        profile.reservedPrecisionIsExtended = try reservedPrecisionIsExtended()
        profile.x87PointerBits = try x87PointerBits()
        profile.weighsInvalidDecimalDigits = try weighsInvalidDecimalDigits()
        progress("behaviours")
        var answers: [UndefinedFlagsQuestion: UndefinedFlagsAnswer] = [:]
        for question in UndefinedFlagsQuestion.allCases {
            if let answer = try learn(question, behaviours: profile, cases: cases, seed: seed) { answers[question] = answer }
            progress(question.rawValue)
        }
        for (question, answer) in answers { profile = profile.answering(question, with: answer) }
        return profile
    }

    /// The answers one flag can have, in the order a tie is broken. `kept` leaves the flag as the
    /// semantics computed it, which is the input value where they compute nothing; where they
    /// compute a constant it ties with `cleared` or `set`, and the constant wins.
    private enum Candidate: CaseIterable {
        case cleared, set, parity, kept

        func answer(for flag: UInt64) -> UndefinedFlagsAnswer {
            switch self {
            case .kept: UndefinedFlagsAnswer(kept: flag)
            case .cleared: UndefinedFlagsAnswer()
            case .set: UndefinedFlagsAnswer(set: flag)
            case .parity: UndefinedFlagsAnswer(parity: flag)
            }
        }
    }

    private func learn(_ question: UndefinedFlagsQuestion, behaviours: CPUProfile, cases: Int,
                       seed: UInt64) throws -> UndefinedFlagsAnswer? {
        let flags = Self.flags(of: question)
        let perFlag = RFlags.named.filter { flags & $0.mask != 0 }.map(\.mask)
        // Every flag starts with every answer possible (parity only for PF); cases strike them out.
        var possible = Dictionary(uniqueKeysWithValues: perFlag.map { flag in
            (flag, Set(Candidate.allCases.filter { $0 != .parity || flag == RFlags.pf }))
        })
        var seen: UInt64 = 0
        let randomizer = StateRandomizer(seed: seed)
        for (probeIndex, probe) in (Self.probes[question] ?? []).enumerated() {
            guard let instruction = decoder.decode(try Hex.parseBytes(probe.hex)) else { continue }
            for caseIndex in 0..<UInt64(cases) {
                var state = randomizer.state(for: instruction, caseIndex: UInt64(probeIndex) << 32 | caseIndex)
                for (register, value) in probe.pinned { state.gpr[register] = value }
                probe.adjust?(&state)
                let cpu = try sandbox.run(instruction.bytes, from: state, observeVectorState: false)
                guard cpu.exception == nil else { continue }
                for flag in perFlag {
                    for candidate in possible[flag] ?? [] {
                        let trial = behaviours.answering(question, with: candidate.answer(for: flag))
                        guard let prediction = ReferenceModel(profile: trial).predict(instruction, from: state),
                              prediction.outcome.exception == nil, prediction.undefinedFlags & flag != 0 else { continue }
                        seen |= flag
                        if (prediction.outcome.rflags ^ cpu.rflags) & flag != 0 { possible[flag]?.remove(candidate) }
                    }
                }
            }
        }
        var answer = UndefinedFlagsAnswer()
        for flag in perFlag where seen & flag != 0 {
            let left = possible[flag] ?? []
            guard let chosen = Candidate.allCases.first(where: left.contains) else { return nil }
            switch chosen {
            case .kept: answer.kept |= flag
            case .set: answer.set |= flag
            case .parity: answer.parity |= flag
            case .cleared: break
            }
        }
        return answer
    }

    private func behaviour(_ hex: String, _ registers: [(GPR, UInt64)] = [], rflags: UInt64? = nil) throws -> Outcome {
        var state = MachineState.defaults
        for (register, value) in registers { state.gpr[register] = value }
        if let rflags { state.rflags = rflags }
        return try sandbox.run(try Hex.parseBytes(hex), from: state, observeVectorState: false)
    }

    /// The fault every probe raises from the default state, nil if they disagree or one does not fault so.
    private func userLevelFault(_ probes: [String]) throws -> UserLevelFault? {
        var answers = Set<UserLevelFault?>()
        for probe in probes {
            switch try behaviour(probe).exception {
            case let exception? where exception.vector == .gp && exception.errorCode == 0: answers.insert(.generalProtection)
            case let exception? where exception.vector == .ud: answers.insert(.invalidOpcode)
            default: answers.insert(nil)
            }
        }
        return answers.count == 1 ? answers.first! : nil
    }

    private func wordByteSwap() throws -> WordByteSwap? {
        for value: UInt64 in [0x1234_5678, 0xFFFF_FFFF_ABCD_EF01, 0x8000] {
            let outcome = try behaviour("660fc8", [(.rax, value)])
            guard outcome.exception == nil, outcome.gpr[.rax] == value & ~0xFFFF else { return nil }
        }
        return .clearsLowWord
    }

    private func oversizedWordDoubleShift() throws -> OversizedWordDoubleShift? {
        for (destination, source, count) in [(UInt64(0x1234), UInt64(0xABCD), UInt64(20)), (0xF00F, 0x0FF0, 17), (0x8001, 0x7FFE, 31)] {
            for left in [true, false] {
                let outcome = try behaviour(left ? "660fa5d8" : "660fadd8", [(.rax, destination), (.rbx, source), (.rcx, count)])
                let expected = left ? (((destination << 32 | source << 16 | source) << count) >> 32) & 0xFFFF
                                    : ((source << 32 | source << 16 | destination) >> count) & 0xFFFF
                guard outcome.exception == nil, outcome.gpr[.rax] & 0xFFFF == expected else { return nil }
            }
        }
        return .shiftsThroughDoubledSource
    }

    /// FIP 0x5555...55 loaded with an exception pending and saved again (FNOP raises #MF): the
    /// low bits the CPU kept, the top one sign-extended.
    private func x87PointerBits() throws -> Int? {
        var state = MachineState.defaults
        state.vector.fcw = 0x037E
        state.vector.fsw = 0x0001
        state.vector.x87Pointers = X87Pointers(fip: 0x5555_5555_5555_5555, fdp: 0xAAAA_AAAA_AAAA_AAAA)
        let outcome = try sandbox.run([0xD9, 0xD0], from: state, observeVectorState: true)
        guard let saved = outcome.vector?.x87Pointers else { return nil }
        return (48...64).first { state.vector.x87Pointers.kept(bits: $0) == saved }
    }

    /// FBLD of the digits B A D C F E (low first): 1,563,411 when each counts at its power of ten.
    private func weighsInvalidDecimalDigits() throws -> Bool? {
        var state = MachineState.defaults
        state.memoryPatches = [MemoryRun(address: state.gpr[.rsp], bytes: [0xAB, 0xCD, 0xEF] + [UInt8](repeating: 0, count: 7))]
        let outcome = try sandbox.run([0xDF, 0x24, 0x24], from: state, observeVectorState: true)
        guard outcome.exception == nil, let loaded = outcome.vector?.st[0] else { return nil }
        return loaded == X87Register(significand: 0xBED8_9800_0000_0000, signExponent: 0x4013)
    }

    /// FADD st0, st1 of 1 and 2^-60 under FCW 017Fh (precision control 01b): exact at 64 bits only.
    private func reservedPrecisionIsExtended() throws -> Bool? {
        var state = MachineState.defaults
        state.vector.fcw = 0x017F
        state.vector.ftw = 0x03
        state.vector.st[0] = X87Register(significand: 1 << 63, signExponent: 0x3FFF)
        state.vector.st[1] = X87Register(significand: 1 << 63, signExponent: 0x3FFF - 60)
        let outcome = try sandbox.run([0xD8, 0xC1], from: state, observeVectorState: true)
        guard outcome.exception == nil, let result = outcome.vector?.st[0], result.signExponent == 0x3FFF else { return nil }
        switch result.significand {
        case 1 << 63 | 1 << 3: return true
        case 1 << 63: return false
        default: return nil
        }
    }
}
