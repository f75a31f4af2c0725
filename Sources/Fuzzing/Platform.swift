import X86

/// The virtualization platform the CPU's outcomes come through. Each has a classifier for the
/// artefacts it adds; only the detected (or chosen) platform's rules apply.
public enum Platform: String, CaseIterable, Sendable, Codable {
    /// Hardware-assisted KVM (VMX/SVM): CPL3 faults reach the guest as the CPU raised them, so
    /// nothing is re-labelled.
    case kvm
    /// Paravirtual KVM (kvm_pvm), which passes every CPL3 #GP through KVM's instruction emulator.
    case kvmPVM = "kvm-pvm"

    /// The platform of a machine, from its recorded hypervisor (`HostEnvironment.hypervisor`).
    public init(hypervisor: String) { self = hypervisor == Platform.kvmPVM.rawValue ? .kvmPVM : .kvm }

    /// This machine's platform.
    public static var detected: Platform { Platform(hypervisor: HostEnvironment.current.hypervisor) }

    /// `--platform auto|kvm|kvm-pvm`: nil for auto (detect).
    public static func option(_ text: String) throws(InputError) -> Platform? {
        if text == "auto" { return nil }
        guard let platform = Platform(rawValue: text) else {
            throw InputError("--platform '\(text)' is not one of auto, kvm, kvm-pvm")
        }
        return platform
    }

    /// True when the CPU's `fault`, where the model predicts `model`, may be this platform's doing
    /// rather than the CPU's.
    public func mayHaveMade(_ fault: ExceptionInfo, model: Outcome, instruction: Instruction) -> Bool {
        switch self {
        case .kvm: return false
        case .kvmPVM: return KVMPVMArtefacts.mayHaveMade(fault, model: model, instruction: instruction)
        }
    }
}

/// What kvm_pvm does to CPL3 faults. It hands a #GP raised by CPL3 code to KVM's instruction
/// emulator. For the few instructions it decodes (MOV, ADD, legacy MOVDQA, MOVUPS ...) it derives
/// the fault again by its own rules; for all others it raises #UD (measured: a misaligned `paddd
/// xmm0, [rax]`, a non-canonical `popcnt eax, [rax]` and every VEX form report #UD, a misaligned
/// `movdqa` #GP(0)). Its rules treat an SS override as a stack reference and check canonical form
/// before alignment, so with non-canonical addresses it reports #SS(0) for `mov rax, ss:[rax]` and
/// for a misaligned legacy 16-byte operand at `[rsp]`, where the CPU raises #GP(0) (as `popcnt
/// eax, ss:[rax]` and `paddd xmm0, [rsp]` show). A #UD the model misses on a completing step, and
/// a missed #SS on other stack references, still surface as class `model`.
///
/// Its shadow paging shows through at some addresses the guest does not map: a store to
/// `0xffff800000000010` raised #PF with error code 0xF (present, reserved bit set) where the
/// guest's tables have no entry there, and 0x6 (not present) on the same address with RFLAGS.AC
/// set (measured on Zen 5 under kvm_pvm). The guest sets no reserved bit in any paging entry, so
/// a #PF whose error code has RSVD (bit 3) where the model predicts the same address without it
/// is the hypervisor's.
///
/// KVM's emulator reads an MM operand with an MMX instruction of its own before it finds the fault,
/// so a #GP(0) on an instruction it decodes that names an MM register leaves the x87 transition
/// (TOP 0, every tag valid) behind (measured on Zen 3: `movq [non-canonical], mm6` raises #GP with
/// FTW FFh and TOP 0; `paddb mm0, [non-canonical]`, which it does not decode, #UD with the x87
/// state untouched; a #PF or #AC leaves it untouched). Such a #GP is the hypervisor's too.
enum KVMPVMArtefacts {
    static func mayHaveMade(_ fault: ExceptionInfo, model: Outcome, instruction: Instruction) -> Bool {
        if fault == .generalProtection, model.exception == .generalProtection, instruction.namesMMXRegister { return true }
        if fault.vector == .pf, let predicted = model.exception, predicted.vector == .pf, predicted.cr2 == fault.cr2 {
            return (fault.errorCode ?? 0) & reservedBit != 0 && (predicted.errorCode ?? 0) & reservedBit == 0
        }
        guard model.exception == .generalProtection else { return false }
        if fault.vector == .ud { return true }
        guard fault == ExceptionInfo(vector: .ss, errorCode: 0) && instruction.prefixes.vex == nil else { return false }
        // An SS override on an implicit operand (XLATB's [rBX + AL]) too.
        return instruction.prefixes.segment == .ss
            || instruction.operands.contains { operand in
                guard case .memory(let memory) = operand else { return false }
                let stackBase = !memory.ripRelative && (memory.base == .rsp || memory.base == .rbp)
                return memory.segment == .ss || (stackBase && memory.size == 16)
            }
    }

    /// A #PF error code's RSVD bit: a paging entry on the walk had a reserved bit set.
    private static let reservedBit: UInt64 = 0x8
}
