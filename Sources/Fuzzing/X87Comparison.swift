import Semantics
import X86

extension Comparator {
    /// FOP, FIP and FDP, each by name.
    func compareX87Pointers(_ cpu: X87Pointers, _ model: X87Pointers, differ: (String, String, String, DivergenceClass) -> Void) {
        if cpu.fop != model.fop { differ("fop", Hex.format(UInt64(cpu.fop)), Hex.format(UInt64(model.fop)), .model) }
        if cpu.fip != model.fip { differ("fip", Hex.format(cpu.fip), Hex.format(model.fip), .model) }
        if cpu.fdp != model.fdp { differ("fdp", Hex.format(cpu.fdp), Hex.format(model.fdp), .model) }
    }

    /// The x87 tag word and data registers. A register whose sign and exponent agree but whose
    /// significand does not is reported as the MMX register it is (`mm3`, by physical number),
    /// any other difference as the stack register (`st5`) when both sides agree on TOP; with
    /// different TOPs (FSW already differs) every stack position is compared as such. An
    /// approximate register is judged by its bound (class `approximation`) instead.
    func compareX87Registers(_ cpu: VectorState, _ model: VectorState, approximate: [ApproximateX87Register],
                             differ: (String, String, String, DivergenceClass) -> Void) {
        if cpu.ftw != model.ftw { differ("ftw", Hex.format(UInt64(cpu.ftw)), Hex.format(UInt64(model.ftw)), .model) }
        var cpuStack = cpu.st, modelStack = model.st
        for register in approximate {
            let index = register.stackIndex
            if !register.accepts(cpu: cpuStack[index], model: modelStack[index]) {
                differ("st\(index)", Hex.format(cpuStack[index]),
                       "\(register.function) within \(ApproximateX87Register.bound) ulp of \(Hex.format(modelStack[index]))", .approximation)
            }
            cpuStack[index] = modelStack[index]
        }
        for index in 0..<8 where cpuStack[index] != modelStack[index] {
            let cpuRegister = cpuStack[index], modelRegister = modelStack[index]
            if cpu.top == model.top, cpuRegister.signExponent == modelRegister.signExponent {
                let physical = (cpu.top + index) & 7
                differ("mm\(physical)", Hex.format(cpuRegister.significand), Hex.format(modelRegister.significand), .model)
            } else {
                differ("st\(index)", Hex.format(cpuRegister), Hex.format(modelRegister), .model)
            }
        }
    }
}
