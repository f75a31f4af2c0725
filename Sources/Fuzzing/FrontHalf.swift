import Decoding
import Generation
import X86

/// The front half of a case: generate the encoding, decode it with Capstone, filter it, and
/// check it against the focus. One per thread (it owns a decoder).
final class FrontHalf {
    /// One case after the front half.
    struct Case {
        /// The encoding truncated to the decoded length; all 15 bytes when undecodable.
        var bytes: [UInt8]
        var features: EncodingFeatures
        var instruction: Instruction?
        var verdict: FilterVerdict
        /// Whether an accepted instruction matches the focus; nil without a focus.
        var inFocus: Bool?
    }

    let generator: EncodingGenerator
    let filter: Filter
    private let decoder: InstructionDecoder
    private var buffer: [UInt8] = []

    init(seed: UInt64, focus: Focus?, filter: Filter = Filter()) throws {
        generator = EncodingGenerator(seed: seed, focus: focus)
        self.filter = filter
        do { decoder = try InstructionDecoder() } catch { throw CommandFailure.usage("cannot open Capstone: \(error)") }
        buffer.reserveCapacity(EncodingGenerator.maximumLength)
    }

    func run(caseIndex: UInt64) -> Case {
        let features = generator.generate(caseIndex: caseIndex, into: &buffer)
        let instruction = decoder.decode(buffer)
        let verdict = filter.verdict(for: instruction)
        let inFocus = generator.focus.map { focus in verdict == .accepted && focus.matches(instruction!) }
        return Case(bytes: instruction?.bytes ?? buffer, features: features, instruction: instruction,
                    verdict: verdict, inFocus: inFocus)
    }
}
