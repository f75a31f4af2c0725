import ArgumentParser
import Fuzzing

/// `--platform auto|kvm|kvm-pvm`, shared by fuzz, check and replay: whose artefacts are classed
/// `harness`.
struct PlatformOption: ParsableArguments {
    @Option(name: .customLong("platform"), parsing: .unconditional,
            help: "auto (detect: kvm-pvm where the kvm_pvm module is loaded, else kvm), kvm (nothing is re-labelled) or kvm-pvm (its re-judged CPL3 #GP faults are class harness).")
    var text = "auto"

    /// The chosen platform, or nil for auto.
    func choice() throws -> Platform? {
        do { return try Platform.option(text) } catch { throw CommandFailure.usage(error) }
    }
}
