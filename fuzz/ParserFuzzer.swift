import Foundation
import ParserFuzzing

/// The libFuzzer entry point for the parsers of outside input. The target comes from
/// X86FUZZ_FUZZ_TARGET (see `scripts/fuzz-parsers.sh`); a broken invariant aborts, as a trap does.
private let target: ParserFuzzTarget = {
    let name = ProcessInfo.processInfo.environment["X86FUZZ_FUZZ_TARGET"] ?? ""
    guard let target = ParserFuzzTarget(rawValue: name) else {
        let names = ParserFuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("X86FUZZ_FUZZ_TARGET must be one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let problem = target.check(bytes) {
        FileHandle.standardError.write(Data("\(target.rawValue): \(problem)\n".utf8))
        abort()
    }
    return 0
}
