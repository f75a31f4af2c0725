import CKVM

/// Whether the calling thread was switched out since the watch began: the kernel's XSAVES and
/// XRSTORS at such a switch replace hidden x87 pointers with zeros (`VectorState.hidesX87Pointers`).
/// Where the count cannot be read, every watch says it was.
struct ContextSwitchWatch {
    private let before = ckvm_thread_context_switches()

    var sawSwitch: Bool { before < 0 || ckvm_thread_context_switches() != before }
}
