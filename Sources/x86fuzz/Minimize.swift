import ArgumentParser
import Foundation
import Fuzzing
import Targets
import Sandbox

/// `x86fuzz minimize`: a smaller reproducer for one corpus entry.
struct Minimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Shrink a corpus entry while it keeps diverging the same way, and write it next to the original.",
        discussion: """
        Tries registers at 0 or 1, clearing flags, zero vector registers, the default MXCSR, dropping memory \
        patches, data seed 0 and dropping legacy prefixes; keeps each change under which the CPU and the model \
        still differ on the same fields with the same outcome kinds. Writes NAME.min.json beside NAME.json \
        (or --output). Exit codes: 0 written; 2 unreadable entry, no KVM, or the entry no longer diverges.
        """
    )

    @Argument(help: "A corpus entry (JSON file).")
    var file: String

    @Option(help: "Where to write the smaller entry (default: beside the original, .min.json).")
    var output: String?

    @Flag(help: "Also compare undefined flags that the CPU profile defines.")
    var strictUndefined = false

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let target = output ?? url.deletingPathExtension().appendingPathExtension("min.json").path
        do { try FileAccess.checkOutput(target) } catch { throw CommandFailure.usage("cannot write \(error)") }
        let entry: CorpusEntry
        do { entry = try Corpus.load(file) } catch { throw CommandFailure.usage("cannot read \(error)") }
        let minimizer: Minimizer
        do { minimizer = try Minimizer(profile: HostEnvironment.current.profile, strictUndefined: strictUndefined) } catch let error as SandboxError {
            throw CommandFailure(sandboxError: error)
        }
        let result: (entry: CorpusEntry, trials: Int)
        do { result = try minimizer.minimize(entry) } catch let error as MinimizeError {
            throw CommandFailure.usage("\(file): \(error)")
        } catch let error as TargetError {
            throw CommandFailure.usage("\(file): \(error.message)")
        }
        do { try FileAccess.writeOutput(try Corpus.encoded(result.entry), to: target) } catch {
            throw CommandFailure.usage("cannot write \(error)")
        }
        Console.line("\(target): \(result.entry.decoded) after \(result.trials) trials")
        Console.line("  \(result.entry.signature.text)")
    }
}
