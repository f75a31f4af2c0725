import Decoding
import Semantics
import Testing
import TestSupport

/// BT BTS BTR BTC (register, immediate and displacing register offsets into memory), BSF BSR,
/// POPCNT LZCNT TZCNT and BSWAP, every width, against what the CPU did.
struct BitOperationsTests {
    static let answers: [KnownAnswer] = [
        ("660fa3d8 rax=0x8000 rbx=0x1f", "rflags=0x203"),
        ("0fa3d8 rax=0x80000000 rbx=0xffffffff", "rflags=0x203"),
        ("480fa3d8 rax=0x8000000000000000 rbx=0x7f", "rflags=0x203"),
        ("0fbae01f rax=0x80000000", "rflags=0x203"),
        ("660fbae0ff rax=0x8000", "rflags=0x203"),
        ("0fab03 rbx=0x20100 rax=33 mem:0x20104=00", "mem:0x20104=02"),
        ("0fab03 rbx=0x20100 rax=-1 mem:0x200ff=00", "mem:0x200ff=80"),
        ("660fab03 rbx=0x20100 rax=0xffff mem:0x200ff=00", "mem:0x200ff=80"),
        ("480fab03 rbx=0x20100 rax=-65 mem:0x200f0=0000000000000000", "mem:0x200f7=80"),
        ("480fab03 rbx=0x20100 rax=0x8000000000000000", "#GP(0x0)"),
        ("480fa30424 rsp=0x20000 rax=0x8000000000000000", "#SS(0x0)"),
        ("0fab03 rbx=0x20100 rax=0x80000000", "#PF(0x6) cr2=0xfffffffff0020100"),
        ("0fab03 rbx=0x20100 rax=0x100000001 mem:0x20100=00", "mem:0x20100=02"),
        ("0fa303 rbx=0x20101 rax=7 rflags=0x40202", "#AC(0x0)"),
        ("0fa303 rbx=0x20100 rax=32 rflags=0x40202 mem:0x20104=01", "rflags=0x40203"),
        ("670fab03 rbx=0xffffff00 rax=0x2000", "#PF(0x6) cr2=0x300"),
        ("0fab05f00f0000 rax=0x100", "#PF(0x7) cr2=0x11017"),
        ("0fa305f00f0000 rax=0x100", ""),
        ("0fba2b21 rbx=0x20100 mem:0x20100=00", "mem:0x20100=02"),
        ("480fba2b41 rbx=0x20100 mem:0x20100=02", "rflags=0x203"),
        ("0fbb03 rbx=0x20100 rax=9 mem:0x20100=ffff", "rflags=0x203 mem:0x20101=fd"),
        ("0fbbd8 rax=0xffffffff00000002 rbx=1", "rax=0x0 rflags=0x203"),
        ("480fbbd8 rax=2 rbx=0x41", "rax=0x0 rflags=0x203"),
        ("660fb3d8 rax=0xffff rbx=0x10", "rax=0xfffe rflags=0x203"),
        ("0fb3d8 rax=0xffffffffffffffff rbx=0x1f", "rax=0x7fffffff rflags=0x203"),
        ("0fba3303 rbx=0x20100 mem:0x20100=ff", "rflags=0x203 mem:0x20100=f7"),
        ("f00fab03 rbx=0x20100 rax=1 mem:0x20100=00", "mem:0x20100=02"),
        ("f00fba3b05 rbx=0x20100 mem:0x20100=00", "mem:0x20100=20"),
        ("66f20fbb5607 rsi=0x21ff7 rdx=0x9cde", "rflags=0x203 mem:0x21399=91"),
        ("66f20fba22ff rdx=0x20100 mem:0x20100=0080", "rflags=0x203"),

        ("660fbcc3 rax=0x1111 rbx=0x8000", "rax=0xf rflags=0x206"),
        ("0fbcc3 rax=0xffffffffffffffff rbx=0x80000100", "rax=0x8"),
        ("480fbcc3 rbx=0x8000000000000000", "rax=0x3f rflags=0x206"),
        ("0fbcc3 rax=0x1122334455667788 rbx=0 rflags=0xad7", "rflags=0x246"),
        ("480fbcc3 rax=0x1122334455667788 rbx=0", "rflags=0x246"),
        ("660fbdc3 rax=0x1111 rbx=0x0001", "rax=0x0 rflags=0x206"),
        ("0fbdc3 rax=0xffffffffffffffff rbx=0x80000100", "rax=0x1f"),
        ("480fbdc3 rbx=0x8000000000000001", "rax=0x3f rflags=0x206"),
        ("0fbdc3 rax=0x1122334455667788 rbx=0", "rflags=0x246"),
        ("0fbd06 rsi=0x20100 mem:0x20100=00000100", "rax=0x10"),
        ("0fbd06 rsi=0x8000000000000000", "#GP(0x0)"),

        ("f30fb8c3 rax=5 rbx=0 rflags=0xad7", "rax=0x0 rflags=0x242"),
        ("66f30fb8c3 rax=0xffff rbx=0xffff", "rax=0x10"),
        ("f30fb8c3 rax=-1 rbx=0xffffffff", "rax=0x20"),
        ("f3480fb8c3 rbx=-1 rflags=0xad7", "rax=0x40 rflags=0x202"),
        ("f30fb806 rsi=0x20100 mem:0x20100=0f0f0f0f", "rax=0x10"),
        ("f30fb806 rsi=0x20101 rflags=0x40202", "#AC(0x0)"),
        ("f30fbdc3 rax=5 rbx=0 rflags=0xad7", "rax=0x20 rflags=0xa03"),
        ("f30fbdc3 rax=-1 rbx=0x80000000 rflags=0x202", "rax=0x0 rflags=0x242"),
        ("66f30fbdc3 rax=0xffff rbx=1", "rax=0xf"),
        ("f3480fbdc3 rbx=0x100", "rax=0x37"),
        ("f3480fbdc3 rbx=0", "rax=0x40 rflags=0x203"),
        ("f3660fbdc3 rax=5 rbx=0", "rax=0x10 rflags=0x203"),
        ("f30fbcc3 rax=5 rbx=0x0 rflags=0x202", "rax=0x20 rflags=0x203"),
        ("f30fbcc3 rbx=0x1", "rflags=0x242"),
        ("66f30fbcc3 rax=0xffff rbx=0x8000", "rax=0xf"),
        ("66f30fbcc3 rax=0xffff rbx=0", "rax=0x10 rflags=0x203"),
        ("f3480fbcc3 rbx=0x8000000000000000", "rax=0x3f"),
        ("f30fbc06 rsi=0x20100 mem:0x20100=00000010", "rax=0x1c"),
        ("f3650fbcc3 rax=5 rbx=0x10", "rax=0x4"),

        ("0fc8 rax=0xffffffff11223344", "rax=0x44332211"),
        ("480fc8 rax=0x1122334455667788", "rax=0x8877665544332211"),
        ("410fc9 r9=0x1122334455667788", "r9=0x88776655"),
        ("490fcf r15=0x0102030405060708", "r15=0x807060504030201"),
        ("660fc8 rax=0x1122334455667788", "rax=0x1122334455660000"),
    ].map(KnownAnswer.init)

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer) }

    @Test(.needsRecordingCPU,
          arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }

    /// A 16-bit BSWAP's result is undefined (Intel SDM, AMD APM): only the Zen 4 profile, which knows
    /// what that CPU does, predicts it.
    @Test func wordByteSwapIsPredictedOnlyForZen4() throws {
        let (bytes, state) = try KnownAnswer(("660fc8 rax=0x1122334455667788", "")).initial()
        let instruction = try #require(try InstructionDecoder().decode(bytes))
        #expect(ReferenceModel(profile: .generic).predict(instruction, from: state) == nil)
        #expect(ReferenceModel(profile: .amdZen4).predict(instruction, from: state) != nil)
    }
}
