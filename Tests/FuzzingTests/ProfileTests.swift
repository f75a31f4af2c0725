import Foundation
import Fuzzing
import Semantics
import Testing
import TestSupport
import X86

/// CPU profiles as files, and `profile learn` against the shipped profiles.
struct ProfileTests {
    @Test(arguments: CPUProfile.shipped + [CPUProfile.generic])
    func aProfileReadsBackFromItsFile(_ profile: CPUProfile) throws {
        #expect(try ProfileFile.decode(Data(ProfileFile.encode(profile).utf8)) == profile)
    }

    @Test(arguments: [
        ("[]", "not a JSON object"),
        (#"{"format": 2, "name": "x", "undefinedFlags": {}}"#, "format must be 1"),
        (#"{"format": 1, "name": "", "undefinedFlags": {}}"#, "name must be"),
        (#"{"format": 1, "name": "x", "undefinedFlags": {}, "extra": 1}"#, "unknown key extra"),
        (#"{"format": 1, "name": "x", "undefinedFlags": {"square": null}}"#, "unknown question square"),
        (#"{"format": 1, "name": "x", "undefinedFlags": {"multiply": {"kept": "df", "set": "", "parity": ""}}}"#, "must name status flags"),
        (#"{"format": 1, "name": "x", "undefinedFlags": {"multiply": {"kept": "", "set": "", "parity": "cf"}}}"#, "may only name pf"),
        (#"{"format": 1, "name": "x", "undefinedFlags": {}, "wordByteSwap": "reverses"}"#, "wordByteSwap must be null or one of clearsLowWord"),
        (#"{"format": 1, "name": "x", "undefinedFlags": {}, "lockedHintNopRuns": "yes"}"#, "must be true, false or null"),
    ])
    func aBadProfileFileSaysWhatIsWrong(_ text: String, _ message: String) {
        #expect {
            _ = try ProfileFile.decode(Data(text.utf8))
        } throws: { error in
            (error as? InputError)?.description.contains(message) == true
        }
    }

    @Test func detectionPicksTheShippedProfileOrGeneric() {
        #expect(CPUProfile.detect(vendor: "AuthenticAMD", family: 0x19, model: 0x11) == .amdZen4)
        #expect(CPUProfile.detect(vendor: "AuthenticAMD", family: 0x19, model: 0x01) == .amdZen3)
        #expect(CPUProfile.detect(vendor: "AuthenticAMD", family: 0x1A, model: 0x02) == .amdZen5)
        #expect(CPUProfile.detect(vendor: "AuthenticAMD", family: 0x1A, model: 0x44) == .generic)
        #expect(CPUProfile.detect(vendor: "GenuineIntel", family: 6, model: 0xA7) == .generic)
        #expect(CPUProfile.detect(vendor: "AuthenticAMD", family: 0x17, model: 0x31) == .generic)
    }

    /// The acceptance of a shipped profile: learning on its CPU gives it back, answer for answer.
    @Test(.needsKVM, .enabled(if: HostEnvironment.current.profile != .generic,
                              "skipped: no shipped profile matches this CPU, so there is nothing to reproduce"))
    func learningOnThisCPUReproducesItsShippedProfile() throws {
        let shipped = HostEnvironment.current.profile
        var learned = try ProfileLearner().learn(name: shipped.name, cases: 300)
        learned.name = shipped.name
        // The x87 questions were answered on Zen 3 only: where the shipped profile leaves one open,
        // it claims nothing for the learner to reproduce.
        if shipped.reservedPrecisionIsExtended == nil { learned.reservedPrecisionIsExtended = nil }
        if shipped.x87PointerBits == nil { learned.x87PointerBits = nil }
        if shipped.weighsInvalidDecimalDigits == nil { learned.weighsInvalidDecimalDigits = nil }
        for question in UndefinedFlagsQuestion.allCases {
            #expect(learned.answer(question) == shipped.answer(question), "\(question.rawValue)")
        }
        #expect(learned == shipped, "\(ProfileFile.encode(learned))")
    }
}
