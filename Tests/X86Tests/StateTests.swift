import Foundation
import Testing
import X86

/// The machine state, its data window and its JSON form.
struct StateTests {
    @Test func dataWindowFillIsDeterministicAndRandomAccess() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(GuestLayout.dataSize), alignment: 8)
        defer { buffer.deallocate() }
        DataWindowFill.fill(buffer, seed: 42)
        for offset in [0, 1, 7, 8, 4095, 8191] {
            #expect(buffer[offset] == DataWindowFill.byte(seed: 42, offset: UInt64(offset)))
        }
        #expect(DataWindowFill.quadword(seed: 42, index: 0) != DataWindowFill.quadword(seed: 43, index: 0))
    }

    @Test func laterPatchesWinAndOutsideTheWindowIsNil() {
        var state = MachineState.defaults
        state.memoryPatches = [MemoryRun(address: 0x20010, bytes: [1, 2, 3]), MemoryRun(address: 0x20011, bytes: [9])]
        #expect(state.initialByte(at: 0x20010) == 1)
        #expect(state.initialByte(at: 0x20011) == 9)
        #expect(state.initialByte(at: 0x20012) == 3)
        #expect(state.initialByte(at: 0x20013) == DataWindowFill.byte(seed: 0, offset: 0x13))
        #expect(state.initialByte(at: 0x1FFFF) == nil)
        #expect(state.initialByte(at: 0x22000) == nil)
    }

    @Test func changedBytesGroupIntoRuns() {
        let runs = MemoryRun.runs(base: 0x20000, changes: [(0, 1), (1, 2), (5, 3), (6, 4), (8, 5)])
        #expect(runs == [MemoryRun(address: 0x20000, bytes: [1, 2]), MemoryRun(address: 0x20005, bytes: [3, 4]),
                         MemoryRun(address: 0x20008, bytes: [5])])
        #expect(MemoryRun.runs(base: 0x20000, changes: []).isEmpty)
    }

    static let pageAccessVectors: [(UInt64, PageAccess?)] = [
        (0x0, nil), (0x1000, PageAccess(user: false, writable: true, executable: false)),
        (0x7010, PageAccess(user: false, writable: true, executable: true)),
        (0x10000, PageAccess(user: true, writable: false, executable: true)),
        (0x11FFF, PageAccess(user: true, writable: false, executable: false)),
        (0x21FFF, PageAccess(user: true, writable: true, executable: false)), (0x22000, nil), (0xA000, nil),
    ]

    @Test(arguments: pageAccessVectors)
    func pageAccessFollowsTheLayout(address: UInt64, access: PageAccess?) {
        #expect(GuestLayout.access(at: address) == access)
    }

    @Test func canonicalAddressesHaveEqualHighBits() {
        #expect(GuestLayout.isCanonical(0x0000_7FFF_FFFF_FFFF))
        #expect(GuestLayout.isCanonical(0xFFFF_8000_0000_0000))
        #expect(!GuestLayout.isCanonical(0x0000_8000_0000_0000))
        #expect(!GuestLayout.isCanonical(0x8000_0000_0000_0000))
    }

    @Test func stateAndOutcomeRoundTripThroughJSON() throws {
        var state = MachineState.defaults
        state.gpr[.r13] = 0xDEAD_BEEF
        state.vector.ymm[7] = Vec256(1, 2, 3, 4)
        state.vector.mxcsr = 0x9FC0
        state.dataSeed = 77
        state.memoryPatches = [MemoryRun(address: 0x20100, bytes: [0xAA, 0xBB])]
        #expect(try JSONDecoder().decode(MachineState.self, from: JSONEncoder().encode(state)) == state)

        let outcome = Outcome(exception: ExceptionInfo(vector: .pf, errorCode: 6, cr2: 0x4000), gpr: state.gpr,
                              rip: 0x10000, rflags: 0x202, vector: state.vector,
                              memoryWrites: [MemoryRun(address: 0x20ff8, bytes: [1])])
        #expect(try JSONDecoder().decode(Outcome.self, from: JSONEncoder().encode(outcome)) == outcome)
        var unobserved = outcome
        unobserved.vector = nil
        unobserved.exception = nil
        #expect(try JSONDecoder().decode(Outcome.self, from: JSONEncoder().encode(unobserved)) == unobserved)
    }

    @Test func prologueEncodesXrstorMovsAndIretq() {
        let code = Prologue.code
        #expect(Array(code.prefix(5)) == [0x48, 0x0F, 0xAE, 0x2C, 0x25])
        #expect(Array(code.suffix(2)) == [0x48, 0xCF])
        #expect(code.count == 9 + 8 + 8 + 2)
    }
}
