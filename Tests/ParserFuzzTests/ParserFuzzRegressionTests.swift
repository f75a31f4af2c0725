import Foundation
import ParserFuzzing
import Testing

/// Every committed fuzz seed and crasher, run through its parser without libFuzzer: none may trap
/// or break the parser's invariants. Crashers are inputs that once crashed a parser.
struct ParserFuzzRegressionTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fuzz")

    static func inputs(_ kind: String, _ target: ParserFuzzTarget) -> [URL] {
        let directory = fuzzDirectory.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        return ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test(arguments: ParserFuzzTarget.allCases)
    func seedsAndCrashersPass(target: ParserFuzzTarget) throws {
        let seeds = Self.inputs("seeds", target)
        #expect(!seeds.isEmpty, "fuzz/seeds/\(target.rawValue) has no seeds")
        for file in seeds + Self.inputs("crashers", target) {
            let problem = target.check(Array(try Data(contentsOf: file)))
            #expect(problem == nil, "\(file.lastPathComponent): \(problem ?? "")")
        }
    }
}
