import Testing
import TestSupport

/// ADD ADC SUB SBB CMP INC DEC NEG MUL IMUL DIV IDIV, every width, against what the CPU did.
struct BinaryArithmeticTests {
    static let answers: [KnownAnswer] = [
        ("4801d8 rax=1 rbx=2", "rax=0x3 rflags=0x206"),
        ("00d8 rax=0x7f rbx=1", "rax=0x80 rflags=0xa92"),
        ("6601d8 rax=0xffff rbx=1", "rax=0x0 rflags=0x257"),
        ("01d8 rax=0xffffffff00000001 rbx=0xffffffff", "rax=0x0 rflags=0x257"),
        ("4811d8 rax=1 rbx=2 rflags=0x203", "rax=0x4 rflags=0x202"),
        ("12c4 rax=0x80ff", "rax=0x807f rflags=0xa03"),
        ("4829d8 rax=1 rbx=2", "rax=0xffffffffffffffff rflags=0x297"),
        ("19d8 rax=0 rbx=0 rflags=0x203", "rax=0xffffffff rflags=0x297"),
        ("4839d8 rax=5 rbx=5", "rflags=0x246"),
        ("3c80 rax=0x7f", "rflags=0xa87"),
        ("fec4 rax=0x7f00", "rax=0x8000 rflags=0xa92"),
        ("66ffc8 rax=0x8000 rflags=0x203", "rax=0x7fff rflags=0xa17"),
        ("48f7d8 rax=0x8000000000000000", "rflags=0xa87"),
        ("f6d8 rax=0", "rflags=0x246"),
        ("f6e3 rax=0x80 rbx=2", "rax=0x100 rflags=0xa03"),
        ("48f7e3 rax=-1 rbx=-1", "rax=0x1 rdx=0xfffffffffffffffe rflags=0xa03"),
        ("66f7eb rax=0xff00 rbx=2", "rax=0xfe00 rdx=0xffff"),
        ("f7eb rax=-2 rbx=3", "rax=0xfffffffa rdx=0xffffffff"),
        ("480fafc3 rax=0x4000000000000000 rbx=2", "rax=0x8000000000000000 rflags=0xa03"),
        ("6bc0ff rax=5", "rax=0xfffffffb"),
        ("4869c000010000 rax=3", "rax=0x300"),
        ("f6f3 rax=0x100 rbx=2", "rax=0x80 rflags=0x212"),
        ("f6f3 rax=0x200 rbx=2", "#DE"),
        ("48f7f3 rdx=1 rax=0 rbx=2", "rax=0x8000000000000000 rdx=0x0 rflags=0x212"),
        ("48f7fb rdx=-1 rax=-7 rbx=2", "rax=0xfffffffffffffffd rflags=0x212"),
        ("48f7fb rdx=-1 rax=0x8000000000000000 rbx=-1", "#DE"),
        ("f6fb rax=0xff80 rbx=0xff", "#DE"),
        ("66f7f3 rdx=0 rax=9 rbx=0", "#DE"),
        ("480106 rsi=0x20010 rax=1 mem:0x20010=ffffffffffffffff", "rflags=0x257 mem:0x20010=0000000000000000"),
        ("f0480106 rsi=0x21ffc rax=1", "#PF(0x6) cr2=0x22000"),
        ("803e00 rsi=0x10000", "rflags=0x282"),
        ("48f726 rsi=0x20100 rax=3 mem:0x20100=0500000000000000", "rax=0xf"),
        ("48f73424 rsp=0x8000000000000000", "#SS(0x0)"),
        ("3e48f73424 rsp=0x8000000000000000", "#SS(0x0)"),
        ("6548f73424 rsp=0x8000000000000000", "#GP(0x0)"),
        ("48f736 rsi=0x20001 rflags=0x40202 rax=1", "#AC(0x0)"),
        ("66f305ffff rax=1", "rax=0x0 rflags=0x257"),
    ].map(KnownAnswer.init)

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer) }

    @Test(.needsRecordingCPU,
          arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }
}
