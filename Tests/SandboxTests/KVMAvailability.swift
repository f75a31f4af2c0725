import Glibc
import Sandbox
import Testing

/// Whether this machine can run sandbox tests; tests that need KVM are skipped with this
/// message where it cannot.
enum KVMAvailability {
    static let isAvailable: Bool = access(Sandbox.Options().devicePath, R_OK | W_OK) == 0
    static let skipMessage: Comment = "skipped: no usable KVM device at \(Sandbox.Options().devicePath) (these tests need /dev/kvm)"
}
