import Testing
import TestSupport

/// LDMXCSR, STMXCSR (legacy and VEX), VZEROUPPER and VZEROALL as the CPU ran them (recorded on
/// Zen 4): MXCSR in and out of memory, bit 17 (MXCSR_MASK 0x2FFFF), #PF and #AC of the 4-byte
/// access, the upper halves cleared. (Capstone 4 cannot decode VLDMXCSR with VEX.L=1, the CPU's #UD.) (A reserved MXCSR bit raises #GP(0) on the CPU,
/// which kvm_pvm reports as #UD; such cases cannot be recorded.)
struct FloatControlTests {
    private static let y = "ymm3=0x1111111111111111222222222222222233333333333333334444444444444444 "
        + "ymm15=0x5555555555555555666666666666666677777777777777778888888888888888"

    static let answers: [KnownAnswer] = [
        ("0fae18 rax=0x20040 mxcsr=0x3fa1", "mem:0x20040=a13f0000"),
        ("c5f8ae18 rax=0x20040 mxcsr=0x9fc0", "mem:0x20040=c09f0000"),
        ("0fae10 rax=0x20040 mem:0x20040=a05f0000", "mxcsr=0x5fa0"),
        ("0fae10 rax=0x20040 mem:0x20040=803f0200", "mxcsr=0x23f80"),
        ("c5f8ae10 rax=0x20040 mem:0x20040=c09f0000", "mxcsr=0x9fc0"),
        ("0fae18 rax=0x21ffe", "#PF(0x6) cr2=0x22000"),
        ("0fae18 rax=0x20041 rflags=0x40202", "#AC(0x0)"),
        ("c5f877 \(y)", "ymm3=0x0000000000000000000000000000000033333333333333334444444444444444 "
            + "ymm15=0x0000000000000000000000000000000077777777777777778888888888888888"),
        ("c5fc77 \(y)", "ymm3=0x0000000000000000000000000000000000000000000000000000000000000000 "
            + "ymm15=0x0000000000000000000000000000000000000000000000000000000000000000"),
    ].map(KnownAnswer.init)

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer) }

    @Test(.needsRecordingCPU, arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }
}
