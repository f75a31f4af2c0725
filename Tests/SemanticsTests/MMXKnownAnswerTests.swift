import Decoding
import Forms
import Semantics
import Testing
import TestSupport
import X86

/// Known answers for the MMX instructions, recorded on AMD Zen 3 (family 19h model 01h) with
/// `scripts/record-known-answer.py`: saturation boundaries, shift counts at and past the element
/// width (by register, by a count with high bits, by immediate), PMULHRSW's rounding, PMADDWD's
/// one overflow, PSADBW, PSHUFB's high bit and indexes past 7, PALIGNR by 0 to 255, the low
/// unpacks' 4-byte memory read, MASKMOVQ's masks and faults, the moves, and the x87 side effects:
/// TOP 0 and every tag valid, bits 79:64 of a written register all ones, EMMS (TOP 0 too on Zen 3),
/// #MF before a memory fault, and a fault that leaves the x87 state alone (but MASKMOVQ's and
/// #XM's); the conversions with rounding, ties, the integer indefinite and #XM, and CVTPI2PS from
/// memory, which is no MMX instruction (no #MF, no transition).
struct MMXKnownAnswerTests {
    static let answers: [KnownAnswer] = [
        KnownAnswer(("0fecc1 mm0=0x7f7f80800102fe01 mm1=0x0181ff7f01fe0280", "ftw=0xff st0=0xffff7f0080ff02000081")),
        KnownAnswer(("0fedc1 mm0=0x7fff800000017fff mm1=0x0001ffff7fff8000", "ftw=0xff st0=0xffff7fff80007fffffff")),
        KnownAnswer(("0fe8c1 mm0=0x807f00ff80017f00 mm1=0x01ff7f0181807f80", "ftw=0xff st0=0xffff807f81feff7f007f")),
        KnownAnswer(("0fe9c1 mm0=0x80007fff00000001 mm1=0x0001ffff80007fff", "ftw=0xff st0=0xffff80007fff7fff8002")),
        KnownAnswer(("0fdcc1 mm0=0xff00fe01807fffff mm1=0x0100020080800001", "ftw=0xff st0=0xffffff00ff01ffffffff")),
        KnownAnswer(("0fddc1 mm0=0xffff00018000fffe mm1=0x0001ffff80000002", "ftw=0xff st0=0xffffffffffffffffffff")),
        KnownAnswer(("0fd8c1 mm0=0x0001ff0080000102 mm1=0x0100fe0180010203", "ftw=0xff st0=0xffff0001010000000000")),
        KnownAnswer(("0fd9c1 mm0=0x0001ffff80000002 mm1=0x000100008001ffff", "ftw=0xff st0=0xffff0000ffff00000000")),
        KnownAnswer(("0ffdc1 mm0=0xffff80007fff0001 mm1=0x0001800000010002", "ftw=0xff st0=0xffff0000000080000003")),
        KnownAnswer(("0ff8c1 mm0=0x00807f01ff000102 mm1=0x0101800201ff0304", "ftw=0xff st0=0xffffff7ffffffe01fefe")),
        KnownAnswer(("0ff9c1 mm0=0x00008000ffff0001 mm1=0x000100010001ffff", "ftw=0xff st0=0xffffffff7ffffffe0002")),
        KnownAnswer(("0ffac1 mm0=0x8000000000000000 mm1=0x0000000100000001", "ftw=0xff st0=0xffff7fffffffffffffff")),
        KnownAnswer(("0fd4c1 mm0=0xffffffffffffffff mm1=0x0000000000000002", "ftw=0xff st0=0xffff0000000000000001")),
        KnownAnswer(("0ffbc1 mm0=0x0000000000000000 mm1=0x0000000000000001", "ftw=0xff st0=0xffffffffffffffffffff")),
        KnownAnswer(("0ffcc1 mm0=0xff7f80000102fe01 mm1=0x0181ff7f01fe0280", "ftw=0xff st0=0xffff00007f7f02000081")),
        KnownAnswer(("0ffec1 mm0=0xffffffff7fffffff mm1=0x0000000100000001", "ftw=0xff st0=0xffff0000000080000000")),
        KnownAnswer(("0fd5c1 mm0=0x8000ffff7fff1234 mm1=0x80000002ffff5678", "ftw=0xff st0=0xffff0000fffe80010060")),
        KnownAnswer(("0fe5c1 mm0=0x8000ffff7fff1234 mm1=0x80000002ffff5678", "ftw=0xff st0=0xffff4000ffffffff0626")),
        KnownAnswer(("0fe4c1 mm0=0x8000ffff7fff1234 mm1=0x80000002ffff5678", "ftw=0xff st0=0xffff400000017ffe0626")),
        KnownAnswer(("0ff4c1 mm0=0x12345678ffffffff mm1=0x9abcdef0ffffffff", "ftw=0xff st0=0xfffffffffffe00000001")),
        KnownAnswer(("0ff5c1 mm0=0x8000800012345678 mm1=0x800080009abcdef0", "ftw=0xff st0=0xffff80000000eda1c6b0")),
        KnownAnswer(("0f380bc1 mm0=0x8000400000017fff mm1=0x800000017fff7fff", "ftw=0xff st0=0xffff8000000100017ffe")),
        KnownAnswer(("0f380bc1 mm0=0x4000c000ffff0003 mm1=0x0001000100014000", "ftw=0xff st0=0xffff0001000000000002")),
        KnownAnswer(("0f3804c1 mm0=0xffff80ff7f7fffff mm1=0x7f7f807f80807f7f", "ftw=0xff st0=0xffff7fff3e8181007fff")),
        KnownAnswer(("0ff6c1 mm0=0xff00ff00ff00ff00 mm1=0x00ff00ff00ff00ff", "ftw=0xff st0=0xffff00000000000007f8")),
        KnownAnswer(("0ff6c1 mm0=0x0102030405060708 mm1=0x0807060504030201", "ftw=0xff st0=0xffff0000000000000020")),
        KnownAnswer(("0fe0c1 mm0=0xff00fe0180017f7f mm1=0xff01ff0080007f80", "ftw=0xff st0=0xffffff01ff0180017f80")),
        KnownAnswer(("0fe3c1 mm0=0xffff0000fffe8000 mm1=0xffff0001ffff8001", "ftw=0xff st0=0xffffffff0001ffff8001")),
        KnownAnswer(("0fdac1 mm0=0xff00807f01fe8081 mm1=0x00ff7f8002ff8180", "ftw=0xff st0=0xffff00007f7f01fe8080")),
        KnownAnswer(("0fdec1 mm0=0xff00807f01fe8081 mm1=0x00ff7f8002ff8180", "ftw=0xff st0=0xffffffff808002ff8181")),
        KnownAnswer(("0feac1 mm0=0x80007fffffff0001 mm1=0x7fff8000000180ff", "ftw=0xff st0=0xffff80008000ffff80ff")),
        KnownAnswer(("0feec1 mm0=0x80007fffffff0001 mm1=0x7fff8000000180ff", "ftw=0xff st0=0xffff7fff7fff00010001")),
        KnownAnswer(("0f74c1 mm0=0xff00807f01fe8081 mm1=0xff01807f01fe8080", "ftw=0xff st0=0xffffff00ffffffffff00")),
        KnownAnswer(("0f75c1 mm0=0xffff8000ffff0001 mm1=0xffff80007fff0001", "ftw=0xff st0=0xffffffffffff0000ffff")),
        KnownAnswer(("0f76c1 mm0=0xffffffff00000001 mm1=0xffffffff80000001", "ftw=0xff st0=0xffffffffffff00000000")),
        KnownAnswer(("0f64c1 mm0=0x7f80ff00017f8001 mm1=0x807fff01007f8000", "ftw=0xff st0=0xffffff000000ff0000ff")),
        KnownAnswer(("0f65c1 mm0=0x7fff8000ffff0000 mm1=0x80007fff0000ffff", "ftw=0xff st0=0xffffffff00000000ffff")),
        KnownAnswer(("0f66c1 mm0=0x7fffffff80000000 mm1=0x800000007fffffff", "ftw=0xff st0=0xffffffffffff00000000")),
        KnownAnswer(("0fdbc1 mm0=0xf0f0f0f0ffff0000 mm1=0x0ff00ff0ff00ff00", "ftw=0xff st0=0xffff00f000f0ff000000")),
        KnownAnswer(("0fdfc1 mm0=0xf0f0f0f0ffff0000 mm1=0x0ff00ff0ff00ff00", "ftw=0xff st0=0xffff0f000f000000ff00")),
        KnownAnswer(("0febc1 mm0=0xf0f0f0f0ffff0000 mm1=0x0ff00ff0ff00ff00", "ftw=0xff st0=0xfffffff0fff0ffffff00")),
        KnownAnswer(("0fefc1 mm0=0xf0f0f0f0ffff0000 mm1=0x0ff00ff0ff00ff00", "ftw=0xff st0=0xffffff00ff0000ffff00")),
        KnownAnswer(("0f63c1 mm0=0x7fff80000080ff7f mm1=0x0100feff007f8001", "ftw=0xff st0=0xffff7f807f807f807f80")),
        KnownAnswer(("0f6bc1 mm0=0x7fffffff80000000 mm1=0x0000ffffffff0000", "ftw=0xff st0=0xffff7fff80007fff8000")),
        KnownAnswer(("0f67c1 mm0=0x7fff80000100ff00 mm1=0x00ff010000800001", "ftw=0xff st0=0xffffffff8001ff00ff00")),
        KnownAnswer(("0f60c1 mm0=0x0706050403020100 mm1=0x1716151413121110", "ftw=0xff st0=0xffff1303120211011000")),
        KnownAnswer(("0f61c1 mm0=0x0706050403020100 mm1=0x1716151413121110", "ftw=0xff st0=0xffff1312030211100100")),
        KnownAnswer(("0f62c1 mm0=0x0706050403020100 mm1=0x1716151413121110", "ftw=0xff st0=0xffff1312111003020100")),
        KnownAnswer(("0f68c1 mm0=0x0706050403020100 mm1=0x1716151413121110", "ftw=0xff st0=0xffff1707160615051404")),
        KnownAnswer(("0f69c1 mm0=0x0706050403020100 mm1=0x1716151413121110", "ftw=0xff st0=0xffff1716070615140504")),
        KnownAnswer(("0f6ac1 mm0=0x0706050403020100 mm1=0x1716151413121110", "ftw=0xff st0=0xffff1716151407060504")),
        KnownAnswer(("0f6006 rsi=0x21ffc mm0=0x0706050403020100", "ftw=0xff st0=0xffff2c03df0221010500")),
        KnownAnswer(("0f6806 rsi=0x21ffc mm0=0x0706050403020100", "#PF(0x4) cr2=0x22000")),
        KnownAnswer(("0f6006 rsi=0x20ffe rflags=0x40202 mm0=0x0706050403020100", "#AC(0x0)")),
        KnownAnswer(("0ff1c1 mm0=0x8001400080000001 mm1=0x000000000000000f", "ftw=0xff st0=0xffff8000000000008000")),
        KnownAnswer(("0ff1c1 mm0=0x8001400080000001 mm1=0x0000000000000010", "ftw=0xff st0=0xffff0000000000000000")),
        KnownAnswer(("0ff1c1 mm0=0x8001400080000001 mm1=0x0000000100000001", "ftw=0xff st0=0xffff0000000000000000")),
        KnownAnswer(("0fe1c1 mm0=0x8001400080000001 mm1=0x000000000000000f", "ftw=0xff st0=0xffffffff0000ffff0000")),
        KnownAnswer(("0fe1c1 mm0=0x8001400080000001 mm1=0xffffffffffffffff", "ftw=0xff st0=0xffffffff0000ffff0000")),
        KnownAnswer(("0fe2c1 mm0=0x8000000170000000 mm1=0x0000000000000020", "ftw=0xff st0=0xffffffffffff00000000")),
        KnownAnswer(("0fd2c1 mm0=0x8000000170000000 mm1=0x000000000000001f", "ftw=0xff st0=0xffff0000000100000000")),
        KnownAnswer(("0fd3c1 mm0=0x8000000000000001 mm1=0x000000000000003f", "ftw=0xff st0=0xffff0000000000000001")),
        KnownAnswer(("0fd3c1 mm0=0x8000000000000001 mm1=0x0000000000000040", "ftw=0xff st0=0xffff0000000000000000")),
        KnownAnswer(("0ff3c1 mm0=0x8000000000000001 mm1=0x0000000000000001", "ftw=0xff st0=0xffff0000000000000002")),
        KnownAnswer(("0f71d00f mm0=0x8001400080000001", "ftw=0xff st0=0xffff0001000000010000")),
        KnownAnswer(("0f71e010 mm0=0x8001400080000001", "ftw=0xff st0=0xffffffff0000ffff0000")),
        KnownAnswer(("0f71f0ff mm0=0x8001400080000001", "ftw=0xff st0=0xffff0000000000000000")),
        KnownAnswer(("0f72d020 mm0=0x8000000170000000", "ftw=0xff st0=0xffff0000000000000000")),
        KnownAnswer(("0f72e01f mm0=0x8000000170000000", "ftw=0xff st0=0xffffffffffff00000000")),
        KnownAnswer(("0f72f001 mm0=0x8000000170000000", "ftw=0xff st0=0xffff00000002e0000000")),
        KnownAnswer(("0f73d03f mm0=0x8000000000000001", "ftw=0xff st0=0xffff0000000000000001")),
        KnownAnswer(("0f73f040 mm0=0x8000000000000001", "ftw=0xff st0=0xffff0000000000000000")),
        KnownAnswer(("0f3800c1 mm0=0x0706050403020100 mm1=0x80ff0f0807010008", "ftw=0xff st0=0xffff0000070007010000")),
        KnownAnswer(("0f3800c1 mm0=0x1122334455667788 mm1=0x7f7e7d7c7b7a7978", "ftw=0xff st0=0xffff1122334455667788")),
        KnownAnswer(("0f3a0fc100 mm0=0x0706050403020100 mm1=0x1716151413121110", "ftw=0xff st0=0xffff1716151413121110")),
        KnownAnswer(("0f3a0fc107 mm0=0x0706050403020100 mm1=0x1716151413121110", "ftw=0xff st0=0xffff0605040302010017")),
        KnownAnswer(("0f3a0fc108 mm0=0x0706050403020100 mm1=0x1716151413121110", "ftw=0xff st0=0xffff0706050403020100")),
        KnownAnswer(("0f3a0fc109 mm0=0x0706050403020100 mm1=0x1716151413121110", "ftw=0xff st0=0xffff0007060504030201")),
        KnownAnswer(("0f3a0fc10f mm0=0x0706050403020100 mm1=0x1716151413121110", "ftw=0xff st0=0xffff0000000000000007")),
        KnownAnswer(("0f3a0fc110 mm0=0x0706050403020100 mm1=0x1716151413121110", "ftw=0xff st0=0xffff0000000000000000")),
        KnownAnswer(("0f3a0fc1ff mm0=0x0706050403020100 mm1=0x1716151413121110", "ftw=0xff st0=0xffff0000000000000000")),
        KnownAnswer(("0f3801c1 mm0=0x7fff0001ffff8000 mm1=0x0001000200030004", "ftw=0xff st0=0xffff0003000780007fff")),
        KnownAnswer(("0f3802c1 mm0=0x7fffffff00000001 mm1=0xffffffff80000000", "ftw=0xff st0=0xffff7fffffff80000000")),
        KnownAnswer(("0f3803c1 mm0=0x7fff0001ffff8000 mm1=0x80008000800100ff", "ftw=0xff st0=0xffff800081007fff8000")),
        KnownAnswer(("0f3805c1 mm0=0x7fff0001ffff8000 mm1=0x0001000200030004", "ftw=0xff st0=0xffff0001000180028001")),
        KnownAnswer(("0f3806c1 mm0=0x7fffffff00000001 mm1=0xffffffff80000000", "ftw=0xff st0=0xffff8000000180000002")),
        KnownAnswer(("0f3807c1 mm0=0x8000000100007fff mm1=0x7fff800000010002", "ftw=0xff st0=0xffff800000017fff7fff")),
        KnownAnswer(("0f3808c1 mm0=0x0102030480ff7f00 mm1=0xff0001807f018000", "ftw=0xff st0=0xffffff0003fc80ff8100")),
        KnownAnswer(("0f3809c1 mm0=0x80000001ffff1234 mm1=0xffff00008000ffff", "ftw=0xff st0=0xffff800000000001edcc")),
        KnownAnswer(("0f380ac1 mm0=0x8000000000000005 mm1=0x00000000ffffffff", "ftw=0xff st0=0xffff00000000fffffffb")),
        KnownAnswer(("0f381cc1 mm1=0x807f01ff00fe8180", "ftw=0xff st0=0xffff807f010100027f80")),
        KnownAnswer(("0f381dc1 mm1=0x80007fff0001ffff", "ftw=0xff st0=0xffff80007fff00010001")),
        KnownAnswer(("0f381ec1 mm1=0x80000000ffffffff", "ftw=0xff st0=0xffff8000000000000001")),
        KnownAnswer(("0f70c11b mm1=0x0003000200010000", "ftw=0xff st0=0xffff0000000100020003")),
        KnownAnswer(("0f70c1e4 mm1=0x0003000200010000", "ftw=0xff st0=0xffff0003000200010000")),
        KnownAnswer(("0fc5c105 mm1=0x4444333322221111", "rax=0x2222 ftw=0xff")),
        KnownAnswer(("0fc4c006 rax=0x12345678 mm0=0x4444333322221111", "ftw=0xff st0=0xffff4444567822221111")),
        KnownAnswer(("0fc40602 rsi=0x20100 mm0=0x4444333322221111", "ftw=0xff st0=0xffff4444bab022221111")),
        KnownAnswer(("0fd7c1 mm1=0x80ff7f0001fe7f81", "rax=0xc5 ftw=0xff")),
        KnownAnswer(("0f6ec0 rax=0xfedcba9876543210 mm0=0x1111111111111111", "ftw=0xff st0=0xffff0000000076543210")),
        KnownAnswer(("480f6ec0 rax=0xfedcba9876543210", "ftw=0xff st0=0xfffffedcba9876543210")),
        KnownAnswer(("0f7ec0 rax=0xffffffffffffffff mm0=0x8000000180000002", "rax=0x80000002 ftw=0xff")),
        KnownAnswer(("480f7ec0 mm0=0x8000000180000002", "rax=0x8000000180000002 ftw=0xff")),
        KnownAnswer(("0f6e06 rsi=0x20100", "ftw=0xff st0=0xffff000000004963bab0")),
        KnownAnswer(("480f6e06 rsi=0x20100", "ftw=0xff st0=0xffff0c7de8064963bab0")),
        KnownAnswer(("0f7e06 rsi=0x20100 mm0=0x1122334455667788", "mem:0x20100=88776655 ftw=0xff")),
        KnownAnswer(("480f7e06 rsi=0x20100 mm0=0x1122334455667788", "mem:0x20100=8877665544332211 ftw=0xff")),
        KnownAnswer(("0f6fc1 mm1=0x1122334455667788", "ftw=0xff st0=0xffff1122334455667788")),
        KnownAnswer(("0f6f06 rsi=0x20ff9", "ftw=0xff st0=0xffffa34980af326a4b65")),
        KnownAnswer(("0f7fc1 mm0=0x1122334455667788", "ftw=0xff st1=0xffff1122334455667788")),
        KnownAnswer(("0f7f06 rsi=0x20101 mm0=0x1122334455667788", "mem:0x20101=8877665544332211 ftw=0xff")),
        KnownAnswer(("0f7f06 rsi=0x20101 rflags=0x40202 mm0=0x1122334455667788", "#AC(0x0)")),
        KnownAnswer(("0fe706 rsi=0x20108 mm0=0x1122334455667788", "mem:0x20108=8877665544332211 ftw=0xff")),
        KnownAnswer(("f30fd6c1 xmm0=0xffffffffffffffffffffffffffffffff mm1=0x1122334455667788", "ymm0=0x0000000000000000000000000000000000000000000000001122334455667788 ftw=0xff")),
        KnownAnswer(("f20fd6c1 xmm1=0xffeeddccbbaa99887766554433221100", "ftw=0xff st0=0xffff7766554433221100")),
        KnownAnswer(("0ff7c1 rdi=0x20100 mm0=0x1122334455667788 mm1=0x80007f80ff000180", "mem:0x20100=88 mem:0x20103=5544 mem:0x20107=11 ftw=0xff")),
        KnownAnswer(("0ff7c1 rdi=0x21ffc mm0=0x1122334455667788 mm1=0x0000000000000080", "#PF(0x6) cr2=0x22000 ftw=0xff")),
        KnownAnswer(("0ff7c1 rdi=0x10000 mm0=0x1122334455667788 mm1=0", "#PF(0x7) cr2=0x10000 ftw=0xff")),
        KnownAnswer(("0ff7c1 rdi=0x20101 rflags=0x40202 mm1=0", "#AC(0x0) ftw=0xff")),
        KnownAnswer(("670ff7c1 rdi=0xffffffff00020100 mm0=0x42 mm1=0x80", "mem:0x20100=42 ftw=0xff")),
        KnownAnswer(("0f77 fsw=0x2800 ftw=0x5a", "fsw=0x0 ftw=0x0")),
        KnownAnswer(("0f77 fcw=0x37e fsw=0x8081 ftw=0x5a", "#MF")),
        KnownAnswer(("0ffcc1 fsw=0x2800 ftw=0x01 st0=0x3fff8000000000000000 mm0=0x0102030405060708 mm1=0x0101010101010101", "fsw=0x0 ftw=0xff st0=0xffff0203040506070809 st1=0x00000101010101010101 st3=0x00000000000000000000 st4=0x00000000000000000000 st5=0x3fff8000000000000000")),
        KnownAnswer(("0f7ec0 fsw=0x3800 ftw=0x80", "fsw=0x0 ftw=0xff")),
        KnownAnswer(("0ffcc1 fcw=0x37e fsw=0x8081", "#MF")),
        KnownAnswer(("0ffc06 fcw=0x37b fsw=0xa884 rsi=0x40000000", "#MF")),
        KnownAnswer(("0ffc06 fsw=0x1800 ftw=0x01 rsi=0x40000000", "#PF(0x4) cr2=0x40000000")),
        KnownAnswer(("0f7f06 fsw=0x1800 ftw=0x01 rsi=0x20101 rflags=0x40202", "#AC(0x0)")),
        KnownAnswer(("0ff7c1 fsw=0x1800 ftw=0x01 rdi=0x40000000 mm1=0", "#PF(0x6) cr2=0x40000000 fsw=0x0 ftw=0xff")),
        KnownAnswer(("0ff7c1 fsw=0x1800 ftw=0x01 rdi=0x20101 rflags=0x40202", "#AC(0x0) fsw=0x0 ftw=0xff")),
        KnownAnswer(("0f2ac1 fsw=0x1800 ftw=0x01 mm1=0x7fffffff00000001 xmm0=0xffffffffffffffffffffffffffffffff", "ymm0=0x00000000000000000000000000000000ffffffffffffffff4f0000003f800000 mxcsr=0x1fa0 fsw=0x0 ftw=0xff st1=0x00007fffffff00000001 st6=0x00000000000000000000")),
        KnownAnswer(("0f2ac1 mxcsr=0x7f80 mm1=0x80000001fffffffd", "ymm0=0x000000000000000000000000000000000000000000000000ceffffffc0400000 mxcsr=0x7fa0 ftw=0xff")),
        KnownAnswer(("0f2a06 fcw=0x37e fsw=0x8081 rsi=0x40000000", "#PF(0x4) cr2=0x40000000")),
        KnownAnswer(("0f2a06 fsw=0x1800 ftw=0x01 rsi=0x20100 mem:0x20100=ffffffff00000080", "ymm0=0x000000000000000000000000000000000000000000000000cf000000bf800000")),
        KnownAnswer(("660f2ac1 mm1=0x800000007fffffff", "ymm0=0x00000000000000000000000000000000c1e000000000000041dfffffffc00000 ftw=0xff")),
        KnownAnswer(("660f2a06 fsw=0x1800 ftw=0x01 rsi=0x20100 mem:0x20100=0100000000000080", "ymm0=0x00000000000000000000000000000000c1e00000000000003ff0000000000000")),
        KnownAnswer(("0f2dc1 xmm1=0x3fc000004f800000", "mxcsr=0x1fa1 ftw=0xff st0=0xffff0000000280000000")),
        KnownAnswer(("0f2dc1 mxcsr=0x3f80 xmm1=0xbfc00000cf000000", "mxcsr=0x3fa0 ftw=0xff st0=0xfffffffffffe80000000")),
        KnownAnswer(("0f2dc1 fsw=0x1800 ftw=0x01 mxcsr=0x1f00 xmm1=0x7fc00000", "#XM mxcsr=0x1f01 fsw=0x0 ftw=0xff")),
        KnownAnswer(("0f2cc1 xmm1=0xbf7fffff4effffff", "mxcsr=0x1fa0 ftw=0xff st0=0xffff000000007fffff80")),
        KnownAnswer(("0f2cc1 xmm1=0xff80000000000001", "mxcsr=0x1fa1 ftw=0xff st0=0xffff8000000000000000")),
        KnownAnswer(("660f2dc1 xmm1=0x41dfffffffe00000c1e0000000200000", "mxcsr=0x1f81 ftw=0xff st0=0xffff8000000080000000")),
        KnownAnswer(("660f2cc1 xmm1=0x41dfffffffffffffc1e0000000100000", "mxcsr=0x1fa0 ftw=0xff st0=0xffff7fffffff80000000")),
        KnownAnswer(("660f2d06 rsi=0x20100 mem:0x20100=000000000000f83f0000000000000cc0", "mxcsr=0x1fa0 ftw=0xff st0=0xfffffffffffc00000002")),
        KnownAnswer(("0fc4c006 fsw=0x3000 ftw=0x10 rax=0xabcd st0=0xc000c000000000000000", "fsw=0x0 ftw=0xff st0=0xffff0000abcd00000000 st6=0xc000c000000000000000")),
        KnownAnswer(("660f77 fcw=0x37e fsw=0x8081 ftw=0x5a", "#UD")),
        KnownAnswer(("f30f77 fsw=0x2800 ftw=0x5a", "#UD")),
    ]

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer) }

    @Test(.needsAMDZen3, arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }

    /// The table covers every MMX mnemonic the forms table models, so a new form needs an answer.
    @Test func everyModelledMMXMnemonicHasAnAnswer() throws {
        let decoder = try InstructionDecoder()
        var answered = Set<String>()
        for answer in Self.answers {
            let (bytes, _) = try answer.initial()
            answered.insert(try #require(decoder.decode(bytes)).mnemonic)
        }
        let modelled = Set(FormTable.all.filter { $0.family == "mmx" && $0.status == .modelled }.map(\.mnemonic))
        #expect(modelled.subtracting(answered).isEmpty, "no answer for \(modelled.subtracting(answered).sorted())")
    }
}
