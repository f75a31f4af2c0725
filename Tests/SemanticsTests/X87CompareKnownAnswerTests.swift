import Semantics
import Testing
import TestSupport

/// Known answers for the x87 compares (C0-C3 with pops and reserved aliases, ZF PF CF for FCOMI and
/// FUCOMI, FTST, FXAM on every class and an empty register), with stack and unmasked exceptions, #MF
/// and #PF; recorded on AMD Zen 3 with `scripts/record-known-answer.py`.
struct X87CompareKnownAnswerTests {
    static let answers: [KnownAnswer] = [
        KnownAnswer(("d81424 ftw=0x01 st0=0x3fff8000000000000000 mem:0x21000=00000040", "fsw=0x100")),
        KnownAnswer(("d81424 ftw=0x01 st0=0x7fffc000000000000000 mem:0x21000=00000040", "fsw=0x4501")),
        KnownAnswer(("d81424 fcw=0x037e ftw=0x01 st0=0x7fffc000000000000000 mem:0x21000=00000040", "fsw=0xc581 fop=0x14 fip=0x10000 fdp=0x21000")),
        KnownAnswer(("d81424 ftw=0x01 st0=0x00000000000000000000 mem:0x21000=00000080", "fsw=0x4000")),
        KnownAnswer(("d81c24 ftw=0x01 st0=0x00000000000000000001 mem:0x21000=00000000", "fsw=0x802 ftw=0x0 st0=0x00000000000000000000 st7=0x00000000000000000001")),
        KnownAnswer(("d81c24 ftw=0x00 mem:0x21000=00000000", "fsw=0x4d41")),
        KnownAnswer(("d8d1 ftw=0x03 st0=0x7fff8000000000000000 st1=0x7fff8000000000000000", "fsw=0x4000")),
        KnownAnswer(("d8d9 ftw=0x03 st0=0x7fff0000000000000000 st1=0x3fff8000000000000000", "fsw=0x4d01 ftw=0x2 st0=0x3fff8000000000000000 st1=0x00000000000000000000 st7=0x7fff0000000000000000")),
        KnownAnswer(("dc1424 ftw=0x01 st0=0x3fff8000000000000000 mem:0x21000=010000000000f03f", "fsw=0x100")),
        KnownAnswer(("dc1c24 ftw=0x01 st0=0xbfff8000000000000000 mem:0x21000=000000000000f0ff", "fsw=0x800 ftw=0x0 st0=0x00000000000000000000 st7=0xbfff8000000000000000")),
        KnownAnswer(("dc1c24 rsp=0x21ffc ftw=0x01 st0=0x3fff8000000000000000", "#PF(0x4) cr2=0x22000")),
        KnownAnswer(("dc1424 fsw=0x0081 fcw=0x037e ftw=0x01 st0=0x3fff8000000000000000", "#MF fsw=0x8081")),
        KnownAnswer(("dcd1 ftw=0x03 st0=0x3fff8000000000000000 st1=0x40008000000000000000", "fsw=0x100")),
        KnownAnswer(("dcd9 ftw=0x03 st0=0x3fff8000000000000000 st1=0x3fff8000000000000000", "fsw=0x4800 ftw=0x2 st1=0x00000000000000000000 st7=0x3fff8000000000000000")),
        KnownAnswer(("ded1 ftw=0x03 st0=0x3fff8000000000000000 st1=0x7fff4000000000000000", "fsw=0x4d01 ftw=0x2 st0=0x7fff4000000000000000 st1=0x00000000000000000000 st7=0x3fff8000000000000000")),
        KnownAnswer(("ded9 ftw=0x03 st0=0x3fff8000000000000000 st1=0x40008000000000000000", "fsw=0x1100 ftw=0x0 st0=0x00000000000000000000 st1=0x00000000000000000000 st6=0x3fff8000000000000000 st7=0x40008000000000000000")),
        KnownAnswer(("ded9 ftw=0x01 st0=0x3fff8000000000000000", "fsw=0x5541 ftw=0x0 st0=0x00000000000000000000 st6=0x3fff8000000000000000")),
        KnownAnswer(("ded9 fcw=0x037e ftw=0x01 st0=0x3fff8000000000000000", "fsw=0xc5c1 fop=0x6d9 fip=0x10000")),
        KnownAnswer(("dde1 ftw=0x03 st0=0x7fffc000000000000000 st1=0x3fff8000000000000000", "fsw=0x4500")),
        KnownAnswer(("dde1 ftw=0x03 st0=0x7fffa000000000000000 st1=0x3fff8000000000000000", "fsw=0x4501")),
        KnownAnswer(("dde9 ftw=0x03 st0=0x00008000000000000000 st1=0x00018000000000000000", "fsw=0x4802 ftw=0x2 st0=0x00018000000000000000 st1=0x00000000000000000000 st7=0x00008000000000000000")),
        KnownAnswer(("dae9 ftw=0x03 st0=0xffffc000000000000000 st1=0x3fff8000000000000000", "fsw=0x5500 ftw=0x0 st0=0x00000000000000000000 st1=0x00000000000000000000 st6=0xffffc000000000000000 st7=0x3fff8000000000000000")),
        KnownAnswer(("dae9 ftw=0x03 st0=0x3fff4000000000000000 st1=0x3fff8000000000000000", "fsw=0x5501 ftw=0x0 st0=0x00000000000000000000 st1=0x00000000000000000000 st6=0x3fff4000000000000000 st7=0x3fff8000000000000000")),
        KnownAnswer(("da1424 ftw=0x01 st0=0x401e8000000000000000 mem:0x21000=ffffff7f", "")),
        KnownAnswer(("da1c24 ftw=0x01 st0=0xc01e8000000000000000 mem:0x21000=00000080", "fsw=0x4800 ftw=0x0 st0=0x00000000000000000000 st7=0xc01e8000000000000000")),
        KnownAnswer(("de1424 ftw=0x01 st0=0xfffe8000000000000000 mem:0x21000=0080", "fsw=0x100")),
        KnownAnswer(("de1c24 ftw=0x01 st0=0x7fffa000000000000000 mem:0x21000=0000", "fsw=0x4d01 ftw=0x0 st0=0x00000000000000000000 st7=0x7fffa000000000000000")),
        KnownAnswer(("de1c24 fcw=0x037e ftw=0x01 st0=0x7fffa000000000000000 mem:0x21000=0000", "fsw=0xc581 fop=0x61c fip=0x10000 fdp=0x21000")),
        KnownAnswer(("dbf1 rflags=0xad7 ftw=0x03 st0=0x3fff8000000000000000 st1=0x40008000000000000000", "rflags=0x203")),
        KnownAnswer(("dbf1 ftw=0x03 st0=0x3fff8000000000000000 st1=0x3fff8000000000000000", "rflags=0x242")),
        KnownAnswer(("dbf1 ftw=0x03 st0=0x7fffc000000000000000 st1=0x3fff8000000000000000", "rflags=0x247 fsw=0x1")),
        KnownAnswer(("dbf1 fcw=0x037e ftw=0x03 st0=0x7fffc000000000000000 st1=0x3fff8000000000000000", "rflags=0x247 fsw=0x8081 fop=0x3f1 fip=0x10000")),
        KnownAnswer(("dbe9 ftw=0x03 st0=0x7fffc000000000000000 st1=0x3fff8000000000000000", "rflags=0x247")),
        KnownAnswer(("dbe9 ftw=0x01 st0=0x3fff8000000000000000", "rflags=0x247 fsw=0x41")),
        KnownAnswer(("dbe9 rflags=0xad7 fsw=0x4700 ftw=0x03 st0=0x40008000000000000000 st1=0x00000000000000000001", "rflags=0x202 fsw=0x4702")),
        KnownAnswer(("dbe9 fcw=0x037d ftw=0x03 st0=0x40008000000000000000 st1=0x00000000000000000001", "fsw=0x8082 fop=0x3e9 fip=0x10000")),
        KnownAnswer(("dff1 ftw=0x03 st0=0x80000000000000000000 st1=0x00000000000000000000", "rflags=0x242 fsw=0x800 ftw=0x2 st0=0x00000000000000000000 st7=0x80000000000000000000")),
        KnownAnswer(("dff1 ftw=0x03 st0=0x3fff8000000000000000 st1=0x7fff0000000000000000", "rflags=0x247 fsw=0x801 ftw=0x2 st0=0x7fff0000000000000000 st1=0x00000000000000000000 st7=0x3fff8000000000000000")),
        KnownAnswer(("dfe9 ftw=0x03 st0=0xffff8000000000000000 st1=0x3fff8000000000000000", "rflags=0x203 fsw=0x800 ftw=0x2 st0=0x3fff8000000000000000 st1=0x00000000000000000000 st7=0xffff8000000000000000")),
        KnownAnswer(("dfe9 ftw=0x03 st0=0x7fffa000000000000000 st1=0x3fff8000000000000000", "rflags=0x247 fsw=0x801 ftw=0x2 st0=0x3fff8000000000000000 st1=0x00000000000000000000 st7=0x7fffa000000000000000")),
        KnownAnswer(("dfe9 fcw=0x037e ftw=0x03 st0=0x7fffa000000000000000 st1=0x3fff8000000000000000", "rflags=0x247 fsw=0x8081 fop=0x7e9 fip=0x10000")),
        KnownAnswer(("d9e4 ftw=0x01 st0=0x80000000000000000000", "fsw=0x4000")),
        KnownAnswer(("d9e4 ftw=0x01 st0=0x80000000000000000001", "fsw=0x102")),
        KnownAnswer(("d9e4 ftw=0x01 st0=0x7fff4000000000000000", "fsw=0x4501")),
        KnownAnswer(("d9e4 ftw=0x00", "fsw=0x4541")),
        KnownAnswer(("d9e5 ftw=0x00", "fsw=0x4100")),
        KnownAnswer(("d9e5 ftw=0x00 st0=0x80000000000000000000", "fsw=0x4300")),
        KnownAnswer(("d9e5 fsw=0x0700 ftw=0x01 st0=0xffffc000000000000000", "fsw=0x300")),
        KnownAnswer(("d9e5 ftw=0x01 st0=0xbfff8000000000000000", "fsw=0x600")),
        KnownAnswer(("d9e5 ftw=0x01 st0=0x7fff8000000000000000", "fsw=0x500")),
        KnownAnswer(("d9e5 ftw=0x01 st0=0x80000000000000000000", "fsw=0x4200")),
        KnownAnswer(("d9e5 ftw=0x01 st0=0x00000000000000000001", "fsw=0x4400")),
        KnownAnswer(("d9e5 ftw=0x01 st0=0x00008000000000000000", "fsw=0x4400")),
        KnownAnswer(("d9e5 ftw=0x01 st0=0x3fff4000000000000000", "")),
        KnownAnswer(("d9e5 ftw=0x01 st0=0x7fff0000000000000000", "")),
        KnownAnswer(("d9e5 ftw=0x01 st0=0x7fff4000000000000000", "")),
    ]

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer, profile: .amdZen3) }

    @Test(.needsAMDZen3, arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }
}
