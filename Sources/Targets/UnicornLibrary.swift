import Foundation

/// Unicorn 2's C API, loaded at run time with `dlopen`, so that the package builds and runs
/// without it. The few functions x86fuzz calls, with their C types (unicorn/unicorn.h, 2.0.1).
/// `uc_hook_add` and `uc_ctl` are variadic in C; they are called with their fixed arguments
/// plus the ones each use needs, which the x86-64 System V ABI passes in the same registers.
final class UnicornLibrary: @unchecked Sendable {
    typealias Engine = OpaquePointer
    typealias Open = @convention(c) (Int32, Int32, UnsafeMutablePointer<Engine?>) -> Int32
    typealias Close = @convention(c) (Engine) -> Int32
    typealias MemMap = @convention(c) (Engine, UInt64, Int, UInt32) -> Int32
    typealias MemWrite = @convention(c) (Engine, UInt64, UnsafeRawPointer, Int) -> Int32
    typealias MemRead = @convention(c) (Engine, UInt64, UnsafeMutableRawPointer, Int) -> Int32
    typealias RegWrite = @convention(c) (Engine, Int32, UnsafeRawPointer) -> Int32
    typealias RegRead = @convention(c) (Engine, Int32, UnsafeMutableRawPointer) -> Int32
    typealias EmuStart = @convention(c) (Engine, UInt64, UInt64, UInt64, Int) -> Int32
    typealias EmuStop = @convention(c) (Engine) -> Int32
    typealias HookAdd = @convention(c) (Engine, UnsafeMutablePointer<Int>, Int32, UnsafeRawPointer,
                                         UnsafeMutableRawPointer?, UInt64, UInt64) -> Int32
    typealias StrError = @convention(c) (Int32) -> UnsafePointer<CChar>?
    typealias Version = @convention(c) (UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<UInt32>?) -> UInt32
    typealias ControlTwo = @convention(c) (Engine, Int32, UInt64, UInt64) -> Int32
    typealias ContextAlloc = @convention(c) (Engine, UnsafeMutablePointer<OpaquePointer?>) -> Int32
    typealias ContextSave = @convention(c) (Engine, OpaquePointer) -> Int32
    typealias ContextFree = @convention(c) (OpaquePointer) -> Int32

    /// `X86FUZZ_UNICORN_LIBRARY` names another build of the library; by default Debian's.
    static let defaultPath = "libunicorn.so.2"
    static var path: String { ProcessInfo.processInfo.environment["X86FUZZ_UNICORN_LIBRARY"] ?? defaultPath }

    let open: Open, close: Close, memMap: MemMap, memWrite: MemWrite, memRead: MemRead
    let regWrite: RegWrite, regRead: RegRead, emuStart: EmuStart, emuStop: EmuStop, hookAdd: HookAdd
    let strError: StrError, control: ControlTwo
    let contextAlloc: ContextAlloc, contextSave: ContextSave, contextRestore: ContextSave, contextFree: ContextFree
    /// `major.minor` as the library reports it.
    let version: String

    /// The library, loaded once per process.
    static func load() throws(TargetError) -> UnicornLibrary {
        switch shared {
        case .success(let library): return library
        case .failure(let error): throw error
        }
    }

    private static let shared: Result<UnicornLibrary, TargetError> = Result { () throws(TargetError) in try UnicornLibrary(path: path) }

    private init(path: String) throws(TargetError) {
        guard let handle = dlopen(path, RTLD_NOW) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown reason"
            throw TargetError("--target unicorn needs Unicorn 2 (Debian: apt-get install libunicorn-dev): cannot load \(path): \(reason)")
        }
        func symbol<T>(_ name: String, _: T.Type) throws(TargetError) -> T {
            guard let address = dlsym(handle, name) else { throw TargetError("\(path) has no \(name): not Unicorn 2") }
            return unsafeBitCast(address, to: T.self)
        }
        open = try symbol("uc_open", Open.self)
        close = try symbol("uc_close", Close.self)
        memMap = try symbol("uc_mem_map", MemMap.self)
        memWrite = try symbol("uc_mem_write", MemWrite.self)
        memRead = try symbol("uc_mem_read", MemRead.self)
        regWrite = try symbol("uc_reg_write", RegWrite.self)
        regRead = try symbol("uc_reg_read", RegRead.self)
        emuStart = try symbol("uc_emu_start", EmuStart.self)
        emuStop = try symbol("uc_emu_stop", EmuStop.self)
        hookAdd = try symbol("uc_hook_add", HookAdd.self)
        strError = try symbol("uc_strerror", StrError.self)
        control = try symbol("uc_ctl", ControlTwo.self)
        contextAlloc = try symbol("uc_context_alloc", ContextAlloc.self)
        contextSave = try symbol("uc_context_save", ContextSave.self)
        contextRestore = try symbol("uc_context_restore", ContextSave.self)
        contextFree = try symbol("uc_context_free", ContextFree.self)
        var major: UInt32 = 0, minor: UInt32 = 0
        _ = try symbol("uc_version", Version.self)(&major, &minor)
        guard major == 2 else { throw TargetError("\(path) is Unicorn \(major).\(minor); --target unicorn needs Unicorn 2") }
        version = "\(major).\(minor)"
    }

    /// The library's text for an error code.
    func describe(_ error: Int32) -> String { strError(error).map { String(cString: $0) } ?? "error \(error)" }
}

/// The constants of unicorn.h and unicorn/x86.h (2.0.1) that x86fuzz uses.
enum UC {
    static let archX86: Int32 = 4
    static let mode64: Int32 = 8
    static let protRead: UInt32 = 1, protWrite: UInt32 = 2, protExec: UInt32 = 4

    static let hookInterrupt: Int32 = 1
    /// UC_HOOK_MEM_INVALID: every unmapped and protection hook.
    static let hookMemoryInvalid: Int32 = 1008

    static let errOK: Int32 = 0
    static let errReadUnmapped: Int32 = 6, errWriteUnmapped: Int32 = 7, errFetchUnmapped: Int32 = 8
    static let errInstructionInvalid: Int32 = 10
    static let errWriteProtected: Int32 = 12, errReadProtected: Int32 = 13, errFetchProtected: Int32 = 14

    /// The uc_ctl request UC_CTL_WRITE(UC_CTL_TB_REMOVE_CACHE, 2).
    static let controlRemoveCache: Int32 = 1_207_959_561

    /// UC_X86_REG_RAX ... UC_X86_REG_R15, in `GPR` order (rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8 ...).
    static let gprs: [Int32] = [35, 38, 40, 37, 44, 36, 43, 39, 106, 107, 108, 109, 110, 111, 112, 113]
    static let rip: Int32 = 41
    static let rflags: Int32 = 253
    static let ymm0: Int32 = 154
    static let mxcsr: Int32 = 249
    static let fpcw: Int32 = 246
    static let fpsw: Int32 = 31
}
