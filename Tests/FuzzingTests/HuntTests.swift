import Decoding
import Fuzzing
import Sandbox
import Testing
import X86

/// The opcode space the hunt walks, and how it sorts an encoding.
struct HuntTests {
    @Test func everyMapHasItsOpcodesUnderEveryPrefixCombination() {
        #expect(HuntMap.oneByte.opcodes.count == (256 - 12 - 16) * 8, "no prefixes, REX or 0F as opcodes")
        #expect(HuntMap.map0F.opcodes.count == 254 * 8, "0F 38 and 0F 3A are maps of their own")
        #expect(HuntMap.map0F38.opcodes.count == 256 * 8)
        #expect(HuntMap.map0F3A.opcodes.count == 256 * 8)
        #expect(HuntMap.vex.opcodes.count == 3 * 256 * 16, "maps 0F, 0F38, 0F3A with every L, W and pp")
        #expect(HuntMap.modrmClasses.count == 16)
        #expect(Set(HuntMap.modrmClasses.map { ($0 >> 3) & 7 }) == Set(0..<8))
    }

    @Test func encodingsArePrefixesThenOpcodeThenModRMThenZeros() {
        let adcx = HuntMap.map0F38.opcodes.first { $0.lead == [0x66, 0x48, 0x0F, 0x38, 0xF6] }
        #expect(adcx?.encoding(modrm: 0xC1) == [0x66, 0x48, 0x0F, 0x38, 0xF6, 0xC1] + [UInt8](repeating: 0, count: 9))
        let vpaddd = HuntMap.vex.opcodes.first { $0.lead == [0xC4, 0xE1, 0x7D, 0xFE] }
        #expect(vpaddd != nil, "VEX.256.66.0F.W0 FE")
        #expect(HuntMap.vex.opcodes.allSatisfy { $0.encoding(modrm: 0).count == 15 })
    }

    private func measurement(fetched: Int?, _ exception: ExceptionVector?) -> LengthProbe.Measurement {
        let outcome = Outcome(exception: exception.map { ExceptionInfo(vector: $0) }, gpr: GPRFile(), rip: GuestLayout.codeAddress,
                              rflags: 0x202, vector: nil, memoryWrites: [])
        return LengthProbe.Measurement(fetched: fetched, outcome: outcome)
    }

    @Test func anEncodingIsSortedByWhatTheCPUAndCapstoneMakeOfIt() throws {
        let decoder = try InstructionDecoder()
        let add: [UInt8] = [0x48, 0x01, 0xD8] + [UInt8](repeating: 0, count: 12)
        let prefetch: [UInt8] = [0x0F, 0x0D, 0x00] + [UInt8](repeating: 0, count: 12)
        let invalid: [UInt8] = [0x0F, 0x04] + [UInt8](repeating: 0, count: 13)
        let adcx: [UInt8] = [0x66, 0x0F, 0x38, 0xF6, 0xC1] + [UInt8](repeating: 0, count: 10)
        func kind(_ bytes: [UInt8], decoded: Bool, fetched: Int?, _ exception: ExceptionVector?) -> Hunter.Kind {
            Hunter.kind(decoded: decoded ? decoder.decode(bytes) : nil, measurement: measurement(fetched: fetched, exception),
                        bytes: bytes)
        }
        #expect(kind(add, decoded: true, fetched: 3, nil) == .executedKnown)
        #expect(kind(add, decoded: true, fetched: 4, nil) == .lengthDisagreement)
        #expect(kind(add, decoded: true, fetched: 3, .ud) == .decodedButUD)
        #expect(kind(add, decoded: true, fetched: 5, .ud) == .lengthDisagreement, "#UD after more bytes than Capstone's")
        #expect(kind(prefetch, decoded: false, fetched: 3, nil) == .unknownForm)
        #expect(kind(adcx, decoded: false, fetched: 5, nil) == .capstoneGap, "the table has ADCX")
        #expect(kind(invalid, decoded: false, fetched: 2, .ud) == .udAsExpected)
    }
}
