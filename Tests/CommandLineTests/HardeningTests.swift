import Foundation
import Glibc
import Testing
import TestSupport

/// The hardening defects, each tried as a user meets it: hostile options, hostile corpus entries,
/// outputs that are not regular files, and standard streams that cannot be written.
struct HardeningTests {
    static let kvm = TestHost.kvmUsable
    static let root = getuid() == 0
    static let committedEntry = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("corpus/008d607cdbff9963.json")

    static func scratch(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("x86fuzz-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The committed entry with `change` applied to its JSON, written into `directory` as `name`.
    static func entry(in directory: String, name: String, _ change: (inout [String: Any]) -> Void) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: committedEntry)) as? [String: Any])
        change(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    static func expectOneLine(_ result: X86Fuzz.Result, status: Int32 = 2, containing text: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(text), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        (["exec", "90", "--memory", "0xffffffffffffffff=aa"], "outside the data window"),
        (["exec", "90", "--memory", "-1=aa"], "outside the data window"),
        (["fuzz", "--duration", "99999999999999999999h"], "--duration"),
        (["fuzz", "--duration", "1e300"], "--duration"),
        (["bench", "exec", "--cases", "9223372036854775807"], "--cases"),
        (["bench", "model", "--distinct", "9223372036854775807", "--evaluations", "10"], "--distinct"),
        (["fuzz", "--jobs", "abc"], "--jobs"),
        (["exec", "90", "--bogus"], "--bogus"),
        (["exec", "90", "--data-seed", "-1"], "--data-seed '-1'"),
        (["exec", "90", "--set", "rflags=0x200"], "bit 1 clear"),
        (["exec", "９０"], "not hex"),
        (["bench", "exec", "--campaign-mix", "abc"], "--campaign-mix 'abc'"),
        (["bench", "exec", "--focus", "fp"], "--focus needs --campaign-mix"),
        (["bench", "exec", "--campaign-mix", "1", "--focus", "nosuch"], "unknown focus name 'nosuch'"),
        (["exec", "90", "--set", "mxcsr=0x10000"], "reserved bits"),
    ])
    func hostileOptionsGiveOneLineAndExit2(arguments: [String], message: String) throws {
        Self.expectOneLine(try X86Fuzz.run(arguments), containing: message)
    }

    @Test(.enabled(if: kvm, "skipped: no usable /dev/kvm"))
    /// Shard 0 of 2^63 - 1 has only three cases below 2^64: it runs them and ends.
    func aHugeShardCountRunsItsFewCases() throws {
        let corpus = try Self.scratch("shard")
        let result = try X86Fuzz.run(["fuzz", "--shard", "0/9223372036854775807", "--cases", "10", "--quiet", "--corpus", corpus])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(" 3 cases"), "\(result.stdout)")
    }

    @Test(.enabled(if: kvm, "skipped: no usable /dev/kvm"))
    func decimalVectorValuesAreAccepted() throws {
        let result = try X86Fuzz.run(["exec", "90", "--set", "xmm0=5", "--set", "xmm1=-1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""xmm0" : "0x00000000000000000000000000000005""#))
        #expect(result.stdout.contains(#""xmm1" : "0xffffffffffffffffffffffffffffffff""#))
    }

    /// Entries no case can come from are unreadable: named, skipped, exit 2, with what is wrong.
    @Test func invalidEntriesAreUnreadableNotRegressions() throws {
        let directory = try Self.scratch("invalid")
        try Self.entry(in: directory, name: "long.json") { $0["bytes"] = String(repeating: "90", count: 16) }
        for (name, key, value) in [("wrap.json", "memory", [["address": "0xffffffffffffffff", "bytes": "aa"]] as Any),
                                   ("minus.json", "memory", [["address": "-1", "bytes": "aa"]] as Any),
                                   ("outside.json", "memory", [["address": "0x1000", "bytes": "aa"]] as Any),
                                   ("tf.json", "rflags", "0x302" as Any), ("noif.json", "rflags", "0x2" as Any),
                                   ("mxcsr.json", "mxcsr", "0xffff1f80" as Any)] {
            try Self.entry(in: directory, name: name) { object in
                var state = object["initialState"] as! [String: Any]
                state[key] = value
                object["initialState"] = state
            }
        }
        try mkdir(directory + "/dir.json", 0o755).expectZero()
        try mkfifo(directory + "/fifo.json", 0o644).expectZero()
        try symlink("loop2.json", directory + "/loop1.json").expectZero()
        try symlink("loop1.json", directory + "/loop2.json").expectZero()
        let result = try X86Fuzz.run(["replay", directory, "--model-only"])
        #expect(result.status == 2)
        for (name, reason) in [("long.json", "1 to 15 bytes"), ("wrap.json", "wraps past 2^64"), ("minus.json", "wraps past 2^64"),
                               ("outside.json", "outside the data window"), ("tf.json", "cannot set"), ("noif.json", "IF clear"),
                               ("mxcsr.json", "reserved bits"), ("dir.json", "a directory"), ("fifo.json", "a FIFO"),
                               ("loop1.json", "symbolic link loop")] {
            #expect(result.stderr.contains("\(name): ") && result.stderr.split(separator: "\n").contains { $0.contains(name) && $0.contains(reason) },
                    "\(name): \(result.stderr)")
        }
        #expect(!result.stdout.contains("regression") && !result.stdout.contains("cpu-changed"), "\(result.stdout)")
        Self.expectOneLine(try X86Fuzz.run(["minimize", directory + "/wrap.json"]), containing: "wraps past 2^64")
    }

    /// Outputs that are devices, FIFOs or symlinks are written through, never replaced.
    @Test(.enabled(if: root, "skipped: making a device node needs root"))
    func outputsThatAreNotRegularFilesAreWrittenThrough() throws {
        let directory = try Self.scratch("outputs")
        try mknod(directory + "/null", S_IFCHR | 0o666, dev_t((1 << 8) | 3)).expectZero()
        try mknod(directory + "/full", S_IFCHR | 0o666, dev_t((1 << 8) | 7)).expectZero()
        FileManager.default.createFile(atPath: directory + "/target.xml", contents: nil)
        try symlink(directory + "/target.xml", directory + "/link.xml").expectZero()
        let ok = try X86Fuzz.run(["replay", "corpus", "--model-only", "--json", directory + "/null", "--junit", directory + "/link.xml"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try Self.kind(directory + "/null") == S_IFCHR)
        #expect(try Self.kind(directory + "/link.xml") == S_IFLNK)
        #expect(try String(contentsOfFile: directory + "/target.xml", encoding: .utf8).contains("<testsuite"))
        let full = try X86Fuzz.run(["replay", "corpus", "--model-only", "--json", directory + "/full"])
        Self.expectOneLine(full, containing: "No space left on device")
        #expect(try Self.kind(directory + "/full") == S_IFCHR)
        Self.expectOneLine(try X86Fuzz.run(["replay", "corpus", "--model-only", "--json", directory]), containing: "is a directory")
    }

    static func kind(_ path: String) throws -> mode_t {
        var status = stat()
        try lstat(path, &status).expectZero()
        return status.st_mode & S_IFMT
    }

    @Test func failedWritesToStandardStreamsExit2AndAClosedPipeIsQuiet() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let generated = try X86Fuzz.run(["generate", "--seed", "1", "--count", "100"], stdout: full)
        #expect(generated.status == 2)
        #expect(generated.stderr.hasSuffix("x86fuzz: cannot write standard output: No space left on device\n"), "\(generated.stderr)")
        let stats = try Self.scratch("report") + "/stats.json"
        try Data(#"{"seed": "0x1"}"#.utf8).write(to: URL(fileURLWithPath: stats))
        Self.expectOneLine(try X86Fuzz.run(["report", "--stats", stats]), containing: "not a valid file of its kind")
        let badHex = try X86Fuzz.run(["exec", "zz"], stderr: full)
        #expect(badHex.status == 2)
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let closed = try X86Fuzz.run(["generate", "--seed", "1", "--count", "1000000"], stdout: pipe.fileHandleForWriting)
        #expect(closed.status == 0)
        #expect(!closed.stderr.contains("x86fuzz:"), "\(closed.stderr)")
    }

    /// A campaign into a corpus with a truncated entry and a stale temporary directory: it runs,
    /// names the entry, leaves both alone, and writes its summary and stats.
    @Test(.enabled(if: kvm, "skipped: no usable /dev/kvm"))
    func aCorruptCorpusDoesNotStopACampaign() throws {
        let corpus = try Self.scratch("corrupt")
        let arguments = ["fuzz", "--seed", "7", "--cases", "300", "--jobs", "1", "--quiet", "--corpus", corpus,
                         "--inject-divergence", "add,mov,xor,and,or,sub,cmp,test,lea"]
        #expect(try X86Fuzz.run(arguments).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".json") }.sorted()
        let victim = corpus + "/" + (try #require(names.first))
        try Data("{\"schemaVersion\": 1, \"bytes\": ".utf8).write(to: URL(fileURLWithPath: victim))
        let maximal = corpus + "/" + (try #require(names.last))
        let text = try String(contentsOfFile: maximal, encoding: .utf8)
        try text.replacingOccurrences(of: #""hits" : \d+"#, with: #""hits" : 9223372036854775807"#, options: .regularExpression)
            .write(toFile: maximal, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: corpus + "/.tmp-999999-1-x.json/inner", withIntermediateDirectories: true)
        let stats = corpus + "-stats.json"
        let result = try X86Fuzz.run(arguments + ["--stats", stats])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains((victim as NSString).lastPathComponent), "\(result.stderr)")
        #expect(result.stdout.contains("corpus problem: skipped"), "\(result.stdout)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "{\"schemaVersion\": 1, \"bytes\": ")
        #expect(try String(contentsOfFile: maximal, encoding: .utf8).contains(#""hits" : 9223372036854775807"#))
        #expect(FileManager.default.fileExists(atPath: corpus + "/.tmp-999999-1-x.json/inner"))
        #expect(try String(contentsOfFile: stats, encoding: .utf8).contains("corpusProblems"))
        try FileManager.default.createDirectory(atPath: corpus + "/lockdir", withIntermediateDirectories: true)
        let locked = try Self.scratch("lock")
        try FileManager.default.createDirectory(atPath: locked + "/.lock", withIntermediateDirectories: true)
        Self.expectOneLine(try X86Fuzz.run(["fuzz", "--cases", "5", "--corpus", locked]), containing: ".lock")
    }

    /// A full disk mid-campaign stops it cleanly: summary and stats written, the path named, exit 2.
    @Test(.enabled(if: kvm && root, "skipped: needs /dev/kvm and root (to mount a small tmpfs)"))
    func aFullDiskStopsTheCampaignWithItsSummary() throws {
        let mountPoint = try Self.scratch("tmpfs")
        guard mount("tmpfs", mountPoint, "tmpfs", 0, "size=48k") == 0 else {
            Issue.record("cannot mount a tmpfs at \(mountPoint): \(String(cString: strerror(errno)))")
            return
        }
        defer { umount(mountPoint) }
        let stats = try Self.scratch("tmpfs-stats") + "/stats.json"
        let result = try X86Fuzz.run(["fuzz", "--seed", "3", "--cases", "3000", "--jobs", "1", "--quiet", "--corpus", mountPoint + "/c",
                                      "--stats", stats, "--inject-divergence", "add,mov,sub,xor,and,or,lea,push,pop,cmp,test"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("No space left on device") && result.stderr.contains(mountPoint + "/c/"), "\(result.stderr)")
        #expect(result.stdout.contains("campaign: seed"), "\(result.stdout)")
        #expect(try String(contentsOfFile: stats, encoding: .utf8).contains("No space left on device"))
    }

    @Test(.enabled(if: kvm, "skipped: no usable /dev/kvm"))
    func sighupStopsACampaignLikeSigterm() throws {
        let corpus = try Self.scratch("hup")
        let (status, stdout, _) = try X86Fuzz.runUntilSignal(["fuzz", "--duration", "60", "--quiet", "--corpus", corpus],
                                                             signal: SIGHUP, after: 2)
        #expect(status == 0)
        #expect(stdout.contains("campaign: seed"), "\(stdout)")
    }
}

extension Int32 {
    /// Throws the C call's errno unless it returned 0.
    func expectZero() throws {
        guard self == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
}
