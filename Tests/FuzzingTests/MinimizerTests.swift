import Foundation
import Fuzzing
import Sandbox
import Testing
import TestSupport
import X86

/// The minimizer against the CPU, on a committed corpus entry whose divergence needs one register
/// and none of the rest: SARX through a non-canonical `es:[rbx]`, which kvm_pvm reports as #UD.
@Suite(.needsKVM)
struct MinimizerTests {
    static let entryName = "b21753baaf31036c.json"

    /// The committed entry, read through a corpus in a scratch directory (opening a corpus tidies
    /// its directory, and a test has no business changing the repository).
    private func committedEntry() throws -> CorpusEntry {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let scratch = try CorpusFixtures.directory("minimize")
        try FileManager.default.copyItem(at: repository.appendingPathComponent("corpus").appendingPathComponent(Self.entryName),
                                         to: scratch.appendingPathComponent(Self.entryName))
        return try Corpus(directory: scratch).read(Self.entryName)
    }

    @Test func shrinksToTheRegisterThatMattersAndKeepsTheShape() throws {
        let original = try committedEntry()
        let (minimized, trials) = try Minimizer(profile: .amdZen4, strictUndefined: false).minimize(original)

        #expect(trials > 16)
        #expect(minimized.signature.fields == original.signature.fields)
        #expect(minimized.signature.hardwareOutcome == "#UD")
        #expect(minimized.signature.modelOutcome == "#GP")
        #expect(minimized.bytes.bytes == [0xC4, 0x62, 0x02, 0xF7, 0x1B], "the ES override is not needed")
        let state = minimized.initialState
        #expect(state.gpr[.rbx] == original.initialState.gpr[.rbx], "the non-canonical base is the divergence")
        for register in GPR.allCases where register != .rbx {
            #expect(state.gpr[register] <= 1, "\(register) = \(Hex.format(state.gpr[register]))")
        }
        #expect(state.dataSeed == 0)
        #expect((0..<16).allSatisfy { state.vector.ymm[$0] == .zero })
    }
}
