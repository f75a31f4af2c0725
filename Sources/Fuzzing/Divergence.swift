/// Who is wrong when the CPU and the model disagree.
public enum DivergenceClass: String, Sendable, Hashable, Codable, CaseIterable {
    /// The model predicted something the CPU did not do.
    case model
    /// Capstone's length differs from the CPU's for a non-branch: the decoder misread the bytes.
    case decoder
    /// A flag the manuals leave undefined differs from what the CPU profile says (strict mode only).
    case undefinedBehaviour = "undefined-behaviour"
    /// The CPU did not repeat itself, or the VM misbehaved: this includes the outcomes kvm_pvm
    /// changes (a CPL3 #GP re-judged by KVM's emulator as #UD or #SS, see `Comparator`).
    case harness
    /// A lane the model predicts by the manuals' error bound (RCPPS, RSQRTPS: the CPU's own
    /// table) is outside that bound, or of the wrong sign or kind.
    case approximation
    /// An emulator under test (`--target`, named in the field: `unicorn:rax`) differs from the CPU;
    /// the divergence's `model` value is that emulator's.
    case target
}

/// One field on which the CPU and the model differ, with both values as text.
public struct Divergence: Sendable, Hashable, Codable {
    /// `outcome`, `exception.vector`, `exception.errorCode`, `exception.cr2`, `rip`, `length`,
    /// a GPR name, `rflags.cf` ..., `memory`, `ymm3`, `mxcsr`, `fcw`, `fsw`, `ftw`, `st0`.. and `mm0`.. (see `compareX87Registers`);
    /// for a target's divergence, one of those after the target's name (`unicorn:rax`).
    public var field: String
    public var hardware: String
    public var model: String
    public var `class`: DivergenceClass

    public init(field: String, hardware: String, model: String, class divergenceClass: DivergenceClass) {
        self.field = field
        self.hardware = hardware
        self.model = model
        self.class = divergenceClass
    }
}

extension Array where Element == Divergence {
    /// The same divergences, every one put in `divergenceClass`: a re-run or a rule decided whose
    /// doing the whole case is.
    public func classed(_ divergenceClass: DivergenceClass) -> [Divergence] {
        map { divergence in
            var copy = divergence
            copy.class = divergenceClass
            return copy
        }
    }
}
