import Decoding
import Semantics
import Testing
import TestSupport
import X86

/// Known answers for the forms added through the forms table: UNPCKLPS UNPCKHPS UNPCKLPD UNPCKHPD,
/// MOVDDUP MOVSLDUP MOVSHDUP, LDDQU, EXTRACTPS, INSERTPS (legacy, VEX.128, and VEX.256 where it
/// exists), MOVNTI, and XLATB (67, an FS override, a #PF). The CPU raises #UD for VEX.256
/// EXTRACTPS/INSERTPS and for the register forms of MOVNTI and LDDQU, but Capstone 4 decodes none
/// of those, so they cannot be cases. Recorded on an AMD EPYC (family 19h model 01h) with
/// `scripts/record-known-answer.py`. None of them leaves anything undefined or asks a profile
/// question, so they are checked against whatever CPU KVM runs on, not only the recording one.
struct AddedFormsTests {
    private static let s = VectorInputs.registers

    static let answers: [KnownAnswer] = [
        ("0f14ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8f0e0d0c080ff7f01b0a09080fe02fd03"),
        ("0f1408 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8fd02fe8080ff7f017f01ff00fe02fd03"),
        ("c5f014ca \(s)", "ymm1=0x00000000000000000000000000000000f0e0d0c080ff7f01b0a09080fe02fd03"),
        ("c5f414ca \(s)", "ymm1=0x07060504b1b2b3b403020100b5b6b7b8f0e0d0c080ff7f01b0a09080fe02fd03"),
        ("0f15ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8010203048000ffff050607087fff0001"),
        ("c5f415cb \(s)", "ymm1=0x7fff8000a1a2a3a40001ffffa5a6a7a8ff00ff008000ffff80807f7f7fff0001"),
        ("660f14ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8f0e0d0c0b0a0908080ff7f01fe02fd03"),
        ("660f1408 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8fd02fe807f01ff0080ff7f01fe02fd03"),
        ("c5f514ca \(s)", "ymm1=0x0706050403020100b1b2b3b4b5b6b7b8f0e0d0c0b0a0908080ff7f01fe02fd03"),
        ("660f15ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b801020304050607088000ffff7fff0001"),
        ("c5f515cb \(s)", "ymm1=0x7fff80000001ffffa1a2a3a4a5a6a7a8ff00ff0080807f7f8000ffff7fff0001"),
        ("c5f115ca \(s)", "ymm1=0x0000000000000000000000000000000001020304050607088000ffff7fff0001"),
        ("f20f12ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8f0e0d0c0b0a09080f0e0d0c0b0a09080"),
        ("f20f1208 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8fd02fe807f01ff00fd02fe807f01ff00"),
        ("c5fb12ca \(s)", "ymm1=0x00000000000000000000000000000000f0e0d0c0b0a09080f0e0d0c0b0a09080"),
        ("c5ff12ca \(s)", "ymm1=0x07060504030201000706050403020100f0e0d0c0b0a09080f0e0d0c0b0a09080"),
        ("c5ff1208 \(s)", "ymm1=0x7c7d7e7ffcfdfeff7c7d7e7ffcfdfefffd02fe807f01ff00fd02fe807f01ff00"),
        ("f30f12ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b80506070805060708b0a09080b0a09080"),
        ("f30f1208 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8c6c5c4c3c6c5c4c37f01ff007f01ff00"),
        ("c5fa12ca \(s)", "ymm1=0x000000000000000000000000000000000506070805060708b0a09080b0a09080"),
        ("c5fe12ca \(s)", "ymm1=0x0b0a09080b0a090803020100030201000506070805060708b0a09080b0a09080"),
        ("c5fe1208 \(s)", "ymm1=0x4030201040302010fcfdfefffcfdfeffc6c5c4c3c6c5c4c37f01ff007f01ff00"),
        ("f30f16ca \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b80102030401020304f0e0d0c0f0e0d0c0"),
        ("f30f1608 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8cac9c8c7cac9c8c7fd02fe80fd02fe80"),
        ("c5fe16ca \(s)", "ymm1=0x0f0e0d0c0f0e0d0c07060504070605040102030401020304f0e0d0c0f0e0d0c0"),
        ("c5fa16ca \(s)", "ymm1=0x000000000000000000000000000000000102030401020304f0e0d0c0f0e0d0c0"),
        ("f20ff008 \(s) rax=0x20041", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8ffcac9c8c7c6c5c4c3fd02fe807f01ff"),
        ("c5fff008 \(s) rax=0x20041", "ymm1=0x7b80706050403020107c7d7e7ffcfdfeffcac9c8c7c6c5c4c3fd02fe807f01ff"),
        ("c5fbf008 \(s)", "ymm1=0x00000000000000000000000000000000cac9c8c7c6c5c4c3fd02fe807f01ff00"),
        ("660f3a17c902 \(s) rcx=0x8899aabbccddeeff", "rcx=0x7fff0001"),
        ("66480f3a17c903 \(s) rcx=0x8899aabbccddeeff", "rcx=0x8000ffff"),
        ("660f3a170801 \(s)", "mem:0x20040=017fff80"),
        ("c4e37917c900 \(s) rcx=0x8899aabbccddeeff", "rcx=0xfe02fd03"),
        ("c4e379170803 \(s)", "mem:0x20040=ff mem:0x20042=0080"),
        ("660f3a21ca9d \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000000000000506070800000000"),
        ("660f3a21ca30 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b8b0a090807fff000180ff7f01fe02fd03"),
        ("660f3a210830 \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b87f01ff007fff000180ff7f01fe02fd03"),
        ("660f3a2108cf \(s)", "ymm1=0xa1a2a3a4a5a6a7a8b1b2b3b4b5b6b7b800000000000000000000000000000000"),
        ("c4e37121ca5a \(s)", "ymm1=0x00000000000000000000000000000000000000007fff000100000000fe02fd03"),
        ("c4e371210822 \(s)", "ymm1=0x000000000000000000000000000000008000ffff7f01ff0000000000fe02fd03"),
        ("0fc308 \(s) rcx=0x8899aabbccddeeff", "mem:0x20040=ffeeddcc"),
        ("480fc308 \(s) rcx=0x8899aabbccddeeff", "mem:0x20040=ffeeddccbbaa9988"),
        ("d7 rbx=0x20040 rax=0x1122334455667705 mem:0x20040=00112233445566778899", "rax=0x1122334455667755"),
        ("67d7 rbx=0xffffffff00020040 rax=0xff02 mem:0x20040=00112233445566778899", "rax=0xff22"),
        ("d7 rbx=0x2003c rax=0x7 mem:0x20040=00112233445566778899", "rax=0x33"),
        ("64d7 rbx=0x20040 rax=0x3 mem:0x20040=00112233445566778899", "rax=0x33"),
        ("d7 rbx=0x40000000 rax=0", "#PF(0x4) cr2=0x40000000"),
        ("48d7 rbx=0x20040 rax=0x1 mem:0x20040=00112233", "rax=0x11"),
    ].map(KnownAnswer.init)

    @Test(arguments: answers) func model(_ answer: KnownAnswer) throws { try KnownAnswers.checkModel(answer) }

    @Test(.needsKVM, arguments: answers)
    func cpu(_ answer: KnownAnswer) throws { try KnownAnswers.checkCPU(answer) }

    /// 66, F2 or F3 0F C3 is no MOVNTI form (NP 0F C3); on kvm_pvm it runs as KVM's emulator runs
    /// it (no #AC, part of a page-splitting store written), so the model predicts nothing for it.
    @Test(arguments: ["660fc308", "f30fc308", "f2480fc308"])
    func movntiWithAMandatoryPrefixIsNotPredicted(_ hex: String) throws {
        let instruction = try #require(try InstructionDecoder().decode(Hex.parseBytes(hex)))
        #expect(instruction.mnemonic == "movnti")
        #expect(ReferenceModel(profile: .generic).predict(instruction, from: .defaults) == nil)
    }
}
