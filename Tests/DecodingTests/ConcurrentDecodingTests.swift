import Decoding
import Foundation
import Generation
import Testing
import X86

/// Decoders on several threads give exactly what one decoder gives: Capstone 4 keeps lazily
/// initialised global tables, which must not be raced.
struct ConcurrentDecodingTests {
    @Test func threadsDecodeLikeOneThread() throws {
        let generator = EncodingGenerator(seed: 4242)
        let encodings = (0..<UInt64(20_000)).map { generator.encoding(caseIndex: $0) }
        let reference = try InstructionDecoder()
        let expected = encodings.map { reference.decode($0) }
        let results = ConcurrentResults(count: 4)
        let group = DispatchGroup()
        for worker in 0..<4 {
            group.enter()
            Thread {
                defer { group.leave() }
                guard let decoder = try? InstructionDecoder() else { return }
                results.store(worker, encodings.map { decoder.decode($0) })
            }.start()
        }
        group.wait()
        for worker in 0..<4 {
            let decoded = try #require(results.value(worker))
            let mismatches = zip(decoded, expected).filter { $0 != $1 }.count
            #expect(mismatches == 0, "thread \(worker) decoded \(mismatches) encodings differently")
        }
    }
}

/// Per-thread results, written once each under a lock.
final class ConcurrentResults: @unchecked Sendable {
    private var values: [[Instruction?]?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func store(_ index: Int, _ value: [Instruction?]) { lock.withLock { values[index] = value } }
    func value(_ index: Int) -> [Instruction?]? { lock.withLock { values[index] } }
}
