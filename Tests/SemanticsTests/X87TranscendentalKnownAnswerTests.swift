import Semantics
import Testing
import TestSupport

/// Known answers for the x87 transcendentals, recorded on AMD Zen 3 (family 19h model 01h) with
/// `scripts/record-known-answer.py`: the exact cases of the manual's tables (zeros, infinities,
/// NaNs, FYL2X's invalid and divide-by-zero, FPATAN's multiples of pi), C2 for an argument out of
/// range, denormal operands, stack faults, and finite results, which the model judges within 1 ulp
/// of its reference (class `approximation`) and the CPU must still give bit for bit.
struct X87TranscendentalKnownAnswerTests {
    static let answers: [KnownAnswer] = [
        KnownAnswer(("d9fe ftw=0x01 st0=0x3fff8000000000000000", "fsw=0x220 st0=0x3ffed76aa47848677021")),
        KnownAnswer(("d9fe ftw=0x01 st0=0x80000000000000000000", "")),
        KnownAnswer(("d9fe ftw=0x01 st0=0x7fff8000000000000000", "fsw=0x1 st0=0xffffc000000000000000")),
        KnownAnswer(("d9fe ftw=0x01 st0=0x403e8000000000000000 fsw=0x0200", "fsw=0x400")),
        KnownAnswer(("d9fe ftw=0x01 st0=0x00000000000000000001", "fsw=0x232")),
        KnownAnswer(("d9fe ftw=0x01 st0=0x4001c90fdaa22168c235 fcw=0x0f7f", "fsw=0x20 st0=0x3fbfffffffffffffffff")),
        KnownAnswer(("d9fe ftw=0x00", "fsw=0x41 ftw=0x1 st0=0xffffc000000000000000")),
        KnownAnswer(("d9fe ftw=0x01 st0=0x7fff8000000000000001 fcw=0x037e", "fsw=0x8081 fop=0x1fe fip=0x10000")),
        KnownAnswer(("d9ff ftw=0x01 st0=0x0", "st0=0x3fff8000000000000000")),
        KnownAnswer(("d9ff ftw=0x01 st0=0x40008000000000000000", "fsw=0x220 st0=0xbffdd51132ba9b902522")),
        KnownAnswer(("d9ff ftw=0x01 st0=0xffff8000000000000000 fcw=0x037e", "fsw=0x8081 fop=0x1ff fip=0x10000")),
        KnownAnswer(("d9ff ftw=0x01 st0=0xc0418000000000000000", "fsw=0x400")),
        KnownAnswer(("d9fb ftw=0x01 st0=0x3ffe8000000000000000", "fsw=0x3a20 ftw=0x81 st0=0x3ffee0a94032dbea7cee st1=0x3ffdf57743a2582f7f44")),
        KnownAnswer(("d9fb ftw=0x01 st0=0x0", "fsw=0x3800 ftw=0x81 st0=0x3fff8000000000000000")),
        KnownAnswer(("d9fb ftw=0x81 st0=0x3ffe8000000000000000", "fsw=0x3a41 st0=0xffffc000000000000000 st1=0xffffc000000000000000")),
        KnownAnswer(("d9fb ftw=0x01 st0=0x7fffc000000000000001", "fsw=0x3800 ftw=0x81 st1=0x7fffc000000000000001")),
        KnownAnswer(("d9fb ftw=0x01 st0=0x403e8000000000000000", "fsw=0x400")),
        KnownAnswer(("d9f2 ftw=0x01 st0=0x3fff8000000000000000", "fsw=0x3a20 ftw=0x81 st1=0x3fffc75922e5f71d2dc6")),
        KnownAnswer(("d9f2 ftw=0x01 st0=0x80000000000000000000", "fsw=0x3800 ftw=0x81 st0=0x3fff8000000000000000 st1=0x80000000000000000000")),
        KnownAnswer(("d9f2 ftw=0x01 st0=0x00000000000000000001 fcw=0x037d", "fsw=0x8082 fop=0x1f2 fip=0x10000")),
        KnownAnswer(("d9f2 ftw=0x81 st0=0x3fff8000000000000000 fcw=0x037e", "fsw=0x82c1 fop=0x1f2 fip=0x10000")),
        KnownAnswer(("d9f0 ftw=0x01 st0=0x3ffe8000000000000000", "fsw=0x20 st0=0x3ffdd413cccfe7799211")),
        KnownAnswer(("d9f0 ftw=0x01 st0=0xbfff8000000000000000", "fsw=0x20 st0=0xbffe8000000000000000")),
        KnownAnswer(("d9f0 ftw=0x01 st0=0x80000000000000000000", "")),
        KnownAnswer(("d9f0 ftw=0x01 st0=0x3fbf8000000000000000 fcw=0x077f", "fsw=0x20 st0=0x3fbeb17217f7d1cf79ac")),
        KnownAnswer(("d9f1 ftw=0x03 st0=0x40008000000000000000 st1=0x4000c000000000000000", "fsw=0x820 ftw=0x2 st0=0x4000c000000000000000 st1=0x00000000000000000000 st7=0x40008000000000000000")),
        KnownAnswer(("d9f1 ftw=0x03 st0=0x0 st1=0x3fff8000000000000000", "fsw=0x804 ftw=0x2 st0=0xffff8000000000000000 st1=0x00000000000000000000")),
        KnownAnswer(("d9f1 ftw=0x03 st0=0x0 st1=0x3fff8000000000000000 fcw=0x037b", "fsw=0x8084 fop=0x1f1 fip=0x10000")),
        KnownAnswer(("d9f1 ftw=0x03 st0=0xbfff8000000000000000 st1=0x3fff8000000000000000", "fsw=0x801 ftw=0x2 st0=0xffffc000000000000000 st1=0x00000000000000000000 st7=0xbfff8000000000000000")),
        KnownAnswer(("d9f1 ftw=0x03 st0=0x3fff8000000000000000 st1=0x7fff8000000000000000", "fsw=0x801 ftw=0x2 st0=0xffffc000000000000000 st1=0x00000000000000000000 st7=0x3fff8000000000000000")),
        KnownAnswer(("d9f1 ftw=0x03 st0=0x3fff8000000000000000 st1=0x80000000000000000000", "fsw=0x800 ftw=0x2 st0=0x80000000000000000000 st1=0x00000000000000000000 st7=0x3fff8000000000000000")),
        KnownAnswer(("d9f1 ftw=0x03 st0=0x8000 st1=0x00000000000000000001", "fsw=0x832 ftw=0x2 st0=0x8000000000000000402e st1=0x00000000000000000000 st7=0x00000000000000008000")),
        KnownAnswer(("d9f1 ftw=0x03 st0=0x7fff8000000000000000 st1=0xffff8000000000000000", "fsw=0x800 ftw=0x2 st0=0xffff8000000000000000 st1=0x00000000000000000000 st7=0x7fff8000000000000000")),
        KnownAnswer(("d9f1 ftw=0x01 st0=0x40008000000000000000", "fsw=0x841 ftw=0x2 st0=0xffffc000000000000000 st7=0x40008000000000000000")),
        KnownAnswer(("d9f9 ftw=0x03 st0=0x3ffd8000000000000000 st1=0x3fff8000000000000000", "fsw=0x820 ftw=0x2 st0=0x3ffda4d3c25e68dc57f2 st1=0x00000000000000000000 st7=0x3ffd8000000000000000")),
        KnownAnswer(("d9f9 ftw=0x03 st0=0x80000000000000000000 st1=0xbfff8000000000000000", "fsw=0x800 ftw=0x2 st0=0x00000000000000000000 st1=0x00000000000000000000 st7=0x80000000000000000000")),
        KnownAnswer(("d9f9 ftw=0x03 st0=0x0 st1=0x7fff8000000000000000", "fsw=0x801 ftw=0x2 st0=0xffffc000000000000000 st1=0x00000000000000000000")),
        KnownAnswer(("d9f3 ftw=0x03 st0=0x3fff8000000000000000 st1=0x3fff8000000000000000", "fsw=0xa20 ftw=0x2 st0=0x3ffec90fdaa22168c235 st1=0x00000000000000000000 st7=0x3fff8000000000000000")),
        KnownAnswer(("d9f3 ftw=0x03 st0=0x80000000000000000000 st1=0x0", "fsw=0xa20 ftw=0x2 st0=0x4000c90fdaa22168c235 st7=0x80000000000000000000")),
        KnownAnswer(("d9f3 ftw=0x03 st0=0xffff8000000000000000 st1=0x7fff8000000000000000", "fsw=0xa20 ftw=0x2 st0=0x400096cbe3f9990e91a8 st1=0x00000000000000000000 st7=0xffff8000000000000000")),
        KnownAnswer(("d9f3 ftw=0x03 st0=0x3fff8000000000000000 st1=0x80000000000000000000", "fsw=0x800 ftw=0x2 st0=0x80000000000000000000 st1=0x00000000000000000000 st7=0x3fff8000000000000000")),
        KnownAnswer(("d9f3 ftw=0x03 st0=0x7fff0000000000000000 st1=0x3fff8000000000000000", "fsw=0x801 ftw=0x2 st0=0xffffc000000000000000 st1=0x00000000000000000000 st7=0x7fff0000000000000000")),
        KnownAnswer(("d9f3 ftw=0x03 st0=0x40008000000000000000 st1=0xc0008000000000000000 fcw=0x0b7f", "fsw=0x820 ftw=0x2 st0=0xbffec90fdaa22168c234 st1=0x00000000000000000000 st7=0x40008000000000000000")),
        KnownAnswer(("d9f3 ftw=0x02 st0=0x3fff8000000000000000 fcw=0x037e", "fsw=0x80c1 fop=0x1f3 fip=0x10000")),
    ]

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer, profile: .amdZen3) }

    @Test(.needsAMDZen3, arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }
}
