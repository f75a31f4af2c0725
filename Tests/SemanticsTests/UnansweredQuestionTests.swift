import Decoding
import Semantics
import Testing
import X86

/// A case whose outcome depends on a profile question is predicted as the profile answers it,
/// and not at all where the profile does not know (`generic`).
struct UnansweredQuestionTests {
    private static func predict(_ hex: String, _ registers: [(GPR, UInt64)] = [], zf: Bool = false,
                                profile: CPUProfile) throws -> Prediction? {
        let instruction = try #require(try InstructionDecoder().decode(Hex.parseBytes(hex)))
        var state = MachineState.defaults
        for (register, value) in registers { state.gpr[register] = value }
        if zf { state.rflags |= RFlags.zf }
        return ReferenceModel(profile: profile).predict(instruction, from: state)
    }

    /// CMPSW with both operands on different not-present pages: CR2 names the operand checked first
    /// (Zen 5: [rSI], measured with `x86fuzz exec 66a7`; Zen 4: [rDI]).
    @Test func compareCheckOrder() throws {
        let operands: [(GPR, UInt64)] = [(.rsi, 0x4000_0000), (.rdi, 0x5000_0000)]
        #expect(try Self.predict("66a7", operands, profile: .generic) == nil)
        #expect(try Self.predict("66a7", operands, profile: .amdZen4)?.outcome.exception?.cr2 == 0x5000_0000)
        #expect(try Self.predict("66a7", operands, profile: .amdZen5)?.outcome.exception?.cr2 == 0x4000_0000)
        // Where both orders give the same fault, generic predicts it.
        let sameFault = try Self.predict("66a7", [(.rsi, 0x4000_0000), (.rdi, 0x4000_0000)], profile: .generic)
        #expect(sameFault?.outcome.exception?.cr2 == 0x4000_0000)
    }

    @Test func lockOnAHintNop() throws {
        #expect(try Self.predict("f00f1f00", [(.rax, GuestLayout.dataBase + 0x40)], profile: .generic) == nil)
        let zen4 = try Self.predict("f00f1f00", [(.rax, GuestLayout.dataBase + 0x40)], profile: .amdZen4)
        #expect(zen4 != nil && zen4?.outcome.exception == nil)
    }

    /// F3 LOOPNE with ZF set: the opcode says stop, F3 as CMPS's condition says go on.
    @Test func repeatPrefixOnLoop() throws {
        #expect(try Self.predict("f3e010", [(.rcx, 5)], zf: true, profile: .generic) == nil)
        let zen4 = try #require(try Self.predict("f3e010", [(.rcx, 5)], zf: true, profile: .amdZen4))
        #expect(zen4.outcome.rip == GuestLayout.codeAddress + 3 + 0x10)
        // F3 LOOPE: both readings continue while ZF is set, so generic predicts the branch.
        let agreed = try #require(try Self.predict("f3e110", [(.rcx, 5)], zf: true, profile: .generic))
        #expect(agreed.outcome.rip == GuestLayout.codeAddress + 3 + 0x10)
    }

    /// Capstone 4 decodes LOCK SWAPGS only behind a REP prefix (the committed corpus has one).
    @Test func lockSwapgs() throws {
        #expect(try Self.predict("f2f2f3f0f20f01f8", profile: .generic) == nil)
        #expect(try Self.predict("f2f2f3f0f20f01f8", profile: .amdZen4)?.outcome.exception?.vector == .gp)
    }

    /// MONITOR, MWAIT and SYSEXIT at CPL3: the fault the profile names (Zen 4: #GP(0), measured
    /// with `x86fuzz exec 0f01c8`, `0f01c9`, `0f35`), none without an answer.
    @Test(arguments: ["0f01c8", "0f01c9", "0f35", "480f35"])
    func userLevelFaults(hex: String) throws {
        #expect(try Self.predict(hex, profile: .generic) == nil)
        #expect(try Self.predict(hex, profile: .amdZen4)?.outcome.exception == ExceptionInfo(vector: .gp, errorCode: 0))
        var other = CPUProfile.generic
        other.userLevelMonitorFault = .invalidOpcode
        other.longModeSysexitFault = .invalidOpcode
        #expect(try Self.predict(hex, profile: other)?.outcome.exception == ExceptionInfo(vector: .ud))
    }

    /// 66 JMP rel8: Zen 4 cuts the target to 16 bits (measured); a profile that does not say so
    /// leaves 66 on near branches unpredicted, and a branch without 66 is predicted either way.
    @Test func wordNearBranch() throws {
        #expect(try Self.predict("66eb10", profile: .generic) == nil)
        #expect(try Self.predict("66eb10", profile: .amdZen4)?.outcome.rip == (GuestLayout.codeAddress + 3 + 0x10) & 0xFFFF)
        #expect(try Self.predict("eb10", profile: .generic)?.outcome.rip == GuestLayout.codeAddress + 2 + 0x10)
    }

    /// 66 MOVSXD from the window's last word: a doubleword read (Zen 4, measured) runs into the
    /// page that is not present; a word read (Intel's reading) completes.
    @Test func wordMovsxd() throws {
        let lastWord: [(GPR, UInt64)] = [(.rsi, GuestLayout.dataBase + GuestLayout.dataSize - 2)]
        #expect(try Self.predict("666306", lastWord, profile: .generic) == nil)
        #expect(try Self.predict("666306", lastWord, profile: .amdZen4)?.outcome.exception?.vector == .pf)
        var wordReader = CPUProfile.generic
        wordReader.wordMovsxdReadsDoubleword = false
        let word = try #require(try Self.predict("666306", lastWord, profile: wordReader))
        #expect(word.outcome.exception == nil)
        #expect(try Self.predict("4863c6", profile: .generic) != nil, "REX.W MOVSXD asks nothing")
    }
}
