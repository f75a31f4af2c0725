import X86

/// The reference model of x86-64 semantics: from a machine state and a decoded instruction it
/// predicts the outcome the CPU shows for one step at CPL3.
public struct ReferenceModel: Sendable {
    /// The profile, held by reference: every prediction hands it to its execution context, and a
    /// copy of the struct costs a retain and release per field that holds storage.
    private let shared: SharedProfile
    public var profile: CPUProfile { shared.profile }

    public init(profile: CPUProfile) { shared = SharedProfile(profile) }

    /// True when the model has semantics for this form of the instruction.
    public func supports(_ instruction: Instruction) -> Bool {
        Registry.table[instruction]?.accepts?(instruction) ?? false
    }

    /// The mnemonics the model covers.
    public static var mnemonics: [String] { Registry.byMnemonic.keys.sorted() }

    /// True when the model has semantics registered under `mnemonic` (a form's semantic key).
    public static func hasSemantics(for mnemonic: String) -> Bool { Registry.byMnemonic[mnemonic] != nil }

    /// The predicted outcome of running `instruction` from `state`, or nil when the model does not
    /// cover the instruction (or met a form its semantics do not handle). Bytes the decoder could
    /// not decode get `invalidOpcode`.
    public func predict(_ instruction: Instruction, from initial: MachineState) -> Prediction? {
        // The x87 control and status words as the CPU keeps them once the state is loaded.
        var state = initial
        state.vector.loadControlWord(initial.vector.fcw)
        if instruction.isUndecodable { return withSavedX87Pointers(invalidOpcode(from: state)) }
        guard let semantic = Registry.table[instruction], semantic.accepts?(instruction) ?? true else {
            return nil
        }
        var context = ExecutionContext(instruction: instruction, state: state, profile: shared, encodingForms: semantic.forms)
        do {
            try EncodingRules.check(instruction, prefixes: context.prefixes, profile: profile)
            if context.isMMX {
                try context.checkEncoding()
                try context.enterMMX()
            }
            try semantic.body(&context)
            context.recordX87Pointers(initial: state.vector, at: state.rip)
        } catch {
            if error.notModelled != nil { return nil }
            return withSavedX87Pointers(prediction(after: error, context: context, state: state))
        }
        let outcome = Outcome(exception: nil, gpr: context.gpr, rip: context.rip, rflags: Self.reported(context.rflags),
                              vector: context.vector, memoryWrites: context.memory.writes())
        return withSavedX87Pointers(Prediction(outcome: outcome, undefinedFlags: context.undefinedFlags,
                          profileDefinedFlags: context.profileDefinedFlags, gprsRead: context.gprsRead,
                          flagsRead: context.flagsRead, undefinedStatusWord: context.undefinedStatusWord,
                          approximateLanes: context.approximateLanes, approximateX87: context.approximateX87))
    }

    /// The prediction for bytes Capstone cannot decode: #UD with nothing changed, as the manuals
    /// give for an encoding no form of the forms table has.
    public func invalidOpcode(from state: MachineState) -> Prediction {
        let outcome = Outcome(exception: ExceptionInfo(vector: .ud), gpr: state.gpr, rip: state.rip,
                              rflags: Self.reported(state.rflags), vector: state.vector, memoryWrites: [])
        return Prediction(outcome: outcome, undefinedFlags: 0, profileDefinedFlags: 0, gprsRead: 0, flagsRead: 0)
    }

    /// A fault leaves every register, flag and byte as it was (but MXCSR where #XM says); a trap
    /// keeps the instruction's effects and moves RIP past it.
    private func prediction(after fault: Fault, context: ExecutionContext, state: MachineState) -> Prediction {
        var outcome = fault.isTrap
            ? Outcome(exception: fault.exception, gpr: context.gpr, rip: context.rip, rflags: Self.reported(context.rflags),
                      vector: context.vector, memoryWrites: context.memory.writes())
            : Outcome(exception: fault.exception, gpr: state.gpr, rip: state.rip, rflags: Self.reported(state.rflags),
                      vector: state.vector, memoryWrites: fault.keepsMemoryWrites ? context.memory.writes() : [])
        if let mxcsr = fault.mxcsr { outcome.vector?.mxcsr = mxcsr }
        if let vector = fault.vectorState { outcome.vector = vector }
        return Prediction(outcome: outcome, undefinedFlags: fault.isTrap ? context.undefinedFlags : 0,
                          profileDefinedFlags: fault.isTrap ? context.profileDefinedFlags : 0,
                          gprsRead: context.gprsRead, flagsRead: context.flagsRead)
    }

    /// The prediction with the x87 pointers as XSAVE shows them: all zero unless an unmasked
    /// exception is pending (AMD saves them only then: AMD APM Vol. 2 §11.4.4, measured on Zen 3),
    /// else FIP and FDP with the bits the profile says the CPU keeps. Nil (not predicted) when
    /// that width matters and the profile does not know it.
    /// (Changed in place: a prediction is large, and copying it cost every case a memcpy and the
    /// retains of its arrays.)
    private func withSavedX87Pointers(_ prediction: consuming Prediction) -> Prediction? {
        var prediction = prediction
        guard let pointers = prediction.outcome.vector?.x87Pointers, let fsw = prediction.outcome.vector?.fsw else { return prediction }
        if fsw & 0x80 == 0 {
            prediction.outcome.vector?.x87Pointers = .zero
        } else if let bits = profile.x87PointerBits {
            prediction.outcome.vector?.x87Pointers = pointers.kept(bits: bits)
        } else if pointers != pointers.kept(bits: 48) {
            return nil
        }
        return prediction
    }

    /// RFLAGS as the outcome reports them: without the harness's TF and the CPU's RF.
    private static func reported(_ rflags: UInt64) -> UInt64 { rflags & ~(RFlags.tf | RFlags.rf) }
}
