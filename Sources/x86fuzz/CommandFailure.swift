import X86

/// An error that ends a command with a one-line message and a documented exit code.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32

    /// Bad input or an unusable environment.
    static let usageExitCode: Int32 = 2
    /// The harness misbehaved (watchdog, unexpected VM exit).
    static let harnessExitCode: Int32 = 3

    /// Bad input: exit code 2.
    static func usage(_ error: InputError) -> CommandFailure { usage(error.description) }

    /// Bad input: exit code 2.
    static func usage(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: usageExitCode) }
}
