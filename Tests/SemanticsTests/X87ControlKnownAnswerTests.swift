import Decoding
import Forms
import Semantics
import Testing
import TestSupport
import X86

/// Known answers for the x87 control instructions, recorded on AMD Zen 3 (family 19h model 01h)
/// with `scripts/record-known-answer.py`: FNINIT moving TOP to 0 under the registers, FNCLEX
/// keeping C0-C3 and TOP, FINCSTP and FDECSTP rotating the stack and clearing C1, FFREE by
/// physical register, FNSTSW and FNSTCW (a word, whatever Capstone 4 says) with their faults,
/// FLDCW normalizing FCW and setting ES and B for a flag it unmasks, and #MF from every waiting
/// instruction with an exception pending (FNINIT, FNCLEX and FNSTSW do not wait, nor do the
/// 8087/287 no-ops FNENI, FNDISI and FNSETPM).
struct X87ControlKnownAnswerTests {
    static let answers: [KnownAnswer] = [
        KnownAnswer(("dbe3 fsw=0x3a85 fcw=0x1b72 ftw=0xa5 st0=0x3fff8000000000000000", "fcw=0x37f fsw=0x0 ftw=0x0 st0=0x00000000000000000000 st7=0x3fff8000000000000000")),
        KnownAnswer(("dbe2 fsw=0xc7ff fcw=0x037f ftw=0x0f", "fsw=0x4700")),
        KnownAnswer(("d9d0 fsw=0x3800 ftw=0x81", "")),
        KnownAnswer(("d9d0 fsw=0x0081 fcw=0x0340", "#MF fsw=0x8081")),
        KnownAnswer(("d9f7 fsw=0x3a00 ftw=0x0f st0=0x3fff8000000000000000 st1=0x4000c000000000000000", "fsw=0x0 st0=0x4000c000000000000000 st1=0x00000000000000000000 st7=0x3fff8000000000000000")),
        KnownAnswer(("d9f7 fsw=0x0200 ftw=0x03", "fsw=0x800")),
        KnownAnswer(("d9f6 fsw=0x0200 ftw=0xf0 st0=0x4000c000000000000000", "fsw=0x3800 st0=0x00000000000000000000 st1=0x4000c000000000000000")),
        KnownAnswer(("d9f6 fsw=0x0081 fcw=0x037e", "#MF fsw=0x8081")),
        KnownAnswer(("ddc3 fsw=0x2800 ftw=0xff", "ftw=0xfe")),
        KnownAnswer(("ddc0 fsw=0x0000 ftw=0x01", "ftw=0x0")),
        KnownAnswer(("dfe0 rax=0x1122334455667788 fsw=0xb987 fcw=0x0000", "rax=0x112233445566b987 fcw=0x40")),
        KnownAnswer(("dd3c24 fsw=0x4703", "mem:0x21000=0347")),
        KnownAnswer(("dd3c24 rsp=0x21fff fsw=0x4703", "#PF(0x6) cr2=0x22000")),
        KnownAnswer(("d93c24 fcw=0x1b72", "mem:0x21000=721b")),
        KnownAnswer(("d93c24 rsp=0x4000000000000 fcw=0x1b72", "#SS(0x0)")),
        KnownAnswer(("d92c24 mem:0x21000=3e03 fsw=0x0001", "fcw=0x37e fsw=0x8081")),
        KnownAnswer(("d92c24 mem:0x21000=ffff fsw=0x0000", "fcw=0x1f7f")),
        KnownAnswer(("d92c24 mem:0x21000=7f03 fsw=0x8081 fcw=0x0340", "#MF")),
        KnownAnswer(("d92c24 mem:0x21000=7f03 fsw=0x0021 fcw=0x037f", "")),
        KnownAnswer(("d92c24 rsp=0x21fff", "#PF(0x4) cr2=0x22000")),
        KnownAnswer(("9b fsw=0x0004 fcw=0x037b", "#MF fsw=0x8084")),
        KnownAnswer(("9b fsw=0x0004", "")),
        KnownAnswer(("dbe0 fsw=0x3800 ftw=0x80 st0=0x3fff8000000000000000", "")),
        KnownAnswer(("dbe1 fsw=0x0081 fcw=0x037e", "fsw=0x8081")),
        KnownAnswer(("dbe4 fsw=0x0081 fcw=0x037e", "fsw=0x8081")),
    ]

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer) }

    @Test(.needsAMDZen3, arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }

    /// The x87 tables together cover every x87 mnemonic the forms table models, so a new form needs
    /// an answer.
    @Test func everyModelledX87MnemonicHasAnAnswer() throws {
        let answers = Self.answers + X87DataKnownAnswerTests.answers + X87ArithmeticKnownAnswerTests.answers
            + X87CompareKnownAnswerTests.answers + X87TranscendentalKnownAnswerTests.answers
        let missing = try KnownAnswers.unanswered(family: "x87", in: answers)
        #expect(missing.isEmpty, "no answer for \(missing)")
    }
}
