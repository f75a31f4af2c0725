import Testing
import TestSupport

/// AND OR XOR NOT TEST, every width and form, against what the CPU did.
struct LogicalTests {
    static let answers: [KnownAnswer] = [
        ("4821d8 rax=0xff00ff00ff00ff00 rbx=0x0ff00ff00ff00ff0 rflags=0xad7", "rax=0xf000f000f000f00 rflags=0x206"),
        ("21d8 rax=0xffffffff80000000 rbx=0x80000001", "rax=0x80000000 rflags=0x286"),
        ("6621d8 rax=0x1111111111118000 rbx=0x8001", "rflags=0x286"),
        ("20d8 rax=0x1234 rbx=0x0f", "rax=0x1204"),
        ("20fc rax=0x8034 rbx=0xff00", "rflags=0x282"),
        ("2405 rax=0x0c", "rax=0x4"),
        ("4825f0ffffff rax=-1", "rax=0xfffffffffffffff0 rflags=0x286"),
        ("4883e0f0 rax=0x123456789", "rax=0x123456780"),
        ("6681e0ff00 rax=0xabcd", "rax=0xcd"),
        ("482106 rsi=0x20100 rax=0xff mem:0x20100=1122334455667788", "rflags=0x206 mem:0x20101=00000000000000"),
        ("482306 rsi=0x20100 rax=0xf0f0 mem:0x20100=1122334455667788", "rax=0x2010"),
        ("f0482106 rsi=0x20100 rax=0xff00 mem:0x20100=1122334455667788", "rflags=0x206 mem:0x20100=00 mem:0x20102=000000000000"),
        ("482125f00f0000 rax=0", "#PF(0x7) cr2=0x10ff7"),
        ("482306 rsi=0x8000000000000000", "#GP(0x0)"),
        ("48230424 rsp=0x8000000000000000", "#SS(0x0)"),
        ("482106 rsi=0x20101 rflags=0x40202", "#AC(0x0)"),
        ("480906 rsi=0x20100 rax=0x8000000000000000 mem:0x20100=0100000000000000", "rflags=0x282 mem:0x20107=80"),
        ("4809d8 rax=0 rbx=0 rflags=0xad7", "rflags=0x246"),
        ("0c80 rax=0x01", "rax=0x81 rflags=0x286"),
        ("66830e01 rsi=0x20100 mem:0x20100=feff", "rflags=0x286 mem:0x20100=ff"),
        ("664831c0 rax=0x55", "rax=0x0 rflags=0x246"),
        ("31c0 rax=0xffffffffffffffff rflags=0xad7", "rax=0x0 rflags=0x246"),
        ("4431c8 r9=0xf0f0f0f0f0f0f0f0 rax=0x0ff00ff00ff00ff0", "rax=0xff00ff00 rflags=0x286"),
        ("3480 rax=0x7f", "rax=0xff rflags=0x286"),
        ("f0308601000000 rsi=0x20100 rax=0xff mem:0x20101=0f", "rflags=0x286 mem:0x20101=f0"),
        ("4885d8 rax=0x8000000000000000 rbx=0x8000000000000001 rflags=0xad7", "rflags=0x286"),
        ("84e0 rax=0x0f00", "rflags=0x246"),
        ("a880 rax=0x80", "rflags=0x282"),
        ("48a9ffffffff rax=0x8000000000000000", "rflags=0x286"),
        ("66a90080 rax=0x8000", "rflags=0x286"),
        ("f6c805 rax=0x85 rflags=0xa13", "rflags=0x206"),
        ("f7c800000080 rax=0x80000000 rflags=0xa13", "rflags=0x286"),
        ("8405faffffff rax=0x80", "rflags=0x282"),
        ("f7d0 rax=0x0f0f0f0f0f0f0f0f rflags=0xad7", "rax=0xf0f0f0f0"),
        ("48f7d0 rax=0x0f0f0f0f0f0f0f0f", "rax=0xf0f0f0f0f0f0f0f0"),
        ("66f7d0 rax=0x0f0f0f0f0f0f0f0f", "rax=0xf0f0f0f0f0ff0f0"),
        ("f6d4 rax=0x1234", "rax=0xed34"),
        ("f0f616 rsi=0x20100 mem:0x20100=5a", "mem:0x20100=a5"),
        ("f616 rsi=0x10000", "#PF(0x7) cr2=0x10000"),
    ].map(KnownAnswer.init)

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer) }

    @Test(.needsRecordingCPU,
          arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }
}
