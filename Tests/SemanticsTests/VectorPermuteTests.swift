import Testing
import TestSupport

/// VPERMD VPERMQ VPERM2I128 VINSERTI128 VEXTRACTI128 VPBROADCASTB/W/D/Q: legacy SSE (register and
/// memory), VEX.128 and VEX.256 forms, against what the CPU did. Faulting cases: VEX.W1 (#UD), #AC.
/// (A misaligned legacy 16-byte operand raises #GP(0) on the CPU, which kvm_pvm reports as #UD
/// unless KVM's emulator knows the instruction, as it knows MOVDQA; such cases cannot be recorded.)
struct VectorPermuteTests {
    private static let s = VectorInputs.registers

    static let answers: [KnownAnswer] = [
        ("c4e26536ca \(s) ymm3=0x0000000700000003000000080000000100000006fffffffa0000000200000005", "ymm1=0x0f0e0d0c01020304b0a09080f0e0d0c00b0a0908050607080506070807060504"),
        ("c4e2653608 \(s) ymm3=0x0000000700000003000000080000000100000006fffffffa0000000200000005", "ymm1=0x80706050cac9c8c77f01ff00fd02fe8040302010c6c5c4c3c6c5c4c37c7d7e7f"),
        ("c4e2e536ca \(s) ymm3=0x0000000700000003000000080000000100000006fffffffa0000000200000005", "#UD"),
        ("c4e3fd00ca1b \(s)", "ymm1=0xf0e0d0c0b0a09080010203040506070807060504030201000f0e0d0c0b0a0908"),
        ("c4e3fd00ca4e \(s)", "ymm1=0x0102030405060708f0e0d0c0b0a090800f0e0d0c0b0a09080706050403020100"),
        ("c4e3fd00cae4 \(s)", "ymm1=0x0f0e0d0c0b0a090807060504030201000102030405060708f0e0d0c0b0a09080"),
        ("c4e3fd000893 \(s)", "ymm1=0x7c7d7e7ffcfdfeffcac9c8c7c6c5c4c3fd02fe807f01ff008070605040302010"),
        ("c4e36546ca21 \(s)", "ymm1=0x0102030405060708f0e0d0c0b0a090807fff80000001fffffffe00027ffe8001"),
        ("c4e36546ca83 \(s)", "ymm1=0x000000000000000000000000000000000f0e0d0c0b0a09080706050403020100"),
        ("c4e36546ca38 \(s)", "ymm1=0x0f0e0d0c0b0a0908070605040302010000000000000000000000000000000000"),
        ("c4e36546ca02 \(s)", "ymm1=0xff00ff0080807f7f0001fffe80007fff0102030405060708f0e0d0c0b0a09080"),
        ("c4e36546caff \(s)", "ymm1=0x0000000000000000000000000000000000000000000000000000000000000000"),
        ("c4e365460830 \(s)", "ymm1=0x80706050403020107c7d7e7ffcfdfeffff00ff0080807f7f0001fffe80007fff"),
        ("c4e3e546ca21 \(s)", "#UD"),
        ("c4e36538ca01 \(s)", "ymm1=0x0102030405060708f0e0d0c0b0a09080ff00ff0080807f7f0001fffe80007fff"),
        ("c4e36538ca02 \(s)", "ymm1=0x7fff80000001fffffffe00027ffe80010102030405060708f0e0d0c0b0a09080"),
        ("c4e365380800 \(s)", "ymm1=0x7fff80000001fffffffe00027ffe8001cac9c8c7c6c5c4c3fd02fe807f01ff00"),
        ("c4e3e538ca01 \(s)", "#UD"),
        ("c4e37d39ca01 \(s)", "ymm2=0x00000000000000000000000000000000a1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8"),
        ("c4e37d39ca00 \(s)", "ymm2=0x000000000000000000000000000000008000ffff7fff000180ff7f01fe02fd03"),
        ("c4e37d390801 \(s)", "mem:0x20040=b8b7b6b5b4b3b2b1a8a7a6a5a4a3a2a1"),
        ("c4e3fd39ca01 \(s)", "#UD"),
        ("c4e27978ca \(s)", "ymm1=0x0000000000000000000000000000000080808080808080808080808080808080"),
        ("c4e27d78ca \(s)", "ymm1=0x8080808080808080808080808080808080808080808080808080808080808080"),
        ("c4e27d7808 \(s)", "ymm1=0x0000000000000000000000000000000000000000000000000000000000000000"),
        ("c4e2f978ca \(s)", "#UD"),
        ("c4e27979ca \(s)", "ymm1=0x0000000000000000000000000000000090809080908090809080908090809080"),
        ("c4e27d79ca \(s)", "ymm1=0x9080908090809080908090809080908090809080908090809080908090809080"),
        ("c4e27d7908 \(s)", "ymm1=0xff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00"),
        ("c4e2f979ca \(s)", "#UD"),
        ("c4e27958ca \(s)", "ymm1=0x00000000000000000000000000000000b0a09080b0a09080b0a09080b0a09080"),
        ("c4e27d58ca \(s)", "ymm1=0xb0a09080b0a09080b0a09080b0a09080b0a09080b0a09080b0a09080b0a09080"),
        ("c4e27d5808 \(s)", "ymm1=0x7f01ff007f01ff007f01ff007f01ff007f01ff007f01ff007f01ff007f01ff00"),
        ("c4e2f958ca \(s)", "#UD"),
        ("c4e27959ca \(s)", "ymm1=0x00000000000000000000000000000000f0e0d0c0b0a09080f0e0d0c0b0a09080"),
        ("c4e27d59ca \(s)", "ymm1=0xf0e0d0c0b0a09080f0e0d0c0b0a09080f0e0d0c0b0a09080f0e0d0c0b0a09080"),
        ("c4e27d5908 \(s)", "ymm1=0xfd02fe807f01ff00fd02fe807f01ff00fd02fe807f01ff00fd02fe807f01ff00"),
        ("c4e2f959ca \(s)", "#UD"),
        ("c4e27d5908 \(s) rax=0x20044 rflags=0x40202", "#AC(0x0)"),
    ].map(KnownAnswer.init)

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer) }

    @Test(.needsRecordingCPU,
          arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }
}
