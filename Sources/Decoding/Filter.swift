import Forms
import X86

/// Says whether a decoded case can be tested, and why not when it cannot.
///
/// Bytes Capstone cannot decode are accepted unless they are EVEX: they run, and the model
/// predicts #UD for them. The rules run in a fixed order: AVX-512, nondeterministic, hypervisor, then the forms table (`unsupported-by-model` where no modelled form has the instruction's
/// mnemonic), then the model's semantics. Privileged instructions are accepted on purpose: the VM
/// runs them at CPL3, where their #GP is semantics the model must predict too.
public struct Filter: Sendable {
    /// Whether the model has semantics for an instruction; nil leaves the model and the forms
    /// table out (only the structural rules apply), as `generate` wants.
    public let isSupportedByModel: (@Sendable (Instruction) -> Bool)?
    /// Whether the harness can test EVEX (AVX-512) code. Zen 4 under kvm_pvm runs it at CPL3 (the
    /// host's XCR0), but the harness neither loads nor reads ZMM16-31, the upper halves or k0-k7
    /// (docs/PLATFORM.md), so its outcomes are not a function of the case.
    public let vmRunsAVX512: Bool

    /// A filter that asks `isSupportedByModel` last, and rejects EVEX unless `vmRunsAVX512`.
    public init(isSupportedByModel: (@Sendable (Instruction) -> Bool)? = nil, vmRunsAVX512: Bool = false) {
        self.isSupportedByModel = isSupportedByModel
        self.vmRunsAVX512 = vmRunsAVX512
    }

    /// The verdict for an instruction; bytes Capstone cannot decode (`Instruction.undecodable`) are accepted.
    public func verdict(for instruction: Instruction) -> FilterVerdict {
        if !vmRunsAVX512 && (instruction.prefixes.evex || instruction.groups.contains(.avx512)) {
            return .rejected(.avx512)
        }
        if instruction.isUndecodable { return .accepted }
        if Filter.nondeterministicKeys.contains(instruction.mnemonicKey) { return .rejected(.nondeterministic) }
        if Filter.isHypervisorHandled(instruction) { return .rejected(.hypervisor) }
        guard let isSupportedByModel else { return .accepted }
        guard Filter.hasModelledForm(instruction), isSupportedByModel(instruction) else { return .rejected(.unsupportedByModel) }
        return .accepted
    }

    /// Instructions whose result is not a function of the initial state.
    /// - `rdrand`, `rdseed`: hardware random numbers.
    /// - `rdtsc`, `rdtscp`: the time-stamp counter (`rdtscp` also reads TSC_AUX, see `rdpid`).
    /// - `rdpid`: TSC_AUX, the number of whichever host CPU the vCPU happens to run on.
    ///   (Capstone 4 decodes `F3 0F C7 /7` as `rdseed`, so it lands here either way.)
    /// - `rdpmc`: performance counters when CR4.PCE allows; the harness does not pin CR4.PCE.
    /// - `rdpru` (AMD): APERF/MPERF. Capstone 4 cannot decode it; listed for later versions.
    /// - `xsave`, `xsavec`, `xsaveopt`: the header's XSTATE_BV reflects XINUSE, which the CPU may
    ///   report conservatively, and `xsaveopt` skips state by a hidden "modified" tracker, so
    ///   the bytes written depend on history the case does not control. (`fxsave` is exact.)
    /// Deliberately not here: `rdpkru` (deterministic); `xgetbv`, `rdfsbase` and `lsl`/`lar`
    /// are deterministic but answered by the host, so they are `hypervisor` instead.
    static let nondeterministic: Set<String> = [
        "rdrand", "rdseed", "rdtsc", "rdtscp", "rdpid", "rdpmc", "rdpru",
        "xsave", "xsave64", "xsavec", "xsavec64", "xsaveopt", "xsaveopt64",
    ]

    /// Instructions the hypervisor answers instead of the CPU.
    /// - `cpuid`: always intercepted; KVM returns the CPUID table the VMM configured.
    /// - VMX (`vmxon` ... `invvpid`, `vmfunc`) and SVM (`vmrun` ... `invlpga`) instructions and the
    ///   hypercalls `vmcall`/`vmmcall`: they exit to the hypervisor, which picks the fault (or,
    ///   for a hypercall, writes RAX).
    /// - `sgdt`, `sidt`, `sldt`, `str`, `smsw`: the CPU has UMIP, so with CR4.UMIP set they trap
    ///   and KVM emulates them; without it they read descriptor-table registers that, under a
    ///   paravirtual KVM like this one, are the host's.
    /// Measured on the paravirtual KVM (`kvm_pvm`), whose guest CPL3 code runs natively on the
    /// host's descriptor tables and control registers (docs/PLATFORM.md):
    /// - segment loads and reads (`mov` to or from a segment register, `push`/`pop fs`/`gs`,
    ///   `lss`/`lfs`/`lgs`, far `jmp`/`call`/`ret`, `iret`) and `lar`/`lsl`/`verr`/`verw` use
    ///   the host's GDT and selectors (`mov eax, ds` reads 0 although the guest set DS);
    /// - `rdfsbase`/`rdgsbase`/`wrfsbase`/`wrgsbase` run although the guest's CR4.FSGSBASE is
    ///   clear (the host's is set), and `xgetbv` returns the host's XCR0 (0xe7, not the 7 set);
    /// - `int n` for n other than 3 and 4 raises #UD instead of #GP(n * 8 + 2), `syscall` jumps
    ///   to address 0 although EFER.SCE is clear, and `int1` (icebp) reports a trap at its own RIP.
    /// Deliberately not here: port I/O (`in`, `out`, `ins`, `outs`). The guest runs at CPL3 with
    /// IOPL 0 and no I/O bitmap, so the CPU raises #GP(0) before any exit; that is testable
    /// (if the randomizer ever sets IOPL to 3, they would exit to the VMM and belong here).
    /// Nor `hlt`, `swapgs`, `wrmsr` and other privileged instructions: #GP at CPL3, from the CPU.
    static let hypervisor: Set<String> = [
        "cpuid", "vmcall", "vmmcall", "vmfunc",
        "vmxon", "vmxoff", "vmlaunch", "vmresume", "vmread", "vmwrite", "vmptrld", "vmptrst", "vmclear",
        "invept", "invvpid", "vmrun", "vmload", "vmsave", "stgi", "clgi", "skinit", "invlpga",
        "sgdt", "sidt", "sldt", "str", "smsw",
        "lss", "lfs", "lgs", "ljmp", "lcall", "retf", "retfq", "iret", "iretd", "iretq",
        "lar", "lsl", "verr", "verw",
        "rdfsbase", "rdgsbase", "wrfsbase", "wrgsbase", "xgetbv",
        "syscall", "sysret", "sysretq", "int1",
    ]

    /// The two lists above packed (`Instruction.mnemonicKey`): every case asks them, and a binary
    /// search of packed names costs less than hashing the mnemonic's string.
    static let nondeterministicKeys = PackedNameSet(nondeterministic)
    static let hypervisorKeys = PackedNameSet(hypervisor)

    /// True where a modelled form of the forms table has the instruction's mnemonic (or alias).
    /// Which encodings of a modelled mnemonic the model takes is the semantics' call.
    static func hasModelledForm(_ instruction: Instruction) -> Bool { modelledNames.contains(instruction.mnemonicKey) }

    /// The names (mnemonics and aliases) of the modelled forms, packed.
    static let modelledNames = PackedNameSet(FormTable.all.filter { $0.status == .modelled }.flatMap { [$0.mnemonic] + $0.encoding.aliases })

    /// Vectors whose IDT gate is DPL 3, so `int n` reaches the guest's own handler.
    static let userCallableVectors: Set<UInt64> = Set(GuestLayout.userCallableVectors.map(UInt64.init))

    private static let intKey = PackedName("int")

    /// True for the instructions above, for any access to a segment register, and for `int n`
    /// through a DPL-0 gate.
    static func isHypervisorHandled(_ instruction: Instruction) -> Bool {
        if hypervisorKeys.contains(instruction.mnemonicKey) { return true }
        for operand in instruction.operands {
            if case .register(let register) = operand, case .segment = register.kind { return true }
        }
        if instruction.mnemonicKey == intKey, case .immediate(let vector, _)? = instruction.operands.first {
            return !userCallableVectors.contains(vector & 0xFF)
        }
        return false
    }
}
