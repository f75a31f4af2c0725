import Semantics
import X86

/// Diffs the CPU's outcome against the model's prediction, field by field, masking only the flags
/// the manuals leave undefined for that execution (and, in strict mode, comparing those the CPU
/// profile pins down).
public struct Comparator: Sendable {
    /// Compare profile-defined undefined flags too, as class `undefined-behaviour`.
    public var strictUndefined: Bool
    /// The platform whose artefacts are classed `harness`.
    public var platform: Platform

    public init(strictUndefined: Bool = false, platform: Platform = .detected) {
        self.strictUndefined = strictUndefined
        self.platform = platform
    }

    /// Every difference, each with its class. Empty when the two agree.
    public func compare(hardware: Outcome, prediction: Prediction, instruction: Instruction) -> [Divergence] {
        let divergences = fieldDivergences(hardware: hardware, other: prediction.outcome, prediction: prediction)
        return reclassified(divergences, hardware: hardware, model: prediction.outcome, instruction: instruction)
    }

    /// The fields on which `other` (the model's outcome, or a target's) differs from the CPU's,
    /// classed `model`, with the flags `prediction` leaves undefined masked and its approximate
    /// lanes judged by their bound (none of either without a prediction).
    func fieldDivergences(hardware: Outcome, other model: Outcome, prediction: Prediction?) -> [Divergence] {
        var divergences: [Divergence] = []
        func differ(_ field: String, _ hardwareValue: String, _ modelValue: String, _ divergenceClass: DivergenceClass = .model) {
            divergences.append(Divergence(field: field, hardware: hardwareValue, model: modelValue, class: divergenceClass))
        }

        if hardware.kind != model.kind {
            differ("outcome", Self.describe(hardware.exception), Self.describe(model.exception))
            if hardware.rip != model.rip { differ("rip", Hex.format(hardware.rip), Hex.format(model.rip)) }
            return divergences
        }
        if let cpu = hardware.exception, let predicted = model.exception {
            if cpu.vector != predicted.vector { differ("exception.vector", cpu.vector.name, predicted.vector.name) }
            if cpu.errorCode != predicted.errorCode {
                differ("exception.errorCode", cpu.errorCode.map(Hex.format) ?? "none", predicted.errorCode.map(Hex.format) ?? "none")
            }
            if cpu.cr2 != predicted.cr2 { differ("exception.cr2", cpu.cr2.map(Hex.format) ?? "none", predicted.cr2.map(Hex.format) ?? "none") }
        }
        if hardware.rip != model.rip { differ("rip", Hex.format(hardware.rip), Hex.format(model.rip)) }
        for register in GPR.allCases where hardware.gpr[register] != model.gpr[register] {
            differ(register.name, Hex.format(hardware.gpr[register]), Hex.format(model.gpr[register]))
        }
        compareFlags(hardware.rflags, model.rflags, undefined: prediction?.undefinedFlags ?? 0,
                     profileDefined: prediction?.profileDefinedFlags ?? 0, differ: differ)
        if hardware.memoryWrites != model.memoryWrites {
            differ("memory", Self.describe(hardware.memoryWrites), Self.describe(model.memoryWrites))
        }
        if let cpuVector = hardware.vector, let modelVector = model.vector {
            compareVectors(cpuVector, modelVector, approximate: prediction?.approximateLanes ?? [],
                           approximateX87: prediction?.approximateX87 ?? [],
                           undefinedStatusWord: prediction?.undefinedStatusWord ?? 0, differ: differ)
            if hardware.x87PointersObserved { compareX87Pointers(cpuVector.x87Pointers, modelVector.x87Pointers, differ: differ) }
        }
        return divergences
    }

    private func compareFlags(_ cpu: UInt64, _ model: UInt64, undefined: UInt64, profileDefined: UInt64,
                              differ: (String, String, String, DivergenceClass) -> Void) {
        let masked = strictUndefined ? undefined & ~profileDefined : undefined
        for (name, mask) in RFlags.named where mask != RFlags.tf && mask != RFlags.rf {
            guard (cpu ^ model) & mask != 0, masked & mask == 0 else { continue }
            let divergenceClass: DivergenceClass = undefined & mask != 0 ? .undefinedBehaviour : .model
            differ("rflags.\(name)", Hex.format((cpu & mask) >> UInt64(mask.trailingZeroBitCount)),
                   Hex.format((model & mask) >> UInt64(mask.trailingZeroBitCount)), divergenceClass)
        }
    }

    /// Registers bit for bit, except approximate lanes: each must be what its `ApproximateLane`
    /// accepts (class `approximation`), and the rest of its register must match; FSW but for the
    /// bits the model leaves undefined.
    private func compareVectors(_ cpu: VectorState, _ model: VectorState, approximate: [ApproximateLane],
                                approximateX87: [ApproximateX87Register], undefinedStatusWord: UInt16,
                                differ: (String, String, String, DivergenceClass) -> Void) {
        if approximate.isEmpty && approximateX87.isEmpty && cpu == model { return }
        let cpuRegisters = cpu.ymm, modelRegisters = model.ymm
        for index in 0..<16 {
            var cpuRegister = cpuRegisters[index], modelRegister = modelRegisters[index]
            for lane in approximate where lane.register == index {
                let cpuLane = UInt32(truncatingIfNeeded: cpuRegister.lane(lane.lane, .dword))
                if !lane.accepts(cpuLane) {
                    differ("ymm\(index)[\(lane.lane)]", Hex.format(UInt64(cpuLane)),
                           "\(lane.function.rawValue)(\(Hex.format(UInt64(lane.input)))) within 1.5 * 2^-12", .approximation)
                }
                cpuRegister.setLane(lane.lane, .dword, 0)
                modelRegister.setLane(lane.lane, .dword, 0)
            }
            if cpuRegister != modelRegister {
                differ("ymm\(index)", Hex.format(cpuRegisters[index]), Hex.format(modelRegisters[index]), .model)
            }
        }
        if cpu.mxcsr != model.mxcsr { differ("mxcsr", Hex.format(UInt64(cpu.mxcsr)), Hex.format(UInt64(model.mxcsr)), .model) }
        if cpu.fcw != model.fcw { differ("fcw", Hex.format(UInt64(cpu.fcw)), Hex.format(UInt64(model.fcw)), .model) }
        if (cpu.fsw ^ model.fsw) & ~undefinedStatusWord != 0 {
            differ("fsw", Hex.format(UInt64(cpu.fsw)), Hex.format(UInt64(model.fsw)), .model)
        }
        compareX87Registers(cpu, model, approximate: approximateX87, differ: differ)
    }

    /// The divergences, with those of the platform's and the decoder's doing reclassified.
    private func reclassified(_ divergences: [Divergence], hardware: Outcome, model: Outcome,
                              instruction: Instruction) -> [Divergence] {
        let judged = reclassifiedForPlatform(divergences, hardware: hardware, model: model, instruction: instruction)
        return reclassifiedForLength(judged, hardware: hardware, model: model, instruction: instruction)
    }

    /// Every divergence is `harness` where the platform may have made the CPU's fault.
    func reclassifiedForPlatform(_ divergences: [Divergence], hardware: Outcome, model: Outcome,
                                         instruction: Instruction) -> [Divergence] {
        guard let fault = hardware.exception, platform.mayHaveMade(fault, model: model, instruction: instruction) else {
            return divergences
        }
        return divergences.classed(.harness)
    }

    /// When a non-branch completes at a different place than Capstone's length says, the CPU
    /// read the bytes differently: the divergence is the decoder's, and so is everything it
    /// dragged along (the model ran the wrong instruction).
    private func reclassifiedForLength(_ divergences: [Divergence], hardware: Outcome, model: Outcome,
                                       instruction: Instruction) -> [Divergence] {
        let decodedEnd = GuestLayout.codeAddress + UInt64(instruction.length)
        // LOOP, LOOPE and LOOPNE are only in Capstone 4's relative-branch group, not its jumps.
        let branches: InstructionGroups = [.jump, .call, .ret, .interrupt, .interruptReturn, .branchRelative]
        guard hardware.exception == nil, model.rip == decodedEnd, hardware.rip != decodedEnd,
              instruction.groups.isDisjoint(with: branches),
              hardware.rip > GuestLayout.codeAddress, hardware.rip <= GuestLayout.codeAddress + 15 else {
            return divergences
        }
        let cpuLength = hardware.rip - GuestLayout.codeAddress
        let length = Divergence(field: "length", hardware: String(cpuLength), model: String(instruction.length), class: .decoder)
        return [length] + divergences.filter { $0.field != "rip" }.classed(.decoder)
    }

    static func describe(_ exception: ExceptionInfo?) -> String {
        guard let exception else { return "completed" }
        var text = exception.vector.name
        if let code = exception.errorCode { text += "(\(Hex.format(code)))" }
        return text
    }

    static func describe(_ writes: [MemoryRun]) -> String {
        writes.isEmpty ? "none" : writes.map { "\(Hex.format($0.address)):\(Hex.format(bytes: $0.bytes))" }.joined(separator: " ")
    }
}
