import Decoding
import Fuzzing
import Semantics
import Testing
import X86

/// kvm_pvm reports some of the CPU's #GP(0) faults as #UD, or (through KVM's emulator) as
/// #SS(0); on that platform the comparator classes those divergences `harness`, not `model`, and
/// reclassifies nothing else. On a plain KVM it reclassifies nothing.
struct HypervisorClassTests {
    private let model = ReferenceModel(profile: .amdZen4)

    /// The classes of the divergences when the CPU reports `exception` instead of the model's
    /// prediction for `hex` with RAX and RSP set.
    private func classes(_ hex: String, rax: UInt64 = 0x8000_0000_0000_0000, rbx: UInt64 = 0, rsp: UInt64 = MachineState.defaultRSP,
                         cpu exception: ExceptionInfo?, platform: Platform = .kvmPVM) throws -> Set<DivergenceClass> {
        let instruction = try #require(try InstructionDecoder().decode(Hex.parseBytes(hex)))
        var state = MachineState.defaults
        state.gpr[.rax] = rax
        state.gpr[.rbx] = rbx
        state.gpr[.rsp] = rsp
        let prediction = try #require(model.predict(instruction, from: state))
        var hardware = prediction.outcome
        hardware.exception = exception
        hardware.vector = nil
        return Set(Comparator(platform: platform).compare(hardware: hardware, prediction: prediction, instruction: instruction).map(\.class))
    }

    @Test func aGeneralProtectionFaultReportedAsInvalidOpcodeIsTheHypervisors() throws {
        #expect(try classes("480300", cpu: ExceptionInfo(vector: .ud)) == [.harness], "add rax, [rax], non-canonical")
    }

    @Test func kvmsEmulatorTakesAnSSOverrideForAStackReference() throws {
        #expect(try classes("36480300", cpu: ExceptionInfo(vector: .ss, errorCode: 0)) == [.harness],
                "add rax, ss:[rax], non-canonical: #GP(0) on the CPU")
        #expect(try classes("36d7", rbx: 0x8000_0000_0000_0000, cpu: ExceptionInfo(vector: .ss, errorCode: 0)) == [.harness],
                "ss xlatb, an implicit operand at a non-canonical rBX + AL")
        #expect(try classes("d7", rbx: 0x8000_0000_0000_0000, cpu: ExceptionInfo(vector: .ss, errorCode: 0)) == [.model],
                "xlatb without an SS override is no stack reference")
    }

    /// `mov [rax], al` at an address the guest does not map: kvm_pvm's shadow paging may report
    /// the reserved bit (error code 0xF for a user write where the guest's tables say 0x6).
    @Test func aReservedBitInAPageFaultIsTheHypervisors() throws {
        let address: UInt64 = 0xFFFF_8000_0000_0010
        let rsvd = ExceptionInfo(vector: .pf, errorCode: 0xF, cr2: address)
        #expect(try classes("8800", rax: address, cpu: rsvd) == [.harness])
        #expect(try classes("8800", rax: address, cpu: rsvd, platform: .kvm) == [.model])
        #expect(try classes("8800", rax: address, cpu: ExceptionInfo(vector: .pf, errorCode: 0x7, cr2: address)) == [.model],
                "present without the reserved bit")
        #expect(try classes("8800", rax: address, cpu: ExceptionInfo(vector: .pf, errorCode: 0xF, cr2: address + 1)) == [.model],
                "another address")
    }

    /// `movq [rax], mm0` at a non-canonical address: KVM's emulator read MM0 with an MMX instruction
    /// of its own, so the CPU's #GP comes with TOP 0 and every tag valid. A #PF does not.
    @Test func anMMXGeneralProtectionFaultWithTheX87TransitionIsTheHypervisors() throws {
        let instruction = try #require(try InstructionDecoder().decode(Hex.parseBytes("0f7f00")))
        var state = MachineState.defaults
        state.gpr[.rax] = 0x8000_0000_0000_0000
        state.vector.fsw = 0x1800
        let prediction = try #require(model.predict(instruction, from: state))
        #expect(prediction.outcome.exception == .generalProtection)
        var hardware = prediction.outcome
        hardware.vector?.fsw = 0
        hardware.vector?.ftw = 0xFF
        func classes(_ platform: Platform) -> Set<DivergenceClass> {
            Set(Comparator(platform: platform).compare(hardware: hardware, prediction: prediction, instruction: instruction).map(\.class))
        }
        #expect(classes(.kvmPVM) == [.harness])
        #expect(classes(.kvm) == [.model])
        state.gpr[.rax] = 0x4000_0000
        let pageFault = try #require(model.predict(instruction, from: state))
        var pageFaultHardware = pageFault.outcome
        pageFaultHardware.vector?.ftw = 0xFF
        let pageFaultClasses = Comparator(platform: .kvmPVM).compare(hardware: pageFaultHardware, prediction: pageFault, instruction: instruction)
        #expect(Set(pageFaultClasses.map(\.class)) == [.model], "a #PF is the CPU's")
    }

    @Test func otherDisagreementsStayTheModels() throws {
        #expect(try classes("480300", cpu: ExceptionInfo(vector: .ss, errorCode: 0)) == [.model], "no stack reference")
        #expect(try classes("48030424", rsp: 0x8000_0000_0000_0000, cpu: .generalProtection) == [.model], "#SS predicted")
        #expect(try classes("480300", rax: 0x20000, cpu: ExceptionInfo(vector: .ud)) == [.model], "a #UD on a completed step")
    }

    @Test func onAPlainKVMNothingIsTheHypervisors() throws {
        #expect(try classes("480300", cpu: ExceptionInfo(vector: .ud), platform: .kvm) == [.model])
        #expect(try classes("36480300", cpu: ExceptionInfo(vector: .ss, errorCode: 0), platform: .kvm) == [.model])
        #expect(try classes("660ffe00", cpu: ExceptionInfo(vector: .ud), platform: .kvm) == [.model])
        #expect(try classes("660ffe00", cpu: ExceptionInfo(vector: .ud)) == [.harness])
    }

    @Test func thePlatformComesFromTheRecordedHypervisorOrTheOption() throws {
        #expect(Platform(hypervisor: "kvm-pvm") == .kvmPVM)
        #expect(Platform(hypervisor: "kvm") == .kvm)
        #expect(try Platform.option("auto") == nil)
        #expect(try Platform.option("kvm") == .kvm)
        #expect(try Platform.option("kvm-pvm") == .kvmPVM)
        #expect(throws: InputError.self) { try Platform.option("vmware") }
    }
}
