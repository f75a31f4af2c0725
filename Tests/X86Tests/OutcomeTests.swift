import Testing
import X86

/// How a newly observed outcome is held against a recorded one (replay's "as recorded").
struct OutcomeTests {
    static let recorded = Outcome(exception: nil, gpr: GPRFile(), rip: 0x10004, rflags: 0x202, vector: nil, memoryWrites: [])

    @Test func vectorStateCountsOnlyWhereBothSidesReadIt() {
        var observed = Self.recorded
        observed.vector = VectorState()
        #expect(observed.differences(fromRecorded: Self.recorded).isEmpty)
        var recordedWithVector = Self.recorded
        recordedWithVector.vector = VectorState()
        recordedWithVector.vector!.mxcsr = 0x1F81
        #expect(observed.differences(fromRecorded: recordedWithVector) == ["vector"])
    }

    @Test func everyDifferingPartIsNamed() {
        var observed = Self.recorded
        observed.rip = 0x10000
        observed.exception = ExceptionInfo(vector: .ud)
        observed.gpr[.r9] = 1
        observed.rflags = 0x203
        observed.memoryWrites = [MemoryRun(address: 0x20000, bytes: [1])]
        #expect(observed.differences(fromRecorded: Self.recorded) == ["exception", "rip", "rflags", "r9", "memory"])
    }
}
