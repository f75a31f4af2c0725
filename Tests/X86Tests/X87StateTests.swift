import Foundation
import Testing
import X86

/// The x87 registers in the XSAVE image, in JSON, in `--set` and in replay's comparison.
struct X87StateTests {
    static func sample() -> VectorState {
        var vector = VectorState()
        vector.fsw = 0x3800                 // TOP = 7
        vector.ftw = 0x5A
        vector.fcw = 0x1F7F
        vector.st[0] = X87Register(significand: 0x4000_0000_0000_0001, signExponent: 0x7FFF)
        vector.st[1] = X87Register(significand: 0x1_2345, signExponent: 0x8001)
        return vector
    }

    @Test func stackPositionsMapToPhysicalRegistersThroughTop() {
        var vector = Self.sample()
        #expect(vector.top == 7)
        #expect(vector.mm(7) == 0x4000_0000_0000_0001)   // ST(0) is R7
        #expect(vector.mm(0) == 0x1_2345)                // ST(1) is R0
        vector.setMM(3, 0x1122_3344_5566_7788)
        #expect(vector.st[4] == X87Register(significand: 0x1122_3344_5566_7788, signExponent: 0))
    }

    @Test func xsaveImageRoundTripsTheRegistersInStackOrder() {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: XSaveLayout.size, alignment: 64)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: XSaveLayout.size)
        XSaveLayout.write(Self.sample(), into: buffer)
        #expect(buffer.load(fromByteOffset: 4, as: UInt8.self) == 0x5A)
        #expect(buffer.load(fromByteOffset: 32, as: UInt64.self) == 0x4000_0000_0000_0001)
        #expect(buffer.load(fromByteOffset: 40, as: UInt16.self) == 0x7FFF)
        #expect(buffer.load(fromByteOffset: 48 + 8, as: UInt16.self) == 0x8001)
        #expect(XSaveLayout.read(from: buffer) == Self.sample())
        // XSTATE_BV bit 0 clear: the x87 state is in its initial configuration.
        buffer.storeBytes(of: UInt64(0x6), toByteOffset: 512, as: UInt64.self)
        let initial = XSaveLayout.read(from: buffer)
        #expect(initial.fcw == 0x37F && initial.fsw == 0 && initial.ftw == 0 && initial.st[0] == .zero)
    }

    @Test func jsonCarriesStackAndMMXRegisters() throws {
        var state = MachineState.defaults
        state.vector = Self.sample()
        let data = try JSONEncoder().encode(state)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["st0"] as? String == "0x7fff4000000000000001")
        #expect(object["mm0"] as? String == "0x0000000000012345")
        #expect(object["ftw"] as? String == "0x5a")
        #expect(try JSONDecoder().decode(MachineState.self, from: data) == state)
    }

    @Test func assignmentsSetStackAndMMXRegistersAndTheTagWord() throws {
        var state = MachineState.defaults
        try state.assign("fsw=0x1000")                   // TOP = 2
        try state.assign("st1=0x3fff8000000000000000")
        try state.assign("mm0=0xabc")                     // physical R0 is ST(6)
        try state.assign("ftw=0xff")
        #expect(state.vector.st[1] == X87Register(significand: 0x8000_0000_0000_0000, signExponent: 0x3FFF))
        #expect(state.vector.st[6].significand == 0xABC)
        #expect(state.vector.ftw == 0xFF)
        #expect(throws: AssignmentError.self) { try state.assign("st0=0x1ffffffffffffffffffff") }
        #expect(throws: AssignmentError.self) { try state.assign("mm8=1") }
        #expect(throws: AssignmentError.self) { try state.assign("ftw=256") }
    }

    /// An entry recorded before the x87 registers were observed says nothing about them.
    @Test func replayIgnoresX87RegistersARecordingLacks() throws {
        let observed = Outcome(exception: nil, gpr: GPRFile(), rip: 0x10004, rflags: 0x202, vector: Self.sample(), memoryWrites: [])
        var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(observed)) as? [String: Any])
        for key in json.keys where key.hasPrefix("st") || key.hasPrefix("mm") || key == "ftw" { json[key] = nil }
        let legacy = try JSONDecoder().decode(Outcome.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(!legacy.x87RegistersObserved)
        #expect(observed.differences(fromRecorded: legacy).isEmpty)
        var changed = observed
        changed.vector!.fsw = 0
        #expect(changed.differences(fromRecorded: legacy) == ["vector"])
        let reencoded = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(legacy)) as? [String: Any])
        #expect(reencoded["st0"] == nil)
    }
}
