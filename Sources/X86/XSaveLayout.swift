/// The standard (non-compacted) XSAVE image, restricted to the parts a case uses: the x87 control,
/// status and abridged tag words, ST(0)-ST(7), MXCSR, XMM0-15 and the YMM upper halves (Intel SDM
/// Vol. 1, 10.5.1 and 13.4 to 13.5). The x87 registers are stored in stack order, ST(i) at
/// 32 + 16 i: 8 bytes of significand, then 2 of sign and exponent, then 6 reserved.
/// Both KVM's XSAVE buffer and the guest's own XRSTOR use this format.
public enum XSaveLayout {
    static let fcwOffset = 0
    static let fswOffset = 2
    static let ftwOffset = 4
    /// FOP, FIP and FDP in the 64-bit format (XSAVE64, FXSAVE64).
    static let fopOffset = 6
    static let fipOffset = 8
    static let fdpOffset = 16
    static let stOffset = 32
    static let mxcsrOffset = 24
    /// MXCSR_MASK: the MXCSR bits this CPU supports.
    static let mxcsrMaskOffset = 28
    static let xmmOffset = 160
    static let xstateBitmapOffset = 512
    /// CPUID.(EAX=0DH, ECX=2).EBX on every CPU with AVX; the sandbox checks it at start-up.
    public static let ymmHighOffset = 576
    /// The bytes an image covers: the legacy area, the header and the AVX component.
    public static let size = ymmHighOffset + 256
    /// x87, SSE and AVX (XCR0 bits 0-2).
    public static let components: UInt64 = 0x7
    static let x87Component: UInt64 = 0x1
    static let sseComponent: UInt64 = 0x2
    static let avxComponent: UInt64 = 0x4

    private static func store<T: FixedWidthInteger>(_ value: T, _ buffer: UnsafeMutableRawPointer, _ offset: Int) {
        buffer.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
    }

    private static func load<T: FixedWidthInteger>(_: T.Type, _ buffer: UnsafeRawPointer, _ offset: Int) -> T {
        T(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Writes `state` into an image (other fields untouched) and marks the three components present.
    public static func write(_ state: VectorState, into buffer: UnsafeMutableRawPointer) {
        store(state.fcw, buffer, fcwOffset)
        store(state.fsw, buffer, fswOffset)
        store(state.ftw, buffer, ftwOffset)
        store(state.x87Pointers.fop, buffer, fopOffset)
        store(state.x87Pointers.fip, buffer, fipOffset)
        store(state.x87Pointers.fdp, buffer, fdpOffset)
        for index in 0..<8 {
            store(state.st[index].significand, buffer, stOffset + index * 16)
            store(state.st[index].signExponent, buffer, stOffset + index * 16 + 8)
        }
        store(state.mxcsr, buffer, mxcsrOffset)
        for index in 0..<16 {
            let register = state.ymm[index]
            store(register.q0, buffer, xmmOffset + index * 16)
            store(register.q1, buffer, xmmOffset + index * 16 + 8)
            store(register.q2, buffer, ymmHighOffset + index * 16)
            store(register.q3, buffer, ymmHighOffset + index * 16 + 8)
        }
        store(load(UInt64.self, buffer, xstateBitmapOffset) | components, buffer, xstateBitmapOffset)
    }

    /// Reads the vector state from an image; a component whose XSTATE_BV bit is clear is in its
    /// initial state (registers zero; for x87 also FCW 0x037F, FSW 0 and every tag empty).
    public static func read(from buffer: UnsafeRawPointer) -> VectorState {
        let present = load(UInt64.self, buffer, xstateBitmapOffset)
        var fcw = VectorState.defaultFCW, fsw: UInt16 = 0, ftw: UInt8 = 0, pointers = X87Pointers.zero
        var st = InlineArray<8, X87Register>(repeating: .zero)
        if present & x87Component != 0 {
            fcw = load(UInt16.self, buffer, fcwOffset)
            fsw = load(UInt16.self, buffer, fswOffset)
            ftw = load(UInt8.self, buffer, ftwOffset)
            pointers = X87Pointers(fop: load(UInt16.self, buffer, fopOffset) & 0x7FF, fip: load(UInt64.self, buffer, fipOffset),
                                   fdp: load(UInt64.self, buffer, fdpOffset))
            for index in 0..<8 {
                st[index] = X87Register(significand: load(UInt64.self, buffer, stOffset + index * 16),
                                        signExponent: load(UInt16.self, buffer, stOffset + index * 16 + 8))
            }
        }
        let sse = present & sseComponent != 0, avx = present & avxComponent != 0
        var ymm = InlineArray<16, Vec256>(repeating: .zero)
        for index in 0..<16 {
            var register = Vec256()
            if sse {
                register.q0 = load(UInt64.self, buffer, xmmOffset + index * 16)
                register.q1 = load(UInt64.self, buffer, xmmOffset + index * 16 + 8)
            }
            if avx {
                register.q2 = load(UInt64.self, buffer, ymmHighOffset + index * 16)
                register.q3 = load(UInt64.self, buffer, ymmHighOffset + index * 16 + 8)
            }
            ymm[index] = register
        }
        return VectorState(ymm: ymm, st: st, mxcsr: load(UInt32.self, buffer, mxcsrOffset), fcw: fcw, fsw: fsw, ftw: ftw,
                           x87Pointers: pointers)
    }

    /// The MXCSR_MASK field of an image saved by the CPU.
    public static func mxcsrMask(in buffer: UnsafeRawPointer) -> UInt32 { load(UInt32.self, buffer, mxcsrMaskOffset) }
}
