import ArgumentParser
import Foundation
import Targets

/// `x86fuzz serve-target NAME` (hidden): serves a target over the `exec:` protocol on stdin and
/// stdout, so that the other commands can run a target that may crash in a child process.
struct ServeTarget: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-target",
        abstract: "Serve a target over the exec: protocol on stdin and stdout (used by --target unicorn).",
        shouldDisplay: false
    )

    @Argument(help: "The target: unicorn.")
    var name: String

    func run() throws {
        let target: EmulatorTarget
        do throws(TargetError) { target = try Targets.open(name) } catch { throw CommandFailure.usage(error.message) }
        // Console writes with write(2): a closed pipe ends the serving, another failure exits 2.
        TargetServer.serve(target) { reply in
            reply.withUnsafeBytes { Console.out($0.bindMemory(to: UInt8.self)) }
            return !Console.isOutputGone
        }
    }
}
