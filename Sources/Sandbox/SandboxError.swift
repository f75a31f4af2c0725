/// Why the sandbox could not be set up or could not run a case.
public enum SandboxError: Error, Equatable, CustomStringConvertible {
    /// The KVM device could not be opened (missing, no permission ...).
    case deviceUnavailable(path: String, SystemError)
    /// The device answered, but not as KVM API version 12.
    case notKVM(path: String, detail: String)
    /// KVM lacks a capability the sandbox relies on.
    case missingCapability(String)
    /// Setting up the VM failed.
    case setup(SystemError)
    /// KVM_RUN or a state transfer failed.
    case run(SystemError)
    /// The case did not come back within the watchdog's bound and was cut off.
    case watchdogTimeout(milliseconds: Int)
    /// The case itself is malformed (wrong length, RIP elsewhere, a patch outside the window).
    case invalidCase(String)
    /// The guest left KVM in a way the harness does not expect (not through a handler's `hlt`).
    case unexpectedExit(reason: UInt32, detail: String)

    public var description: String {
        switch self {
        case let .deviceUnavailable(path, error):
            "cannot open \(path): \(error.reason) (the sandbox needs KVM; X86FUZZ_KVM_DEVICE names another device)"
        case let .notKVM(path, detail): "\(path) is not a usable KVM device: \(detail)"
        case let .missingCapability(name): "KVM lacks \(name), which the sandbox needs"
        case let .setup(error): "VM setup failed: \(error)"
        case let .run(error): "running the case failed: \(error)"
        case let .invalidCase(detail): "invalid case: \(detail)"
        case let .watchdogTimeout(milliseconds): "harness error: the case did not finish within \(milliseconds) ms (watchdog)"
        case let .unexpectedExit(reason, detail): "harness error: unexpected VM exit \(reason) (\(detail))"
        }
    }

    /// True for errors of the harness itself (as opposed to an unusable environment).
    public var isHarnessError: Bool {
        switch self {
        case .watchdogTimeout, .unexpectedExit, .run: true
        default: false
        }
    }
}
