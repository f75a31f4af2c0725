import Foundation
import Testing

/// End-to-end tests of `x86fuzz forms`: the table as a user lists it, text and JSON Lines.
struct FormsCommandTests {
    @Test func jsonHasOneObjectPerFormWithTheDocumentedFields() throws {
        let result = try X86Fuzz.run(["forms", "--json"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count > 800)
        #expect(result.stderr.contains("forms: \(lines.count) ("), "\(result.stderr)")
        var modelled = 0
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["mnemonic", "encoding", "family", "modelled", "reason", "operands", "feature", "lockable", "aliases"] {
                #expect(object.keys.contains(key), "\(key) missing in \(line)")
            }
            let isModelled = try #require(object["modelled"] as? Bool)
            if isModelled { modelled += 1 }
            #expect((object["reason"] is NSNull) == isModelled, "\(line)")
        }
        #expect(modelled > 0 && modelled < lines.count)
    }

    @Test func aFamilyFilterKeepsThatFamilyOnly() throws {
        let result = try X86Fuzz.run(["forms", "--family", "bmi"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(columns.count == 6 && columns[3] == "bmi", "\(line)")
        }
        #expect(lines.contains { $0.hasPrefix("andn\tVEX.NDS.128.NP.0F38.W* F2 /r\t") })
    }

    @Test func anUnknownFamilyExitsWith2() throws {
        let result = try X86Fuzz.run(["forms", "--family", "fpu"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("x86fuzz: --family fpu is not a family"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
