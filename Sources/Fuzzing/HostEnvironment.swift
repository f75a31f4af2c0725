import Foundation
import Semantics

/// The machine a case ran on: part of every corpus entry, and where the CPU profile comes from.
public struct HostEnvironment: Sendable, Hashable, Codable {
    public var vendor: String
    public var family: Int
    public var model: Int
    public var stepping: Int
    public var modelName: String
    public var kernel: String
    /// `kvm-pvm` (paravirtual KVM, CPL0 emulated) or `kvm`.
    public var hypervisor: String

    public init(vendor: String, family: Int, model: Int, stepping: Int, modelName: String, kernel: String, hypervisor: String) {
        self.vendor = vendor
        self.family = family
        self.model = model
        self.stepping = stepping
        self.modelName = modelName
        self.kernel = kernel
        self.hypervisor = hypervisor
    }

    /// This machine, read from /proc/cpuinfo, the kernel release and the loaded KVM module.
    public static let current: HostEnvironment = {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        var fields: [String: String] = [:]
        for line in cpuinfo.split(separator: "\n") {
            if line.isEmpty { break }
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, fields[parts[0]] == nil { fields[parts[0]] = parts[1] }
        }
        let kernel = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
        let paravirtual = FileManager.default.fileExists(atPath: "/sys/module/kvm_pvm")
        return HostEnvironment(vendor: fields["vendor_id"] ?? "unknown", family: Int(fields["cpu family"] ?? "") ?? 0,
                               model: Int(fields["model"] ?? "") ?? 0, stepping: Int(fields["stepping"] ?? "") ?? 0,
                               modelName: fields["model name"] ?? "unknown", kernel: kernel,
                               hypervisor: paravirtual ? "kvm-pvm" : "kvm")
    }()

    /// True when `other` has the same processor model and hypervisor, so that the CPU should
    /// reproduce what was recorded there (stepping and kernel aside).
    public func isSameKind(as other: HostEnvironment) -> Bool {
        vendor == other.vendor && family == other.family && model == other.model && hypervisor == other.hypervisor
    }

    /// The machine in a phrase: model name, vendor, family/model in hex, hypervisor.
    public var summary: String {
        "\(modelName), \(vendor) family \(String(family, radix: 16))h model \(String(model, radix: 16))h, \(hypervisor)"
    }

    /// The CPU profile for this machine's processor.
    public var profile: CPUProfile { CPUProfile.detect(vendor: vendor, family: family, model: model) }
}
