import Foundation
import Fuzzing
import Glibc
import Sandbox
import Testing

/// What the machine running the tests offers, asked in one place, so that every test that needs
/// KVM (or a particular CPU or hypervisor) skips with a message saying so where it is missing.
public enum TestHost {
    /// The KVM device the sandbox opens (`X86FUZZ_KVM_DEVICE`, else /dev/kvm).
    public static let kvmDevice = Sandbox.Options().devicePath
    public static let kvmUsable = access(kvmDevice, R_OK | W_OK) == 0
    /// KVM is usable and it is kvm_pvm, whose artefacts some tests pin.
    public static let kvmPVMUsable = kvmUsable && Platform.detected == .kvmPVM
    /// KVM is usable on the kind of CPU the known answers were recorded on (Zen 4). Another CPU may
    /// rightly answer otherwise where the manuals leave it open (an Intel CPU ignores 66 on near
    /// branches, for one), so their CPU checks are skipped there.
    public static let recordingCPUUsable = kvmUsable && HostEnvironment.current.profile == .amdZen4
    /// Unicorn 2 can be loaded (`--target unicorn`): Debian's libunicorn.so.2, or `X86FUZZ_UNICORN_LIBRARY`.
    public static let unicornUsable: Bool = {
        guard let handle = dlopen(ProcessInfo.processInfo.environment["X86FUZZ_UNICORN_LIBRARY"] ?? "libunicorn.so.2", RTLD_NOW) else {
            return false
        }
        dlclose(handle)
        return true
    }()
    /// The repository's root (for `scripts/` and `corpus/`).
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The example plug-in target, `scripts/example-target.py`.
    public static let exampleTarget = repository.appendingPathComponent("scripts/example-target.py").path
    /// KVM is usable on AMD Zen 3, where the MMX known answers were recorded (EMMS's TOP and
    /// MASKMOVQ's faults are facts of that CPU, not of the manuals).
    public static let amdZen3Usable = kvmUsable && HostEnvironment.current.profile == .amdZen3
    /// KVM is usable on an AMD Zen CPU (3, 4 or 5), where some x87 facts were measured.
    public static let amdZenUsable: Bool = {
        let profile = HostEnvironment.current.profile
        return kvmUsable && (profile == .amdZen3 || profile == .amdZen4 || profile == .amdZen5)
    }()
}

extension Trait where Self == ConditionTrait {
    /// Runs only where KVM is usable.
    public static var needsKVM: Self {
        .enabled(if: TestHost.kvmUsable, "skipped: no usable KVM device at \(TestHost.kvmDevice) (this test runs cases on the CPU)")
    }

    /// Runs only under kvm_pvm with KVM usable.
    public static var needsKVMPVM: Self {
        .enabled(if: TestHost.kvmPVMUsable, "skipped: needs a usable KVM device under kvm_pvm")
    }

    /// Runs only where Unicorn 2 can be loaded.
    public static var needsUnicorn: Self {
        .enabled(if: TestHost.unicornUsable, "skipped: Unicorn 2 (libunicorn.so.2) cannot be loaded; apt-get install libunicorn-dev")
    }

    /// Runs only on AMD Zen 3, 4 or 5 with KVM usable.
    public static var needsAMDZen: Self {
        .enabled(if: TestHost.amdZenUsable, "skipped: needs a usable /dev/kvm on an AMD Zen CPU (measured there only)")
    }

    /// Runs only on AMD Zen 3 with KVM usable (the MMX known answers were recorded there).
    public static var needsAMDZen3: Self {
        .enabled(if: TestHost.amdZen3Usable, "skipped: needs a usable /dev/kvm on AMD Zen 3 (the MMX answers were recorded there)")
    }

    /// Runs only on the kind of CPU the known answers were recorded on.
    public static var needsRecordingCPU: Self {
        .enabled(if: TestHost.recordingCPUUsable,
                 "skipped: needs a usable /dev/kvm on the kind of CPU the answers were recorded on (AMD Zen 4)")
    }
}
