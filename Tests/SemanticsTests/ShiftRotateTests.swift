import Decoding
import Semantics
import Testing
import TestSupport

/// SHL/SAL SHR SAR ROL ROR RCL RCR SHLD SHRD, every width and count form (implied 1, imm8, CL),
/// counts 0, 1, masked and past the width, against what the CPU did.
struct ShiftRotateTests {
    static let answers: [KnownAnswer] = [
        ("d0e0 rax=0xc1", "rax=0x82 rflags=0x297"),
        ("d0e4 rax=0x4000", "rax=0x8000 rflags=0xa92"),
        ("66d1e0 rax=0x4000", "rax=0x8000 rflags=0xa96"),
        ("d1e0 rax=0xffffffff80000001", "rax=0x2 rflags=0xa13"),
        ("48d1e0 rax=0x4000000000000000", "rax=0x8000000000000000 rflags=0xa96"),
        ("c0e003 rax=0x31", "rax=0x88 rflags=0x297"),
        ("c1e001 rax=0x80000000", "rax=0x0 rflags=0xa57"),
        ("48c1e03f rax=3", "rax=0x8000000000000000 rflags=0x297"),
        ("d2e0 rax=0x81 rcx=8", "rax=0x0 rflags=0xa57"),
        ("d2e0 rax=0xff rcx=9", "rax=0x0 rflags=0x256"),
        ("66d3e0 rax=0x8001 rcx=16", "rax=0x0 rflags=0xa57"),
        ("d3e0 rax=0x1 rcx=33", "rax=0x2 rflags=0x212"),
        ("48d3e0 rax=0x1 rcx=64 rflags=0xad7", ""),
        ("48d3e0 rax=0x1 rcx=65", "rax=0x2 rflags=0x212"),
        ("d3e0 rax=0xffffffff12345678 rcx=0 rflags=0xad7", "rax=0x12345678"),
        ("c1e000 rax=0xffffffff12345678", "rax=0x12345678"),
        ("66d3e0 rax=0xffffffff12345678 rcx=32", ""),
        ("d3f0 rax=0x80000001 rcx=1", "rax=0x2 rflags=0xa13"),
        ("c0f003 rax=0x31", "rax=0x88 rflags=0x297"),
        ("d0e8 rax=0x81", "rax=0x40 rflags=0xa13"),
        ("66d1e8 rax=0x8001", "rax=0x4000 rflags=0xa17"),
        ("d1e8 rax=0xffffffff00000003", "rax=0x1 rflags=0x213"),
        ("48d3e8 rax=0x8000000000000000 rcx=63", "rax=0x1 rflags=0x212"),
        ("c0e808 rax=0x80", "rax=0x0 rflags=0x257"),
        ("d2e8 rax=0x81 rcx=9", "rax=0x0 rflags=0x256"),
        ("d0f8 rax=0x81", "rax=0xc0 rflags=0x297"),
        ("66c1f804 rax=0x8000", "rax=0xf800 rflags=0x296"),
        ("d3f8 rax=0x80000000 rcx=31", "rax=0xffffffff rflags=0x296"),
        ("48d3f8 rax=0x8000000000000001 rcx=1", "rax=0xc000000000000000 rflags=0x297"),
        ("d2f8 rax=0x81 rcx=9", "rax=0xff rflags=0x297"),
        ("d2f8 rax=0x41 rcx=20", "rax=0x0 rflags=0x256"),
        ("48d326 rsi=0x20100 rcx=4 mem:0x20100=0100000000000080", "rflags=0x212 mem:0x20100=10 mem:0x20107=00"),
        ("d026 rsi=0x20101 rflags=0x40202 mem:0x20101=40", "rflags=0x40a92 mem:0x20101=80"),
        ("d326 rsi=0x20101 rcx=0 rflags=0x40202", "#AC(0x0)"),
        ("d225f00f0000 rcx=0", "#PF(0x7) cr2=0x10ff6"),
        ("d3240c rsp=0x8000000000000000 rcx=0", "#SS(0x0)"),

        ("d0c0 rax=0x81", "rax=0x3 rflags=0xa03"),
        ("d0c0 rax=0x40", "rax=0x80 rflags=0xa02"),
        ("c0c008 rax=0x81", "rflags=0x203"),
        ("66c1c004 rax=0x1234", "rax=0x2341 rflags=0xa03"),
        ("d3c0 rax=0xffffffff80000001 rcx=1", "rax=0x3 rflags=0xa03"),
        ("48d3c0 rax=0x8000000000000001 rcx=0x7f", "rax=0xc000000000000000 rflags=0xa02"),
        ("d0c8 rax=0x01", "rax=0x80 rflags=0xa03"),
        ("d0cc rax=0x0100", "rax=0x8000 rflags=0xa03"),
        ("66d1c8 rax=0x0003", "rax=0x8001 rflags=0xa03"),
        ("c1c810 rax=0x12345678", "rax=0x56781234 rflags=0xa02"),
        ("48c1c83f rax=0x4000000000000000", "rax=0x8000000000000000 rflags=0xa03"),
        ("d2c8 rax=0x81 rcx=16", "rflags=0xa03"),
        ("d0d0 rax=0x80 rflags=0x202", "rax=0x0 rflags=0xa03"),
        ("d0d0 rax=0x40 rflags=0x203", "rax=0x81 rflags=0xa02"),
        ("d2d0 rax=0x81 rcx=9 rflags=0x203", ""),
        ("d2d0 rax=0x81 rcx=10 rflags=0x202", "rax=0x2 rflags=0xa03"),
        ("66d3d0 rax=0x8001 rcx=17 rflags=0x202", "rflags=0xa02"),
        ("66d3d0 rax=0x8001 rcx=18 rflags=0x203", "rax=0x3 rflags=0xa03"),
        ("d3d0 rax=0x80000001 rcx=31 rflags=0x203", "rax=0xe0000000 rflags=0xa02"),
        ("48d3d0 rax=0x8000000000000001 rcx=63 rflags=0x202", "rax=0xa000000000000000 rflags=0xa02"),
        ("48d1d0 rax=0x8000000000000000 rflags=0x203", "rax=0x1 rflags=0xa03"),
        ("d0d8 rax=0x01 rflags=0x203", "rax=0x80 rflags=0xa03"),
        ("d0d8 rax=0x80 rflags=0x202", "rax=0x40 rflags=0xa02"),
        ("d2d8 rax=0x81 rcx=9 rflags=0x202", "rflags=0xa02"),
        ("66d3d8 rax=0x0001 rcx=17 rflags=0x202", ""),
        ("66d3d8 rax=0x8001 rcx=2 rflags=0x203", "rax=0xe000 rflags=0x202"),
        ("d3d8 rax=0x1 rcx=32 rflags=0x203", ""),
        ("d3d8 rax=0xffffffff00000001 rcx=31 rflags=0x202", "rax=0x4"),
        ("48d1d8 rax=1 rflags=0x203", "rax=0x8000000000000000 rflags=0xa03"),
        ("48d3d8 rax=3 rcx=63 rflags=0x202", "rax=0xc"),
        ("d3c0 rax=0xffffffff12345678 rcx=32 rflags=0xad7", "rax=0x12345678"),
        ("d3d0 rax=0xffffffff12345678 rcx=0 rflags=0xad7", "rax=0x12345678"),
        ("d106 rsi=0x20100 mem:0x20100=00000080", "rflags=0xa03 mem:0x20100=01 mem:0x20103=00"),
        ("66d11e rsi=0x20100 rflags=0x203 mem:0x20100=0100", "rflags=0xa03 mem:0x20100=0080"),
        ("d10425f00f0100", "#PF(0x7) cr2=0x10ff0"),

        ("660fa4d801 rax=0x4000 rbx=0x8000", "rax=0x8001 rflags=0xa92"),
        ("660fa5d8 rax=0x1234 rbx=0xabcd rcx=4", "rax=0x234a rflags=0xa13"),
        ("660fa5d8 rax=0x1234 rbx=0xabcd rcx=16", "rax=0xabcd rflags=0x292"),
        ("660fa5d8 rax=0x1234 rbx=0xabcd rcx=17", "rax=0x579b rflags=0x212"),
        ("660fa5d8 rax=0x1234 rbx=0xabcd rcx=31", "rax=0xd5e6 rflags=0x292"),
        ("660fa5d8 rax=0x1234 rbx=0xabcd rcx=32 rflags=0xad7", ""),
        ("0fa4d801 rax=0x80000000 rbx=0x80000000", "rax=0x1 rflags=0xa13"),
        ("0fa5d8 rax=0xffffffff12345678 rbx=0x9abcdef0 rcx=8", "rax=0x3456789a rflags=0x216"),
        ("0fa5d8 rax=0xffffffff12345678 rbx=0x9abcdef0 rcx=32 rflags=0xad7", "rax=0x12345678"),
        ("0fa4d81f rax=0x3 rbx=0xfffffffe", "rax=0xffffffff rflags=0x297"),
        ("480fa5d8 rax=0x0123456789abcdef rbx=0xfedcba9876543210 rcx=60", "rax=0xffedcba987654321 rflags=0xa96"),
        ("480fa4d83f rax=1 rbx=0x8000000000000000", "rax=0xc000000000000000 rflags=0xa96"),
        ("660facd801 rax=0x0001 rbx=0x0001", "rax=0x8000 rflags=0xa97"),
        ("660fadd8 rax=0x1234 rbx=0xabcd rcx=16", "rax=0xabcd rflags=0xa92"),
        ("660fadd8 rax=0x1234 rbx=0xabcd rcx=20", "rax=0xdabc rflags=0x292"),
        ("0facd801 rax=0x00000001 rbx=0x00000000", "rax=0x0 rflags=0x257"),
        ("0fadd8 rax=0xffffffff12345678 rbx=0x9abcdef0 rcx=8", "rax=0xf0123456 rflags=0x296"),
        ("480fadd8 rax=0x0123456789abcdef rbx=0xfedcba9876543210 rcx=4", "rax=0x123456789abcde rflags=0x217"),
        ("480facd840 rax=0x0123456789abcdef rbx=0xfedcba9876543210", ""),
        ("480fa41e04 rsi=0x20100 rbx=0xf000000000000000 mem:0x20100=1122334455667788",
         "rflags=0xa92 mem:0x20100=1f21324354657687"),
        ("0fad1e rsi=0x20100 rbx=0xff rcx=8 mem:0x20100=11223344", "rflags=0x296 mem:0x20100=223344ff"),
        ("0fad1e rsi=0x20101 rcx=0 rflags=0x40202", "#AC(0x0)"),
        ("0fa51d00f00000 rcx=0", "#PF(0x6) cr2=0x1f007"),
    ].map(KnownAnswer.init)

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer) }

    @Test(.needsRecordingCPU,
          arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }

    /// A 16-bit SHLD/SHRD by more than 16 leaves the result undefined (Intel SDM): only the Zen 4
    /// profile predicts it; by 16 exactly it is defined for every profile.
    @Test(arguments: [("660fa5d8", 17, false), ("660fadd8", 31, false), ("660fa5d8", 16, true), ("660fadd8", 16, true)])
    func oversizedWordDoubleShiftIsPredictedOnlyForZen4(hex: String, count: Int, defined: Bool) throws {
        let (bytes, state) = try KnownAnswer(("\(hex) rax=0x1234 rbx=0xabcd rcx=\(count)", "")).initial()
        let instruction = try #require(try InstructionDecoder().decode(bytes))
        #expect((ReferenceModel(profile: .generic).predict(instruction, from: state) != nil) == defined)
        #expect(ReferenceModel(profile: .amdZen4).predict(instruction, from: state) != nil)
    }
}
