import Decoding
import Testing
import X86

/// Filter vectors for floating point, whose forms the table marks modelled: SSE/AVX/FMA/F16C
/// arithmetic, compares and conversions pass where the model's semantics take them; the MMX
/// conversions and x87, which no modelled form names, are `unsupported-by-model`.
struct FloatingPointCoverageTests {
    private let decoder = try! InstructionDecoder()

    private func verdict(_ hex: String, _ filter: Filter = Filter(isSupportedByModel: { _ in true })) throws -> FilterVerdict {
        filter.verdict(for: try #require(decoder.decode(try Hex.parseBytes(hex))))
    }

    @Test(arguments: [
        ("0f58c1", "addps xmm0, xmm1"),
        ("660f59c1", "mulpd xmm0, xmm1"),
        ("f30f5cc1", "subss xmm0, xmm1"),
        ("f20f5ec1", "divsd xmm0, xmm1"),
        ("0f51c1", "sqrtps xmm0, xmm1"),
        ("0f5dc1", "minps xmm0, xmm1"),
        ("660f5fc1", "maxpd xmm0, xmm1"),
        ("660f7cc1", "haddpd xmm0, xmm1"),
        ("f20fd0c1", "addsubps xmm0, xmm1"),
        ("660f3a40c1ff", "dpps xmm0, xmm1, 0xff"),
        ("660f3a08c100", "roundps xmm0, xmm1, 0"),
        ("0fc2c100", "cmpeqps xmm0, xmm1: an alias of cmpps"),
        ("f20fc2c107", "cmpordsd xmm0, xmm1: the SSE CMPSD"),
        ("f20fc2c108", "cmpsd xmm0, xmm1, 8: the SSE CMPSD under the string instruction's name"),
        ("c5f8c2c01f", "vcmptrue_usps xmm0, xmm0, xmm0: the last VEX predicate"),
        ("0f2fc1", "comiss xmm0, xmm1"),
        ("660f2ec1", "ucomisd xmm0, xmm1"),
        ("0f5bc1", "cvtdq2ps xmm0, xmm1"),
        ("660f5ac1", "cvtpd2ps xmm0, xmm1"),
        ("f20f2dc0", "cvtsd2si eax, xmm0"),
        ("f30f2c01", "cvttss2si eax, dword ptr [rcx]: no vector register named"),
        ("c5fa2d01", "vcvtss2si eax, dword ptr [rcx]"),
        ("f30f2ac0", "cvtsi2ss xmm0, eax"),
        ("c5f95a00", "vcvtpd2psx xmm0, xmmword ptr [rax]: Capstone's name for the VEX.128 memory form"),
        ("c5f058c2", "vaddps xmm0, xmm1, xmm2"),
        ("c4e2f1a8c2", "vfmadd213pd xmm0, xmm1, xmm2"),
        ("c4e379680102", "vfmaddps xmm0, xmm0, xmmword ptr [rcx], xmm0: AMD's FMA4"),
        ("c4e27913c1", "vcvtph2ps xmm0, xmm1"),
        ("c4e37d1dc100", "vcvtps2ph xmm1, ymm0, 0"),
    ])
    func modelled(hex: String, what: String) throws {
        #expect(try verdict(hex) == .accepted, "\(what)")
        #expect(try verdict(hex, Filter(isSupportedByModel: { _ in false })) == .rejected(.unsupportedByModel), "\(what)")
    }

    /// Bit operations on floating-point data were never arithmetic; they pass as they always did.
    @Test(arguments: [
        ("0f28c1", "movaps xmm0, xmm1: a move"),
        ("0f54c1", "andps xmm0, xmm1: bitwise"),
        ("0fc6c100", "shufps xmm0, xmm1, 0: a shuffle"),
        ("c4e3714ac230", "vblendvps xmm0, xmm1, xmm2, xmm3: a blend"),
        ("660f3a21c100", "insertps xmm0, xmm1, 0: a move"),
        ("c4e2790ec1", "vtestps xmm0, xmm1: sign bits only"),
        ("f20f10c1", "movsd xmm0, xmm1: the SSE MOVSD is a move"),
        ("a7", "cmpsd dword ptr [rsi], dword ptr [rdi]: the string CMPSD"),
        ("660f76c1", "pcmpeqd xmm0, xmm1: integer"),
    ])
    func bitOperations(hex: String, what: String) throws {
        #expect(try verdict(hex, Filter()) == .accepted, "\(what)")
        #expect(try verdict(hex, Filter(isSupportedByModel: { _ in false })) == .rejected(.unsupportedByModel), "\(what)")
    }

    /// What no modelled form names is refused before the model's semantics are asked.
    @Test(arguments: [
        ("d92424", "fldenv [rsp]: the x87 environment, in no form of the table"),
        ("dd3424", "fnsave [rsp]: the same"),
        ("660f3a63c100", "pcmpistri xmm0, xmm1, 0: a form the table marks not modelled"),
    ])
    func notModelled(hex: String, what: String) throws {
        #expect(try verdict(hex) == .rejected(.unsupportedByModel), "\(what)")
        #expect(try verdict(hex, Filter()) == .accepted, "\(what): without the model only the structural rules apply")
    }
}
