import Decoding
import Testing
import X86

/// Filter vectors: every case with the verdict it must get, and every rejection with its reason.
struct FilterVectorTests {
    private let decoder = try! InstructionDecoder()
    private let filter = Filter()

    private func verdict(_ hex: String, filter: Filter? = nil) throws -> FilterVerdict {
        let bytes = try Hex.parseBytes(hex)
        return (filter ?? self.filter).verdict(for: decoder.decode(bytes) ?? .undecodable(bytes))
    }

    @Test(arguments: [
        ("06", "push es: invalid in 64-bit mode"),
        ("0f04", "an unassigned 0F opcode"),
        ("d6", "salc: invalid in 64-bit mode"),
        ("c4e0fd58c1", "VEX3 with the reserved map select 0"),
        ("c4e27df7c1", "shlx with VEX.L = 1"),
        ("f0f8", "lock clc: LOCK on an instruction that cannot take it"),
        ("0f01ee", "rdpkru: Capstone 4 does not know it"),
    ])
    func undecodableBytesAreAcceptedToRunAsUndecodable(hex: String, what: String) throws {
        let bytes = try Hex.parseBytes(hex)
        #expect(decoder.decode(bytes) == nil, "\(what)")
        #expect(Instruction.undecodable(bytes).isUndecodable)
        #expect(try verdict(hex, filter: Filter(isSupportedByModel: { _ in false })) == .accepted, "\(what)")
    }

    @Test(arguments: [
        ("0f31", "rdtsc"),
        ("0f01f9", "rdtscp"),
        ("0fc7f0", "rdrand eax"),
        ("480fc7f0", "rdrand rax"),
        ("0fc7f8", "rdseed eax"),
        ("f30fc7f8", "rdpid rax, which Capstone 4 calls rdseed"),
        ("0f33", "rdpmc"),
        ("0fae20", "xsave [rax]"),
        ("0fae30", "xsaveopt [rax]"),
        ("0fc720", "xsavec [rax]"),
    ])
    func nondeterministic(hex: String, what: String) throws {
        #expect(try verdict(hex) == .rejected(.nondeterministic), "\(what)")
    }

    @Test(arguments: [
        ("0fa2", "cpuid"),
        ("0f01c1", "vmcall"),
        ("0f01d9", "vmmcall"),
        ("0f01d4", "vmfunc"),
        ("f30fc730", "vmxon [rax]"),
        ("0f01d8", "vmrun"),
        ("0f0100", "sgdt [rax]"),
        ("0f0108", "sidt [rax]"),
        ("0f00c0", "sldt eax"),
        ("0f00c8", "str eax"),
        ("0f01e0", "smsw eax"),
        ("8ed8", "mov ds, eax: the host's GDT"),
        ("8cc8", "mov eax, cs: the host's selector"),
        ("0fa0", "push fs"),
        ("0fa1", "pop fs"),
        ("0fb206", "lss eax, [rsi]"),
        ("ff2e", "ljmp [rsi]"),
        ("cb", "retf"),
        ("48cf", "iretq"),
        ("0f02c0", "lar eax, eax"),
        ("0f03c0", "lsl eax, eax"),
        ("0f00e0", "verr ax"),
        ("f3480faec0", "rdfsbase rax: the host's CR4.FSGSBASE"),
        ("0f01d0", "xgetbv: the host's XCR0"),
        ("0f05", "syscall"),
        ("cd80", "int 0x80: #UD instead of #GP under kvm_pvm"),
        ("cd0e", "int 0x0e"),
        ("f1", "int1"),
    ])
    func hypervisor(hex: String, what: String) throws {
        #expect(try verdict(hex) == .rejected(.hypervisor), "\(what)")
    }

    @Test(arguments: [
        ("62f17c4858c1", "vaddps zmm0, zmm0, zmm1"),
        ("62f17c0858c1", "vaddps xmm0, xmm0, xmm1 (EVEX; Capstone 4 puts it in no AVX-512 group)"),
        ("62f17d48fec1", "vpaddd zmm0, zmm0, zmm1"),
    ])
    func avx512(hex: String, what: String) throws {
        #expect(try verdict(hex) == .rejected(.avx512), "\(what)")
    }

    @Test(arguments: [
        ("4801d8", "add rax, rbx"),
        ("cc", "int3: a DPL-3 gate, #BP from the CPU"),
        ("cd03", "int 3"),
        ("cd04", "int 4: #OF through a DPL-3 gate"),
        ("f3aa", "rep stosb"),
        ("c4e27d58c1", "vpbroadcastd ymm0, xmm1: VEX runs at CPL3"),
        ("f4", "hlt: #GP(0) at CPL3"),
        ("0f01f8", "swapgs: #GP(0) at CPL3"),
        ("0f30", "wrmsr: #GP(0) at CPL3"),
        ("0f20c0", "mov rax, cr0: #GP(0) at CPL3"),
        ("e460", "in al, 0x60: #GP(0) at CPL3 with IOPL 0, from the CPU"),
        ("ee", "out dx, al: likewise"),
        ("6c", "insb: likewise"),
        ("0f0b", "ud2: #UD is semantics"),
        ("0fae00", "fxsave [rax]: exact"),
        ("d9c0", "fld st(0): x87 is left to the model's registry"),
    ])
    func accepted(hex: String, what: String) throws {
        #expect(try verdict(hex) == .accepted, "\(what)")
    }

    @Test func theModelRegistryDecidesLast() throws {
        let onlyAdd = Filter(isSupportedByModel: { $0.mnemonic == "add" })
        #expect(try verdict("4801d8", filter: onlyAdd) == .accepted)
        #expect(try verdict("4829d8", filter: onlyAdd) == .rejected(.unsupportedByModel))
        #expect(try verdict("0f31", filter: onlyAdd) == .rejected(.nondeterministic))
        #expect(try verdict("06", filter: onlyAdd) == .accepted)
    }

    /// EVEX bytes Capstone cannot decode (reserved P0 bits here) are AVX-512 all the same.
    @Test func undecodableEVEXIsAVX512() throws {
        let bytes: [UInt8] = [0x62, 0xFD, 0x7D, 0x48, 0xFE, 0xC1]
        #expect(decoder.decode(bytes) == nil)
        #expect(filter.verdict(for: .undecodable(bytes)) == .rejected(.avx512))
    }

    @Test func evexIsAcceptedOnceTheVMRunsIt() throws {
        #expect(try verdict("62f17d48fec1", filter: Filter(vmRunsAVX512: true)) == .accepted)
    }

    @Test func reasonsHaveStableNames() {
        #expect(FilterReason.allCases.map(\.rawValue)
            == ["nondeterministic", "hypervisor", "unsupported-by-model", "avx512"])
        #expect(FilterVerdict.rejected(.hypervisor).label == "rejected")
        #expect(FilterVerdict.rejected(.hypervisor).reason == .hypervisor)
        #expect(FilterVerdict.accepted.reason == nil)
    }
}
