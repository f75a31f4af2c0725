import Sandbox
import Testing
import TestSupport
import X86

/// The sandbox refuses malformed cases and unusable devices with errors that say why.
struct CaseValidationTests {
    @Test func missingDeviceIsReportedWithItsPath() {
        do {
            _ = try Sandbox(options: Sandbox.Options(devicePath: "/nonexistent/kvm"))
            Issue.record("a missing device was accepted")
        } catch {
            guard case let .deviceUnavailable(path, systemError) = error else {
                Issue.record("expected deviceUnavailable, got \(error)")
                return
            }
            #expect(path == "/nonexistent/kvm")
            #expect(systemError.errno == 2)
        }
    }

    @Test func aDeviceThatIsNotKVMIsRefused() {
        do {
            _ = try Sandbox(options: Sandbox.Options(devicePath: "/dev/null"))
            Issue.record("/dev/null was accepted as KVM")
        } catch {
            guard case .notKVM = error else {
                Issue.record("expected notKVM, got \(error)")
                return
            }
        }
    }

    @Test(.needsKVM,
          arguments: [
              ([UInt8](), MachineState.defaults),
              ([UInt8](repeating: 0x90, count: 16), MachineState.defaults),
              ([0x90], { var s = MachineState.defaults; s.rflags |= RFlags.tf; return s }()),
              ([0x90], { var s = MachineState.defaults; s.rflags = RFlags.reserved1; return s }()),
              ([0x90], { var s = MachineState.defaults; s.rflags |= RFlags.iopl; return s }()),
              ([0x90], { var s = MachineState.defaults; s.rip += 1; return s }()),
              ([0x90], { var s = MachineState.defaults; s.vector.mxcsr = 0xFFFF_FFFF; return s }()),
              ([0x90], { var s = MachineState.defaults; s.memoryPatches = [MemoryRun(address: 0x1000, bytes: [0])]; return s }()),
          ])
    func malformedCaseIsRefused(bytes: [UInt8], state: MachineState) throws {
        let sandbox = try Sandbox()
        do {
            _ = try sandbox.run(bytes, from: state)
            Issue.record("the case was run")
        } catch {
            guard case .invalidCase = error else {
                Issue.record("expected invalidCase, got \(error)")
                return
            }
        }
    }
}
