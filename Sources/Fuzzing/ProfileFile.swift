import Forms
import Foundation
import Semantics
import X86

/// A CPU profile as a versioned JSON file: what `profile learn` writes, `profile show` prints
/// and `--profile FILE` reads. Flags are named as in the forms table (`status`, `cf`, `af` ...);
/// an unanswered question is `null` (or absent: a file written before the question was asked).
public enum ProfileFile {
    /// The profile as JSON text, keys sorted so that two profiles diff line by line.
    public static func encode(_ profile: CPUProfile) -> String {
        var undefined: [String: Any] = [:]
        for question in UndefinedFlagsQuestion.allCases {
            if let answer = profile.answer(question) {
                undefined[question.rawValue] = ["kept": Form.flagNames(answer.kept), "set": Form.flagNames(answer.set),
                                                "parity": Form.flagNames(answer.parity)]
            } else {
                undefined[question.rawValue] = NSNull()
            }
        }
        let object: [String: Any] = [
            "format": CPUProfile.formatVersion, "name": profile.name, "undefinedFlags": undefined,
            "lockedHintNopRuns": profile.lockedHintNopRuns.map { $0 as Any } ?? NSNull(),
            "swapgsPrivilegeBeforeLock": profile.swapgsPrivilegeBeforeLock.map { $0 as Any } ?? NSNull(),
            "loopTakesRepeatCondition": profile.loopTakesRepeatCondition.map { $0 as Any } ?? NSNull(),
            "wordByteSwap": profile.wordByteSwap.map { $0.rawValue as Any } ?? NSNull(),
            "oversizedWordDoubleShift": profile.oversizedWordDoubleShift.map { $0.rawValue as Any } ?? NSNull(),
            "repeatCompareBytesChecksSourceFirst": profile.repeatCompareBytesChecksSourceFirst.map { $0 as Any } ?? NSNull(),
            "compareChecksSourceFirst": profile.compareChecksSourceFirst.map { $0 as Any } ?? NSNull(),
            "userLevelMonitorFault": profile.userLevelMonitorFault.map { $0.rawValue as Any } ?? NSNull(),
            "longModeSysexitFault": profile.longModeSysexitFault.map { $0.rawValue as Any } ?? NSNull(),
            "nearBranchTakesWordOperandSize": profile.nearBranchTakesWordOperandSize.map { $0 as Any } ?? NSNull(),
            "wordMovsxdReadsDoubleword": profile.wordMovsxdReadsDoubleword.map { $0 as Any } ?? NSNull(),
            "mxcsrMask": profile.mxcsrMask.map { Hex.format(UInt64($0)) as Any } ?? NSNull(),
            "runsFMA4": profile.runsFMA4.map { $0 as Any } ?? NSNull(),
            "reservedPrecisionIsExtended": profile.reservedPrecisionIsExtended.map { $0 as Any } ?? NSNull(),
            "x87PointerBits": profile.x87PointerBits.map { $0 as Any } ?? NSNull(),
            "weighsInvalidDecimalDigits": profile.weighsInvalidDecimalDigits.map { $0 as Any } ?? NSNull(),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The profile a file's JSON describes; every problem is one line naming it.
    public static func decode(_ data: Data) throws(InputError) -> CPUProfile {
        guard let parsed = try? JSONSerialization.jsonObject(with: data), let object = parsed as? [String: Any] else {
            throw InputError("not a JSON object")
        }
        guard let format = object["format"] as? Int, format == CPUProfile.formatVersion else {
            throw InputError("format must be \(CPUProfile.formatVersion)")
        }
        guard let name = object["name"] as? String, !name.isEmpty, name.count <= 100 else {
            throw InputError("name must be a string of 1 to 100 characters")
        }
        let known: Set<String> = ["format", "name", "undefinedFlags", "lockedHintNopRuns", "swapgsPrivilegeBeforeLock",
                                  "loopTakesRepeatCondition", "wordByteSwap", "oversizedWordDoubleShift",
                                  "repeatCompareBytesChecksSourceFirst", "compareChecksSourceFirst", "userLevelMonitorFault",
                                  "longModeSysexitFault", "nearBranchTakesWordOperandSize", "wordMovsxdReadsDoubleword", "mxcsrMask", "runsFMA4",
                                  "reservedPrecisionIsExtended", "x87PointerBits", "weighsInvalidDecimalDigits"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) { throw InputError("unknown key \(unknown)") }
        guard let undefined = object["undefinedFlags"] as? [String: Any] else { throw InputError("undefinedFlags must be an object") }
        var answers: [UndefinedFlagsQuestion: UndefinedFlagsAnswer] = [:]
        for (key, value) in undefined {
            guard let question = UndefinedFlagsQuestion(rawValue: key) else { throw InputError("undefinedFlags: unknown question \(key)") }
            if value is NSNull { continue }
            guard let fields = value as? [String: Any] else { throw InputError("undefinedFlags.\(key) must be an object or null") }
            func mask(_ field: String) throws(InputError) -> UInt64 {
                guard let text = fields[field] as? String, let mask = Form.flags(text), mask & ~RFlags.status == 0 else {
                    throw InputError("undefinedFlags.\(key).\(field) must name status flags")
                }
                return mask
            }
            if let extra = fields.keys.sorted().first(where: { !["kept", "set", "parity"].contains($0) }) {
                throw InputError("undefinedFlags.\(key): unknown key \(extra)")
            }
            let answer = UndefinedFlagsAnswer(kept: try mask("kept"), set: try mask("set"), parity: try mask("parity"))
            guard answer.parity & ~RFlags.pf == 0 else { throw InputError("undefinedFlags.\(key).parity may only name pf") }
            answers[question] = answer
        }
        func flag(_ key: String) throws(InputError) -> Bool? {
            switch object[key] {
            case nil, is NSNull: return nil
            case let value as Bool: return value
            default: throw InputError("\(key) must be true, false or null")
            }
        }
        func named<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws(InputError) -> T? where T.RawValue == String {
            switch object[key] {
            case nil, is NSNull: return nil
            case let text as String:
                guard let value = T(rawValue: text) else {
                    throw InputError("\(key) must be null or one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return value
            default: throw InputError("\(key) must be a string or null")
            }
        }
        return CPUProfile(name: name, undefinedFlags: answers, lockedHintNopRuns: try flag("lockedHintNopRuns"),
                          swapgsPrivilegeBeforeLock: try flag("swapgsPrivilegeBeforeLock"),
                          loopTakesRepeatCondition: try flag("loopTakesRepeatCondition"),
                          wordByteSwap: try named("wordByteSwap", WordByteSwap.self),
                          oversizedWordDoubleShift: try named("oversizedWordDoubleShift", OversizedWordDoubleShift.self),
                          repeatCompareBytesChecksSourceFirst: try flag("repeatCompareBytesChecksSourceFirst"),
                          compareChecksSourceFirst: try flag("compareChecksSourceFirst"),
                          userLevelMonitorFault: try named("userLevelMonitorFault", UserLevelFault.self),
                          longModeSysexitFault: try named("longModeSysexitFault", UserLevelFault.self),
                          nearBranchTakesWordOperandSize: try flag("nearBranchTakesWordOperandSize"),
                          wordMovsxdReadsDoubleword: try flag("wordMovsxdReadsDoubleword"),
                          mxcsrMask: try mxcsrMask(object["mxcsrMask"]), runsFMA4: try flag("runsFMA4"),
                          reservedPrecisionIsExtended: try flag("reservedPrecisionIsExtended"),
                          x87PointerBits: try pointerBits(object["x87PointerBits"]),
                          weighsInvalidDecimalDigits: try flag("weighsInvalidDecimalDigits"))
    }

    /// The x87 pointer width: null, or 48 to 64.
    private static func pointerBits(_ value: Any?) throws(InputError) -> Int? {
        switch value {
        case nil, is NSNull: return nil
        case let bits as Int where (48...64).contains(bits): return bits
        default: throw InputError("x87PointerBits must be null or an integer from 48 to 64")
        }
    }

    /// MXCSR_MASK as the file writes it: null, or a hex string naming 0xFFFF and at most bit 17 more.
    private static func mxcsrMask(_ value: Any?) throws(InputError) -> UInt32? {
        switch value {
        case nil, is NSNull: return nil
        case let text as String:
            guard let mask = try? Hex.parseNumber(text), mask == 0xFFFF || mask == 0x2_FFFF else {
                throw InputError("mxcsrMask must be null, \"0xffff\" or \"0x2ffff\"")
            }
            return UInt32(mask)
        default: throw InputError("mxcsrMask must be a hex string or null")
        }
    }

    /// The profile in the file at `path` (a regular file, at most 1 MiB), or an error naming it.
    public static func load(_ path: String) throws(InputError) -> CPUProfile {
        let data: Data
        do { data = try FileAccess.readRegularFile(path) } catch { throw InputError("--profile \(path): \(error)") }
        guard data.count <= 1 << 20 else { throw InputError("--profile \(path): larger than 1 MiB") }
        do { return try decode(data) } catch { throw InputError("--profile \(path): \(error.description)") }
    }
}
