import CKVM
import Glibc

/// The opened KVM device (`/dev/kvm` or `X86FUZZ_KVM_DEVICE`), checked for the API version and
/// capabilities the sandbox relies on.
final class KVMDevice {
    let descriptor: OwnedDescriptor
    let path: String

    /// The device path: `X86FUZZ_KVM_DEVICE` when set, else `/dev/kvm`.
    static var defaultPath: String {
        guard let value = getenv("X86FUZZ_KVM_DEVICE"), value.pointee != 0 else { return "/dev/kvm" }
        return String(cString: value)
    }

    init(path: String) throws(SandboxError) {
        self.path = path
        do {
            descriptor = OwnedDescriptor(try systemCall("open(\(path))") { open(path, O_RDWR | O_CLOEXEC) })
        } catch {
            throw .deviceUnavailable(path: path, error)
        }
        let version: Int32
        do { version = try descriptor.control("KVM_GET_API_VERSION", CKVM_GET_API_VERSION) } catch {
            throw .notKVM(path: path, detail: error.description)
        }
        guard version == CKVM_API_VERSION else {
            throw .notKVM(path: path, detail: "API version \(version), expected \(CKVM_API_VERSION)")
        }
        let syncBits = UInt64(capability(CKVM_CAP_SYNC_REGS))
        guard syncBits & (CKVM_SYNC_X86_REGS | CKVM_SYNC_X86_SREGS) == (CKVM_SYNC_X86_REGS | CKVM_SYNC_X86_SREGS) else {
            throw .missingCapability("KVM_CAP_SYNC_REGS (regs and sregs)")
        }
        for (name, cap) in [("KVM_CAP_IMMEDIATE_EXIT", CKVM_CAP_IMMEDIATE_EXIT), ("KVM_CAP_XSAVE", CKVM_CAP_XSAVE),
                            ("KVM_CAP_XCRS", CKVM_CAP_XCRS)] where capability(cap) <= 0 {
            throw .missingCapability(name)
        }
    }

    /// KVM_CHECK_EXTENSION's answer, or 0 when the call fails.
    func capability(_ cap: Int32) -> Int32 {
        (try? descriptor.control("KVM_CHECK_EXTENSION", CKVM_CHECK_EXTENSION, value: cap)) ?? 0
    }

    /// The CPUID entries KVM supports, to give to the vCPU unchanged.
    func supportedCPUID() throws(SystemError) -> CPUIDTable {
        let table = CPUIDTable()
        try descriptor.control("KVM_GET_SUPPORTED_CPUID", CKVM_GET_SUPPORTED_CPUID, table.raw)
        return table
    }
}

/// An owned `kvm_cpuid2` buffer.
final class CPUIDTable {
    let raw: UnsafeMutablePointer<kvm_cpuid2>

    init() { raw = ckvm_cpuid_allocate() }
    deinit { free(raw) }

    /// The entry for `function`/`index`, if KVM reported one.
    func entry(function: UInt32, index: UInt32 = 0) -> kvm_cpuid_entry2? {
        for position in 0..<raw.pointee.nent {
            let entry = ckvm_cpuid_entry(raw, position)!.pointee
            if entry.function == function && entry.index == index { return entry }
        }
        return nil
    }
}
