import Decoding
import Testing
import X86

/// Filter vectors for the `floating-point` reason, which the forms table's float family gives:
/// SSE/AVX floating-point arithmetic is rejected whatever the model says; bit operations on
/// floating-point data, x87 and string CMPSD are not.
struct FloatingPointFilterTests {
    private let decoder = try! InstructionDecoder()

    private func verdict(_ hex: String, _ filter: Filter = Filter(isSupportedByModel: { _ in true })) throws -> FilterVerdict {
        filter.verdict(for: decoder.decode(try Hex.parseBytes(hex)))
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
        ("0f2ac1", "cvtpi2ps xmm0, mm1"),
        ("c5f95a00", "vcvtpd2psx xmm0, xmmword ptr [rax]: Capstone's name for the VEX.128 memory form"),
        ("c5f058c2", "vaddps xmm0, xmm1, xmm2"),
        ("c4e2f1a8c2", "vfmadd213pd xmm0, xmm1, xmm2"),
        ("c4e379680102", "vfmaddps xmm0, xmm0, xmmword ptr [rcx], xmm0: AMD's FMA4"),
        ("c4e27913c1", "vcvtph2ps xmm0, xmm1"),
        ("c4e37d1dc100", "vcvtps2ph xmm1, ymm0, 0"),
    ])
    func rejected(hex: String, what: String) throws {
        #expect(try verdict(hex) == .rejected(.floatingPoint), "\(what)")
    }

    /// Without the model (as `generate` filters) these pass; a model that covers nothing would
    /// call them `unsupported-by-model`, never `floating-point`.
    @Test(arguments: [
        ("0f28c1", "movaps xmm0, xmm1: a move"),
        ("0f54c1", "andps xmm0, xmm1: bitwise"),
        ("0fc6c100", "shufps xmm0, xmm1, 0: a shuffle"),
        ("c4e3714ac230", "vblendvps xmm0, xmm1, xmm2, xmm3: a blend"),
        ("660f3a21c100", "insertps xmm0, xmm1, 0: a move"),
        ("c4e2790ec1", "vtestps xmm0, xmm1: sign bits only"),
        ("f20f10c1", "movsd xmm0, xmm1: the SSE MOVSD is a move"),
        ("a7", "cmpsd dword ptr [rsi], dword ptr [rdi]: the string CMPSD"),
        ("d8c1", "fadd st(1): x87 is not the float family"),
        ("660f76c1", "pcmpeqd xmm0, xmm1: integer"),
    ])
    func notFloatingPoint(hex: String, what: String) throws {
        #expect(try verdict(hex, Filter()) == .accepted, "\(what)")
        #expect(try verdict(hex, Filter(isSupportedByModel: { _ in false })) == .rejected(.unsupportedByModel), "\(what)")
    }

    @Test func theTableComesBeforeTheModelsSemantics() throws {
        let nothingSupported = Filter(isSupportedByModel: { _ in false })
        #expect(try verdict("0f58c1", nothingSupported) == .rejected(.floatingPoint))
        #expect(try verdict("0f28c1", nothingSupported) == .rejected(.unsupportedByModel))
        // The model's semantics cannot accept what the table has no modelled form for.
        #expect(try verdict("d8c1") == .rejected(.unsupportedByModel), "fadd: no form in the table")
        #expect(try verdict("0f28c1") == .accepted)
    }
}
