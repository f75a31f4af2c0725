import Decoding
import Generation
import X86

/// The front half of a case: generate the encoding, decode it with Capstone, filter it, and
/// check it against the focus. One per thread (it owns a decoder).
public final class FrontHalf {
    /// One case after the front half.
    public struct Case {
        /// The encoding truncated to the decoded length; all 15 bytes when undecodable.
        public var bytes: [UInt8]
        public var features: EncodingFeatures
        /// What Capstone decoded, or `Instruction.undecodable` of all the bytes.
        public var instruction: Instruction
        public var verdict: FilterVerdict
        /// Whether an accepted instruction matches the focus; nil without a focus.
        public var inFocus: Bool?
    }

    public let generator: EncodingGenerator
    public let filter: Filter
    private let decoder: InstructionDecoder
    private var buffer: [UInt8] = []

    /// A front half for campaign `seed`, with its own Capstone handle.
    public init(seed: UInt64, focus: Focus?, filter: Filter = Filter()) throws(DecoderError) {
        generator = EncodingGenerator(seed: seed, focus: focus)
        self.filter = filter
        decoder = try InstructionDecoder()
        buffer.reserveCapacity(EncodingGenerator.maximumLength)
    }

    /// Case `caseIndex` through generation, decoding, filtering and the focus check.
    public func run(caseIndex: UInt64) -> Case {
        let features = generator.generate(caseIndex: caseIndex, into: &buffer)
        let instruction = decoder.decode(buffer) ?? .undecodable(buffer)
        let verdict = filter.verdict(for: instruction)
        let inFocus = generator.focus.map { focus in verdict == .accepted && focus.matches(instruction) }
        return Case(bytes: instruction.bytes, features: features, instruction: instruction,
                    verdict: verdict, inFocus: inFocus)
    }
}
