import ArgumentParser
import Foundation
import Fuzzing
import Sandbox
import Semantics

/// `x86fuzz profile`: CPU profiles, the answers the model uses where the manuals leave behaviour
/// undefined.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Show or learn a CPU profile: what this CPU does where the manuals leave it undefined.",
        discussion: """
        A profile answers named questions: for each group of instructions (multiply, divide, \
        logical, shift, doubleShift, rotate, bitTest, bitScan, zeroCount, bitManipulation, \
        bitFieldExtract) which undefined flags the CPU keeps, sets, or takes from the result's \
        parity (the rest it clears), and a few behaviours (LOCK on hint NOPs, SWAPGS with LOCK, \
        REP on LOOPcc, 16-bit BSWAP, 16-bit SHLD/SHRD by more than 16, which of REPE CMPSB's operands \
        is checked first). `null` means not known: \
        those flags stay masked and those results are not predicted. fuzz, check and replay take \
        --profile FILE; without it they use the shipped profile matching the CPU, else generic.
        """,
        subcommands: [Show.self, Learn.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a profile as JSON: FILE's, or the one detected for this CPU.")

        @Argument(help: "A profile file (default: the profile detected for this CPU).")
        var file: String?

        func run() throws {
            let profile: CPUProfile
            if let file {
                do { profile = try ProfileFile.load(file) } catch { throw CommandFailure.usage(error) }
            } else {
                profile = HostEnvironment.current.profile
            }
            Console.out(ProfileFile.encode(profile))
        }
    }

    struct Learn: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure this CPU's profile through KVM and print it (or write it to --output).",
            discussion: "Runs each question's probe instructions from --cases random states each; takes seconds.")

        @Option(help: "Write the profile to this file instead of standard output.")
        var output: String?

        @Option(parsing: .unconditional, help: "Random states per probe instruction, 1 to 100000. (default: 300)")
        var cases = "300"

        @Option(help: "The profile's name (default: the CPU's model name, vendor, family and model).")
        var name: String?

        func run() throws {
            let cases = try FrontHalfArguments.count(self.cases, option: "--cases", limit: 100_000)
            if let output {
                do { try FileAccess.checkOutput(output) } catch { throw CommandFailure.usage("cannot write \(error)") }
            }
            let host = HostEnvironment.current
            let learner: ProfileLearner
            do { learner = try ProfileLearner() } catch let error as SandboxError { throw CommandFailure(sandboxError: error) }
            let profile: CPUProfile
            do {
                profile = try learner.learn(name: name ?? "learned on \(host.summary)", cases: cases) { done in
                    Console.error("profile learn: \(done) done\n")
                }
            } catch let error as SandboxError {
                throw CommandFailure(sandboxError: error)
            }
            let text = ProfileFile.encode(profile)
            guard let output else {
                Console.out(text)
                return
            }
            do { try FileAccess.writeOutput(Data(text.utf8), to: output) } catch { throw CommandFailure.usage("cannot write \(error)") }
        }
    }
}
