import ArgumentParser
import Decoding
import Forms
import X86

/// `x86fuzz forms`: the forms table, with whether the model covers each form and why not.
struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms",
        abstract: "List the instruction forms the fuzzer knows, and whether the model covers each.",
        discussion: """
        One line per form: mnemonic, encoding (in the table's notation, after the Intel SDM's \
        opcode column), operands, family, CPUID feature, and `modelled` or `not modelled: REASON`. \
        --json prints JSON Lines, one object per form, with mnemonic, encoding, operands, family, \
        feature, lockable, reads, writes, undefined, manual, modelled, reason (null when \
        modelled), aliases (the other names Capstone gives the form, such as cmpltps for cmpps) \
        and an example encoding with Capstone's text for it. A count goes to stderr.

        Families: \(FormTable.families.map(\.name).joined(separator: ", ")).
        """
    )

    @Option(help: "Only this family's forms (repeatable).")
    var family: [String] = []

    @Flag(help: "Print JSON Lines, one object per form.")
    var json = false

    func run() throws {
        let known = Set(FormTable.families.map(\.name))
        if let unknown = family.first(where: { !known.contains($0) }) {
            throw CommandFailure.usage("--family \(unknown) is not a family (\(FormTable.families.map(\.name).joined(separator: ", "))) (see --help)")
        }
        let forms = FormTable.all.filter { family.isEmpty || family.contains($0.family) }
        let decoder: InstructionDecoder
        do { decoder = try InstructionDecoder() } catch { throw CommandFailure.usage("cannot open Capstone: \(error)") }
        var output = BufferedOutput()
        for form in forms where !Console.isOutputGone {
            let example = decoder.decode(form.encoding.plainestEncoding)
            output.write(json ? Self.jsonLine(form, example: example) : Self.textLine(form))
        }
        output.flush()
        let modelled = forms.count { $0.status == .modelled }
        Console.error("forms: \(forms.count) (\(modelled) modelled, \(forms.count - modelled) not modelled)\n")
    }

    static func textLine(_ form: Form) -> String {
        let status = form.notModelledReason.map { "not modelled: " + $0 } ?? "modelled"
        let columns = [form.mnemonic, form.encoding.notation, form.operands.isEmpty ? "-" : form.operands, form.family,
                       form.feature.isEmpty ? "-" : form.feature, status]
        return columns.joined(separator: "\t") + "\n"
    }

    static func jsonLine(_ form: Form, example: Instruction?) -> String {
        let string = Generate.jsonString
        var fields = [
            "\"mnemonic\":\(string(form.mnemonic))", "\"encoding\":\(string(form.encoding.notation))",
            "\"operands\":\(string(form.operands))", "\"family\":\(string(form.family))",
            "\"feature\":\(string(form.feature))", "\"lockable\":\(form.lockable)",
            "\"reads\":\(string(Form.flagNames(form.reads)))", "\"writes\":\(string(Form.flagNames(form.writes)))",
            "\"undefined\":\(string(Form.flagNames(form.undefined)))", "\"manual\":\(string(form.manual))",
            "\"modelled\":\(form.status == .modelled)", "\"reason\":\(form.notModelledReason.map(string) ?? "null")",
            "\"aliases\":[\(form.encoding.aliases.map(string).joined(separator: ","))]",
        ]
        if let example {
            fields.append("\"example\":\(string(Hex.format(bytes: example.bytes)))")
            fields.append("\"exampleText\":\(string(example.text))")
        } else {
            fields.append("\"example\":null")
        }
        return "{" + fields.joined(separator: ",") + "}\n"
    }
}
