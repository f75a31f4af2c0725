import X86

/// An opcode as the tables index it: legacy or VEX, map and opcode byte, whatever the prefixes,
/// ModRM or operands. The focus, the batch plan and the coverage look forms up by it.
public struct OpcodeKey: Hashable, Sendable {
    public let vex: Bool
    public let map: OpcodeMap
    public let opcode: UInt8

    public init(vex: Bool, map: OpcodeMap, opcode: UInt8) {
        self.vex = vex
        self.map = map
        self.opcode = opcode
    }

    /// The key of an instruction's encoding.
    public init(_ instruction: Instruction) {
        self.init(vex: instruction.prefixes.vex != nil, map: instruction.map, opcode: instruction.opcode)
    }

    /// The key of a form's encoding.
    public init(_ form: OpcodeForm) {
        self.init(vex: form.encoding == .vex, map: form.map, opcode: form.opcode)
    }

    /// A dense index (below `denseCount`), for tables looked up on every case.
    public var dense: Int { ((vex ? 1 : 0) * Self.maps.count + (Self.maps.firstIndex(of: map) ?? 0)) * 256 + Int(opcode) }

    public static let denseCount = 2 * maps.count * 256

    private static let maps = OpcodeMap.allCases
}
