import Testing
import TestSupport

/// PINSR and PEXTR at every width (GPR and memory), PMOVSX and PMOVZX: legacy SSE (register and
/// memory), VEX.128 and VEX.256 forms, against what the CPU did. Faulting cases: #PF and #AC at the
/// element's own size. (A misaligned legacy 16-byte operand raises #GP(0) on the CPU, which kvm_pvm
/// reports as #UD unless KVM's emulator knows the instruction, as it knows MOVDQA; such cases
/// cannot be recorded.)
struct VectorInsertExtractTests {
    private static let s = VectorInputs.registers

    static let answers: [KnownAnswer] = [
        ("660f3a20c90d \(s) rcx=0x8899aabbccddeeff", ""),
        ("660f3a20080d \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8800000ff7fff000180ff7f01fe02fd03"),
        ("c4e36120c90d \(s) rcx=0x8899aabbccddeeff", "ymm1=0x00000000000000000000000000000000ff00ff0080807f7f0001fffe80007fff"),
        ("660f3a22c903 \(s) rcx=0x8899aabbccddeeff", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8ccddeeff7fff000180ff7f01fe02fd03"),
        ("660f3a220803 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b87f01ff007fff000180ff7f01fe02fd03"),
        ("c4e36122c903 \(s) rcx=0x8899aabbccddeeff", "ymm1=0x00000000000000000000000000000000ccddeeff80807f7f0001fffe80007fff"),
        ("66480f3a22c901 \(s) rcx=0x8899aabbccddeeff", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b88899aabbccddeeff80ff7f01fe02fd03"),
        ("66480f3a220801 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8fd02fe807f01ff0080ff7f01fe02fd03"),
        ("c4e3e122c901 \(s) rcx=0x8899aabbccddeeff", "ymm1=0x000000000000000000000000000000008899aabbccddeeff0001fffe80007fff"),
        ("660fc4c906 \(s) rcx=0x8899aabbccddeeff", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b88000eeff7fff000180ff7f01fe02fd03"),
        ("660fc40806 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b88000ff007fff000180ff7f01fe02fd03"),
        ("c4e161c4c906 \(s) rcx=0x8899aabbccddeeff", "ymm1=0x00000000000000000000000000000000ff00eeff80807f7f0001fffe80007fff"),
        ("660f3a14c80b \(s)", "rax=0x7f"),
        ("660f3a14080b \(s)", "mem:0x20040=7f"),
        ("c4e37914c80b \(s)", "rax=0x7f"),
        ("660f3a15c805 \(s)", "rax=0x7fff"),
        ("660f3a150805 \(s)", "mem:0x20040=ff7f"),
        ("c4e37915c805 \(s)", "rax=0x7fff"),
        ("660f3a16c802 \(s)", "rax=0x7fff0001"),
        ("660f3a160802 \(s)", "mem:0x20040=0100ff"),
        ("c4e37916c802 \(s)", "rax=0x7fff0001"),
        ("66480f3a16c801 \(s)", "rax=0x8000ffff7fff0001"),
        ("66480f3a160801 \(s)", "mem:0x20040=0100ff mem:0x20044=ffff0080"),
        ("660fc5c103 \(s)", "rax=0x80ff"),
        ("66480fc5c103 \(s)", "rax=0x80ff"),
        ("c4e179c5c107 \(s)", "rax=0x8000"),
        ("660f3a150805 \(s) rax=0x20041 rflags=0x40202", "#AC(0x0)"),
        ("660f3820ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8fff0ffe0ffd0ffc0ffb0ffa0ff90ff80"),
        ("660f382008 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8fffd0002fffeff80007f0001ffff0000"),
        ("c4e27920ca \(s)", "ymm1=0x00000000000000000000000000000000fff0ffe0ffd0ffc0ffb0ffa0ff90ff80"),
        ("c4e27d20ca \(s)", "ymm1=0x00010002000300040005000600070008fff0ffe0ffd0ffc0ffb0ffa0ff90ff80"),
        ("c4e27d2008 \(s)", "ymm1=0xffcaffc9ffc8ffc7ffc6ffc5ffc4ffc3fffd0002fffeff80007f0001ffff0000"),
        ("660f3821ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8ffffffb0ffffffa0ffffff90ffffff80"),
        ("c4e27921ca \(s)", "ymm1=0x00000000000000000000000000000000ffffffb0ffffffa0ffffff90ffffff80"),
        ("c4e27d21ca \(s)", "ymm1=0xfffffff0ffffffe0ffffffd0ffffffc0ffffffb0ffffffa0ffffff90ffffff80"),
        ("660f3822ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8ffffffffffffff90ffffffffffffff80"),
        ("660f382208 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8ffffffffffffffff0000000000000000"),
        ("c4e27922ca \(s)", "ymm1=0x00000000000000000000000000000000ffffffffffffff90ffffffffffffff80"),
        ("c4e27d22ca \(s)", "ymm1=0xffffffffffffffb0ffffffffffffffa0ffffffffffffff90ffffffffffffff80"),
        ("c4e27d2208 \(s)", "ymm1=0x000000000000007f0000000000000001ffffffffffffffff0000000000000000"),
        ("660f3823ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8fffff0e0ffffd0c0ffffb0a0ffff9080"),
        ("c4e27923ca \(s)", "ymm1=0x00000000000000000000000000000000fffff0e0ffffd0c0ffffb0a0ffff9080"),
        ("c4e27d23ca \(s)", "ymm1=0x00000102000003040000050600000708fffff0e0ffffd0c0ffffb0a0ffff9080"),
        ("660f3824ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8ffffffffffffb0a0ffffffffffff9080"),
        ("c4e27924ca \(s)", "ymm1=0x00000000000000000000000000000000ffffffffffffb0a0ffffffffffff9080"),
        ("c4e27d24ca \(s)", "ymm1=0xfffffffffffff0e0ffffffffffffd0c0ffffffffffffb0a0ffffffffffff9080"),
        ("660f3825ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8fffffffff0e0d0c0ffffffffb0a09080"),
        ("c4e27925ca \(s)", "ymm1=0x00000000000000000000000000000000fffffffff0e0d0c0ffffffffb0a09080"),
        ("c4e27d25ca \(s)", "ymm1=0x00000000010203040000000005060708fffffffff0e0d0c0ffffffffb0a09080"),
        ("660f3830ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800f000e000d000c000b000a000900080"),
        ("c4e27930ca \(s)", "ymm1=0x0000000000000000000000000000000000f000e000d000c000b000a000900080"),
        ("c4e27d30ca \(s)", "ymm1=0x0001000200030004000500060007000800f000e000d000c000b000a000900080"),
        ("660f3831ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8000000b0000000a00000009000000080"),
        ("660f383108 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b80000007f00000001000000ff00000000"),
        ("c4e27931ca \(s)", "ymm1=0x00000000000000000000000000000000000000b0000000a00000009000000080"),
        ("c4e27d31ca \(s)", "ymm1=0x000000f0000000e0000000d0000000c0000000b0000000a00000009000000080"),
        ("c4e27d3108 \(s)", "ymm1=0x000000fd00000002000000fe000000800000007f00000001000000ff00000000"),
        ("660f3832ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000000000900000000000000080"),
        ("c4e27932ca \(s)", "ymm1=0x0000000000000000000000000000000000000000000000900000000000000080"),
        ("c4e27d32ca \(s)", "ymm1=0x00000000000000b000000000000000a000000000000000900000000000000080"),
        ("660f3833ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b80000f0e00000d0c00000b0a000009080"),
        ("c4e27933ca \(s)", "ymm1=0x000000000000000000000000000000000000f0e00000d0c00000b0a000009080"),
        ("c4e27d33ca \(s)", "ymm1=0x000001020000030400000506000007080000f0e00000d0c00000b0a000009080"),
        ("660f3834ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8000000000000b0a00000000000009080"),
        ("c4e27934ca \(s)", "ymm1=0x00000000000000000000000000000000000000000000b0a00000000000009080"),
        ("c4e27d34ca \(s)", "ymm1=0x000000000000f0e0000000000000d0c0000000000000b0a00000000000009080"),
        ("660f3835ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000f0e0d0c000000000b0a09080"),
        ("660f383508 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000fd02fe80000000007f01ff00"),
        ("c4e27935ca \(s)", "ymm1=0x0000000000000000000000000000000000000000f0e0d0c000000000b0a09080"),
        ("c4e27d35ca \(s)", "ymm1=0x0000000001020304000000000506070800000000f0e0d0c000000000b0a09080"),
        ("c4e27d3508 \(s)", "ymm1=0x00000000cac9c8c700000000c6c5c4c300000000fd02fe80000000007f01ff00"),
        ("660f382008 \(s) rax=0x21ffc", "#PF(0x4) cr2=0x22000"),
        ("660f382208 \(s) rax=0x21fff rflags=0x40202", "#AC(0x0)"),
        ("660f382008 \(s) rax=0x20044 rflags=0x40202", "#AC(0x0)"),
    ].map(KnownAnswer.init)

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer) }

    @Test(.needsRecordingCPU,
          arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }
}
