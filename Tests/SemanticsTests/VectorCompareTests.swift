import Testing
import TestSupport

/// PCMPEQ and PCMPGT at every width, PTEST and its flags: legacy SSE (register and memory), VEX.128
/// and VEX.256 forms, against what the CPU did. Faulting cases: none beyond the shared operand
/// rules. (A misaligned legacy 16-byte operand raises #GP(0) on the CPU, which kvm_pvm reports as
/// #UD unless KVM's emulator knows the instruction, as it knows MOVDQA; such cases cannot be
/// recorded.)
struct VectorCompareTests {
    private static let s = VectorInputs.registers

    static let answers: [KnownAnswer] = [
        ("660f74ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000000000000000000000000000"),
        ("c4e16174ca \(s)", "ymm1=0x0000000000000000000000000000000000000000000000000000000000000000"),
        ("c4e16574ca \(s)", "ymm1=0x0000000000000000000000000000000000000000000000000000000000000000"),
        ("660f75ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000000000000000000000000000"),
        ("c4e16175ca \(s)", "ymm1=0x0000000000000000000000000000000000000000000000000000000000000000"),
        ("c4e16575ca \(s)", "ymm1=0x0000000000000000000000000000000000000000000000000000000000000000"),
        ("660f76ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000000000000000000000000000"),
        ("660f7608 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000000000000000000000000000"),
        ("c4e16176ca \(s)", "ymm1=0x0000000000000000000000000000000000000000000000000000000000000000"),
        ("c4e16576ca \(s)", "ymm1=0x0000000000000000000000000000000000000000000000000000000000000000"),
        ("c4e1657608 \(s)", "ymm1=0x0000000000000000000000000000000000000000000000000000000000000000"),
        ("660f64ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000ff00000000ffffffffffffff"),
        ("660f6408 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800ffffffffffffff0000ffff00ff00ff"),
        ("c4e16164ca \(s)", "ymm1=0x00000000000000000000000000000000000000000000ffffffffffff00ffffff"),
        ("c4e16564ca \(s)", "ymm1=0xff0000000000000000000000ff0000ff000000000000ffffffffffff00ffffff"),
        ("c4e1656408 \(s)", "ymm1=0xff0000000000000000000000ffff00ffffffffff0000ffffff00ffff0000ff00"),
        ("660f65ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000ffff00000000ffffffffffff"),
        ("c4e16165ca \(s)", "ymm1=0x00000000000000000000000000000000000000000000ffffffffffff0000ffff"),
        ("c4e16565ca \(s)", "ymm1=0xffff00000000000000000000ffff0000000000000000ffffffffffff0000ffff"),
        ("660f66ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000ffffffff00000000ffffffff"),
        ("c4e16166ca \(s)", "ymm1=0x000000000000000000000000000000000000000000000000ffffffff00000000"),
        ("c4e16566ca \(s)", "ymm1=0xffffffff0000000000000000ffffffff0000000000000000ffffffff00000000"),
        ("660f3829ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000000000000000000000000000"),
        ("660f382908 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000000000000000000000000000"),
        ("c4e26129ca \(s)", "ymm1=0x0000000000000000000000000000000000000000000000000000000000000000"),
        ("c4e26529ca \(s)", "ymm1=0x0000000000000000000000000000000000000000000000000000000000000000"),
        ("c4e2652908 \(s)", "ymm1=0x0000000000000000000000000000000000000000000000000000000000000000"),
        ("660f3837ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000000000000000000000000000"),
        ("660f383708 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000000000000000000000000000"),
        ("c4e26137ca \(s)", "ymm1=0x000000000000000000000000000000000000000000000000ffffffffffffffff"),
        ("c4e26537ca \(s)", "ymm1=0xffffffffffffffff00000000000000000000000000000000ffffffffffffffff"),
        ("c4e2653708 \(s)", "ymm1=0xffffffffffffffff0000000000000000ffffffffffffffffffffffffffffffff"),
        ("660f3817ca \(s)", ""),
        ("660f381708 \(s)", ""),
        ("c4e27917ca \(s)", ""),
        ("c4e27d17ca \(s)", ""),
        ("c4e27d1708 \(s)", ""),
        ("660f3817ca ymm1=0x0 ymm2=0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff", "rflags=0x242"),
        ("660f3817d1 ymm1=0x0 ymm2=0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff", "rflags=0x243"),
        ("c4e27d17ca ymm1=0x0 ymm2=0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff", "rflags=0x242"),
        ("c4e27d17d1 ymm1=0x0 ymm2=0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff", "rflags=0x243"),
        ("c4e27d17ca ymm1=0x80000000000000000000000000000000ffffffffffffffffffffffffffffffff ymm2=0x0f0e0d0c0b0a090807060504030201000102030405060708f0e0d0c0b0a09080", ""),
    ].map(KnownAnswer.init)

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer) }

    @Test(.needsRecordingCPU,
          arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }
}
