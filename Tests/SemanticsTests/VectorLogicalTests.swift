import Testing
import TestSupport

/// PAND PANDN POR PXOR and the ANDPS/ANDNPS/ORPS/XORPS family (PS and PD): legacy SSE (register and
/// memory), VEX.128 and VEX.256 forms, against what the CPU did. Faulting cases: a wrong mandatory
/// prefix (#UD). (A misaligned legacy 16-byte operand raises #GP(0) on the CPU, which kvm_pvm
/// reports as #UD unless KVM's emulator knows the instruction, as it knows MOVDQA; such cases
/// cannot be recorded.)
struct VectorLogicalTests {
    private static let s = VectorInputs.registers

    static let answers: [KnownAnswer] = [
        ("660fdbca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8000003040506000080e05000b0009000"),
        ("c4e161dbca \(s)", "ymm1=0x0000000000000000000000000000000001000300000007080000d0c080001080"),
        ("c4e165dbca \(s)", "ymm1=0x0f0e000000000908070600000302000001000300000007080000d0c080001080"),
        ("660fdfca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b80102000000000708700080c000a00080"),
        ("660fdf08 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b84ac900008000c4c27d00808001010200"),
        ("c4e161dfca \(s)", "ymm1=0x000000000000000000000000000000000002000405060000f0e0000030a08000"),
        ("c4e165dfca \(s)", "ymm1=0x00000d0c0b0a000000000504000001000002000405060000f0e0000030a08000"),
        ("c4e165df08 \(s)", "ymm1=0x800060504030000000017e7d80017efe00c900c746458080fd0200007f018000"),
        ("660febca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b88102ffff7fff0709f0ffffc1fea2fd83"),
        ("c4e161ebca \(s)", "ymm1=0x00000000000000000000000000000000ff02ff0485867f7ff0e1fffeb0a0ffff"),
        ("c4e165ebca \(s)", "ymm1=0x7fff8d0c0b0bfffffffe05067ffe8101ff02ff0485867f7ff0e1fffeb0a0ffff"),
        ("660fefca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b88102fcfb7af90709701fafc14ea26d83"),
        ("c4e161efca \(s)", "ymm1=0x00000000000000000000000000000000fe02fc0485867877f0e12f3e30a0ef7f"),
        ("c4e165efca \(s)", "ymm1=0x70f18d0c0b0bf6f7f8f805067cfc8101fe02fc0485867877f0e12f3e30a0ef7f"),
        ("0f54ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8000003040506000080e05000b0009000"),
        ("c4e16054ca \(s)", "ymm1=0x0000000000000000000000000000000001000300000007080000d0c080001080"),
        ("c4e16454ca \(s)", "ymm1=0x0f0e000000000908070600000302000001000300000007080000d0c080001080"),
        ("0f55ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b80102000000000708700080c000a00080"),
        ("0f5508 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b84ac900008000c4c27d00808001010200"),
        ("c4e16055ca \(s)", "ymm1=0x000000000000000000000000000000000002000405060000f0e0000030a08000"),
        ("c4e16455ca \(s)", "ymm1=0x00000d0c0b0a000000000504000001000002000405060000f0e0000030a08000"),
        ("c4e1645508 \(s)", "ymm1=0x800060504030000000017e7d80017efe00c900c746458080fd0200007f018000"),
        ("0f56ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b88102ffff7fff0709f0ffffc1fea2fd83"),
        ("c4e16056ca \(s)", "ymm1=0x00000000000000000000000000000000ff02ff0485867f7ff0e1fffeb0a0ffff"),
        ("c4e16456ca \(s)", "ymm1=0x7fff8d0c0b0bfffffffe05067ffe8101ff02ff0485867f7ff0e1fffeb0a0ffff"),
        ("0f57ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b88102fcfb7af90709701fafc14ea26d83"),
        ("c4e16057ca \(s)", "ymm1=0x00000000000000000000000000000000fe02fc0485867877f0e12f3e30a0ef7f"),
        ("c4e16457ca \(s)", "ymm1=0x70f18d0c0b0bf6f7f8f805067cfc8101fe02fc0485867877f0e12f3e30a0ef7f"),
        ("660f54ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8000003040506000080e05000b0009000"),
        ("c4e16154ca \(s)", "ymm1=0x0000000000000000000000000000000001000300000007080000d0c080001080"),
        ("c4e16554ca \(s)", "ymm1=0x0f0e000000000908070600000302000001000300000007080000d0c080001080"),
        ("660f55ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b80102000000000708700080c000a00080"),
        ("660f5508 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b84ac900008000c4c27d00808001010200"),
        ("c4e16155ca \(s)", "ymm1=0x000000000000000000000000000000000002000405060000f0e0000030a08000"),
        ("c4e16555ca \(s)", "ymm1=0x00000d0c0b0a000000000504000001000002000405060000f0e0000030a08000"),
        ("c4e1655508 \(s)", "ymm1=0x800060504030000000017e7d80017efe00c900c746458080fd0200007f018000"),
        ("660f56ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b88102ffff7fff0709f0ffffc1fea2fd83"),
        ("c4e16156ca \(s)", "ymm1=0x00000000000000000000000000000000ff02ff0485867f7ff0e1fffeb0a0ffff"),
        ("c4e16556ca \(s)", "ymm1=0x7fff8d0c0b0bfffffffe05067ffe8101ff02ff0485867f7ff0e1fffeb0a0ffff"),
        ("660f57ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b88102fcfb7af90709701fafc14ea26d83"),
        ("c4e16157ca \(s)", "ymm1=0x00000000000000000000000000000000fe02fc0485867877f0e12f3e30a0ef7f"),
        ("c4e16557ca \(s)", "ymm1=0x70f18d0c0b0bf6f7f8f805067cfc8101fe02fc0485867877f0e12f3e30a0ef7f"),
        ("f30f54ca \(s)", "#UD"),
        ("f2660f57ca \(s)", "#UD"),
    ].map(KnownAnswer.init)

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer) }

    @Test(.needsRecordingCPU,
          arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }
}
