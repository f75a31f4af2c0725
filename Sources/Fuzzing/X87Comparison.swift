import X86

extension Comparator {
    /// The x87 tag word and data registers. A register whose sign and exponent agree but whose
    /// significand does not is reported as the MMX register it is (`mm3`, by physical number),
    /// any other difference as the stack register (`st5`) when both sides agree on TOP; with
    /// different TOPs (FSW already differs) every stack position is compared as such.
    func compareX87Registers(_ cpu: VectorState, _ model: VectorState,
                             differ: (String, String, String, DivergenceClass) -> Void) {
        if cpu.ftw != model.ftw { differ("ftw", Hex.format(UInt64(cpu.ftw)), Hex.format(UInt64(model.ftw)), .model) }
        let cpuStack = cpu.st, modelStack = model.st
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
