import CKVM
import Glibc
import X86

/// Reads the harness's result records back into outcomes, checking that each is the harness's
/// own (its index, the batch's nonce and its checksum).
struct BatchResults {
    let region: (UInt64) -> UnsafeMutableRawPointer
    let nonce: UInt64

    private func word(_ pointer: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: pointer.load(fromByteOffset: offset, as: UInt64.self))
    }

    /// The XOR of `count` quadwords from `pointer`.
    static func xor(_ pointer: UnsafeRawPointer, count: Int) -> UInt64 {
        let words = pointer.assumingMemoryBound(to: UInt64.self)
        var hash: UInt64 = 0
        for index in 0..<count { hash ^= UInt64(littleEndian: words[index]) }
        return hash
    }

    /// True when `bytes` bytes from `pointer` all hold the canary.
    static func holdsCanary(_ pointer: UnsafeRawPointer, bytes: Int) -> Bool { holds(BatchLayout.canary, pointer, bytes: bytes) }

    /// True when every quadword of `bytes` bytes from `pointer` is `word`. The canary and int3
    /// filler are compared a page at a time with libc's `memcmp` against a page of the word: the
    /// host checks about 800 KiB of guarded memory after every batch, and a loop over quadwords
    /// took 1.6 instructions each.
    static func holds(_ word: UInt64, _ pointer: UnsafeRawPointer, bytes: Int) -> Bool {
        let length = bytes & ~7
        guard let reference = ReferencePage.of(word), length >= 256 else {
            let words = pointer.assumingMemoryBound(to: UInt64.self)
            var difference: UInt64 = 0
            for index in 0..<(length / 8) { difference |= words[index] ^ word.littleEndian }
            return difference == 0
        }
        var offset = 0
        while offset < length {
            let chunk = min(ReferencePage.size, length - offset)
            guard memcmp(pointer + offset, reference, chunk) == 0 else { return false }
            offset += chunk
        }
        return true
    }

    /// The code page's filler, eight int3 bytes.
    static let int3Filler = UInt64(BatchImage.int3) &* 0x0101_0101_0101_0101

    /// A page of the canary and one of int3 filler, made once and never freed.
    private enum ReferencePage {
        static let size = 4096
        nonisolated(unsafe) private static let canary = page(of: BatchLayout.canary)
        nonisolated(unsafe) private static let int3 = page(of: BatchResults.int3Filler)

        static func of(_ word: UInt64) -> UnsafeRawPointer? {
            switch word {
            case BatchLayout.canary: canary
            case BatchResults.int3Filler: int3
            default: nil
            }
        }

        private static func page(of word: UInt64) -> UnsafeRawPointer {
            let page = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
            page.initializeMemory(as: UInt64.self, repeating: word.littleEndian, count: size / 8)
            return UnsafeRawPointer(page)
        }
    }

    /// What reading a case's result needs of the case, taken once per case so that the reading
    /// does not copy the case (its bytes and state).
    struct Expected {
        var dataSeed: UInt64
        var length: Int
        var trapFlag: Bool
        var pad: UInt64?
        var isBranch: Bool

        init(_ batchCase: BatchCase) {
            dataSeed = batchCase.state.dataSeed
            length = batchCase.bytes.count
            trapFlag = batchCase.trapFlag
            pad = batchCase.pad
            isBranch = batchCase.isBranch
        }
    }

    /// Case `index`'s result, nil when its record is not the harness's (the batch is then not
    /// to be trusted); `logEnd` is where its write-log entries end.
    func read(_ batchCase: Expected, index: Int, patched: BatchInputs.Patched, vectorArea: Int?) -> (BatchResult, logEnd: Int)? {
        let record = UnsafeRawPointer(region(BatchLayout.results + UInt64(index * BatchLayout.recordSize)))
        let logStart = Int(truncatingIfNeeded: word(record, Int(BATCH_OUT_LOG_START)))
        let logCount = Int(truncatingIfNeeded: word(record, Int(BATCH_OUT_LOG_COUNT)))
        guard word(record, Int(BATCH_OUT_INDEX)) == UInt64(index), word(record, Int(BATCH_OUT_NONCE)) == nonce,
              logStart >= 0, logCount >= 0, logCount <= 1024, logStart + logCount <= BatchLayout.logCapacity,
              Self.holdsCanary(record + Int(BATCH_OUT_CHECKSUM) + 8, bytes: BatchLayout.recordSize - Int(BATCH_OUT_CHECKSUM) - 8)
        else { return nil }
        let log = UnsafeRawPointer(region(BatchLayout.log + UInt64(logStart * BatchLayout.entrySize)))
        var checksum = Self.xor(record, count: Int(BATCH_OUT_CHECKSUM) / 8) ^ Self.xor(log, count: logCount * 2)
        let save = vectorArea.map { UnsafeRawPointer(region(BatchLayout.saves + UInt64($0 * BatchLayout.vectorAreaSize))) }
        if let save {
            checksum ^= Self.xor(save, count: Int(BATCH_XSAVE_SIZE) / 8)
            guard Self.holdsCanary(save + Int(BATCH_XSAVE_SIZE), bytes: BatchLayout.vectorAreaSize - Int(BATCH_XSAVE_SIZE)) else { return nil }
        }
        guard checksum == word(record, Int(BATCH_OUT_CHECKSUM)) else { return nil }

        var changes: [(offset: Int, byte: UInt8)] = []
        for entry in 0..<logCount {
            let offset = Int(truncatingIfNeeded: word(log, entry * 16))
            guard offset >= 0, offset < Int(GuestLayout.dataSize), offset & 7 == 0 else { return nil }
            let before = BatchInputs.initialQuadword(offset, seed: batchCase.dataSeed, patched: patched)
            let after = word(log, entry * 16 + 8)
            for byte in 0..<8 where (before ^ after) >> UInt64(byte * 8) & 0xFF != 0 {
                changes.append((offset + byte, UInt8(truncatingIfNeeded: after >> UInt64(byte * 8))))
            }
        }
        var gpr = GPRFile()
        for register in GPR.allCases { gpr[register] = word(record, Int(BATCH_OUT_GPRS) + register.rawValue * 8) }
        let frameRIP = word(record, Int(BATCH_OUT_RIP))
        let step = Step(kind: word(record, Int(BATCH_OUT_KIND)), vector: word(record, Int(BATCH_OUT_VECTOR)),
                        errorCode: word(record, Int(BATCH_OUT_ERROR)), cr2: word(record, Int(BATCH_OUT_CR2)), frameRIP: frameRIP)
        let ending: Ending
        switch step.ending(of: batchCase) {
        case .escaped(let why): return (.escaped(why), logStart + logCount)
        case let known: ending = known
        }
        let outcome = Outcome(exception: ending.exception, gpr: gpr, rip: ending.rip,
                              rflags: word(record, Int(BATCH_OUT_RFLAGS)) & ~(RFlags.tf | RFlags.rf),
                              vector: save.map { XSaveLayout.read(from: $0) },
                              memoryWrites: MemoryRun.runs(base: GuestLayout.dataBase, changes: changes))
        return (.outcome(outcome), logEnd: logStart + logCount)
    }

    /// How the harness saw a case end.
    struct Step {
        var kind: UInt64
        var vector: UInt64
        var errorCode: UInt64
        var cr2: UInt64
        var frameRIP: UInt64

        /// What that means for the case, as the single-step path would report it.
        func ending(of batchCase: Expected) -> Ending {
            let start = GuestLayout.codeAddress
            switch kind {
            case UInt64(BATCH_KIND_FALLTHROUGH):
                if batchCase.trapFlag { return .escaped(BatchEscape(.completedUnderTrapFlag, "completed under TF without #DB")) }
                return .completed(rip: start + UInt64(batchCase.length))
            case UInt64(BATCH_KIND_TAKEN):
                guard let pad = batchCase.pad else { return .escaped(BatchEscape(.takenWithoutPad, "reached the taken entry without a pad")) }
                return .completed(rip: pad)
            case UInt64(BATCH_KIND_EXCEPTION):
                guard vector < 32 else { return .escaped(BatchEscape(.unexpectedEnding, "vector \(vector)")) }
                let exceptionVector = ExceptionVector(rawValue: UInt8(vector))
                if exceptionVector == .db {
                    return batchCase.trapFlag ? .completed(rip: frameRIP) : .escaped(BatchEscape(.unexpectedEnding, "#DB without TF at \(Hex.format(frameRIP))"))
                }
                let instructionFetch: UInt64 = 1 << 4
                if exceptionVector == .pf, errorCode & instructionFetch != 0, cr2 == frameRIP, frameRIP != start {
                    return batchCase.isBranch ? .completed(rip: frameRIP) : .escaped(BatchEscape(.unexpectedEnding, "instruction fetch at \(Hex.format(frameRIP))"))
                }
                guard frameRIP == start, exceptionVector != .bp else {
                    return .escaped(BatchEscape(.unexpectedEnding, "\(exceptionVector.name) at \(Hex.format(frameRIP))"))
                }
                return .exception(ExceptionInfo(vector: exceptionVector,
                                                errorCode: exceptionVector.pushesErrorCode ? errorCode : nil,
                                                cr2: exceptionVector == .pf ? cr2 : nil))
            default:
                return .escaped(BatchEscape(.unexpectedEnding, "result kind \(kind)"))
            }
        }
    }

    enum Ending {
        case completed(rip: UInt64)
        case exception(ExceptionInfo)
        case escaped(BatchEscape)

        var rip: UInt64 {
            switch self {
            case .completed(let rip): rip
            case .exception, .escaped: GuestLayout.codeAddress
            }
        }

        var exception: ExceptionInfo? {
            if case .exception(let info) = self { return info }
            return nil
        }
    }
}
