import ArgumentParser
import Decoding
import Sandbox
import X86

/// `x86fuzz length`: the CPU's own length of a byte string, next to Capstone's.
struct Length: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure an instruction's length on the CPU, with no decoder, and compare it with Capstone's.",
        discussion: """
        The first k bytes go at the end of the code page, whose next page is not executable, and \
        run from the default state (as exec's); the smallest k that does not fault on the instruction \
        fetch is the CPU's length. An encoding that raises #UD has no length: the CPU's length is \
        then none, with the exception and how many bytes the CPU fetched before raising it. Give \
        the bytes of one instruction, or more (the rest is never fetched). \
        Exit code 0 when the CPU and Capstone agree, 1 when they do not: different lengths, a length \
        on one side only, or a #UD after more bytes than Capstone's length. (A #UD within Capstone's \
        length agrees: whether the encoding is valid is check's question.)
        """
    )

    @Argument(help: "The bytes in hex, 1 to 15 of them (e.g. 0f04 or '66 0f 1f 00').")
    var hex: String

    @Flag(help: "Print one JSON object: bytes, cpuLength, exception, fetched, decoderLength, decoded.")
    var json = false

    func run() throws {
        let bytes: [UInt8]
        do { bytes = try Hex.parseBytes(hex) } catch { throw CommandFailure.usage("bad instruction bytes: \(error)") }
        guard (1...15).contains(bytes.count) else {
            throw CommandFailure.usage("give 1 to 15 bytes; '\(hex)' has \(bytes.count)")
        }
        let decoder: InstructionDecoder
        do { decoder = try InstructionDecoder() } catch { throw CommandFailure.usage("cannot open Capstone: \(error)") }
        let decoded = decoder.decode(bytes)
        let measurement: LengthProbe.Measurement
        do { measurement = try LengthProbe(sandbox: SandboxRunner.open()).measure(bytes) } catch let error as SandboxError {
            throw CommandFailure(sandboxError: error)
        }
        let report = LengthReport(bytes: HexBytes(bytes), cpuLength: measurement.length,
                                  exception: measurement.outcome?.exception?.vector.name, fetched: measurement.fetched,
                                  decoderLength: decoded?.length, decoded: decoded?.text)
        if json {
            try JSONOutput.print(report)
        } else {
            Console.line(report.text)
        }
        if !report.agrees { throw ExitCode(1) }
    }
}

/// What `length` found, as its JSON object.
struct LengthReport: Encodable {
    var bytes: HexBytes
    /// The CPU's length; nil when it raised #UD or needed more bytes than given.
    var cpuLength: Int?
    /// The exception the run with `fetched` bytes raised, if any.
    var exception: String?
    /// How many bytes the CPU fetched without faulting on the fetch; nil when all given were not enough.
    var fetched: Int?
    var decoderLength: Int?
    /// Capstone's text for the bytes, nil when it cannot decode them.
    var decoded: String?

    /// True when both have the same length, neither has one, or the CPU raised #UD having fetched
    /// no more bytes than Capstone's length (an invalid encoding's length is not the CPU's to give).
    var agrees: Bool {
        if cpuLength == nil, exception == ExceptionVector.ud.name, let fetched {
            return decoderLength.map { fetched <= $0 } ?? true
        }
        return cpuLength == decoderLength
    }

    enum CodingKeys: String, CodingKey { case bytes, cpuLength, exception, fetched, decoderLength, decoded }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(cpuLength, forKey: .cpuLength)
        try container.encode(exception, forKey: .exception)
        try container.encode(fetched, forKey: .fetched)
        try container.encode(decoderLength, forKey: .decoderLength)
        try container.encode(decoded, forKey: .decoded)
    }

    var text: String {
        let cpu: String
        switch (cpuLength, fetched) {
        case (let length?, _): cpu = "\(length)" + (exception.map { " (then \($0))" } ?? "")
        case (nil, let fetched?): cpu = "none: \(exception ?? "?") after \(fetched) bytes"
        case (nil, nil): cpu = "longer than the \(bytes.bytes.count) bytes given"
        }
        let decoder = decoderLength.map { "\($0)  \(decoded ?? "")" } ?? "none: Capstone cannot decode these bytes"
        return """
        bytes     \(Hex.format(bytes: bytes.bytes))
        cpu       \(cpu)
        decoder   \(decoder)
        verdict   \(agrees ? "agree" : "disagree")
        """
    }
}
