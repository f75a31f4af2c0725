/// Who differs from the CPU on a judged case, by party: `model`, each target by name, and `cpu`
/// for the fields on which the CPU (or the hypervisor) is the odd one out: a re-run or a platform
/// rule made them `harness`, or the model and every target that ran the step differ from it with
/// one and the same value.
public enum Blame {
    /// Each party with the fields (without a target's prefix) on which it differs from the CPU;
    /// parties that agree with it are absent. `targets` are the compared targets' names.
    public static func parties(_ divergences: [Divergence], modelCompared: Bool, targets: [String]) -> [String: [String]] {
        var values: [String: [String: String]] = [:]
        var cpu: Set<String> = []
        for divergence in divergences {
            let (party, field) = split(divergence.field)
            if divergence.class == .harness { cpu.insert(field) } else { values[party, default: [:]][field] = divergence.model }
        }
        let voters = (modelCompared ? ["model"] : []) + targets
        if voters.count >= 2 {
            for (field, value) in values[voters[0]] ?? [:]
            where voters.allSatisfy({ values[$0]?[field] == value }) {
                cpu.insert(field)
                for voter in voters { values[voter]?[field] = nil }
            }
        }
        var result = values.compactMapValues { $0.isEmpty ? nil : $0.keys.sorted() }
        if !cpu.isEmpty { result["cpu"] = cpu.sorted() }
        return result
    }

    /// Who a divergence says differs from the CPU, as campaign statistics count it: `cpu` for class
    /// `harness`, `decoder` for class `decoder`, else the party its field names.
    public static func party(_ divergence: Divergence) -> String {
        switch divergence.class {
        case .harness: "cpu"
        case .decoder: "decoder"
        default: split(divergence.field).party
        }
    }

    /// The party a divergence's field names (a target's prefix, else `model`) and the field itself.
    public static func split(_ field: String) -> (party: String, field: String) {
        // Target names may hold a colon themselves (`exec:PROGRAM`): the field is after the last one.
        // Searched as bytes: a search by Character cost a diverging case thousands of instructions.
        guard let colon = field.utf8.lastIndex(of: UInt8(ascii: ":")) else { return ("model", field) }
        return (String(field[..<colon]), String(field[field.utf8.index(after: colon)...]))
    }
}
