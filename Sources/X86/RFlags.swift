/// Bits of RFLAGS, as positions and masks (Intel SDM Vol. 1, 3.4.3).
public enum RFlags {
    public static let cf: UInt64 = 1 << 0
    /// Bit 1 is reserved and always reads as 1.
    public static let reserved1: UInt64 = 1 << 1
    public static let pf: UInt64 = 1 << 2
    public static let af: UInt64 = 1 << 4
    public static let zf: UInt64 = 1 << 6
    public static let sf: UInt64 = 1 << 7
    public static let tf: UInt64 = 1 << 8
    public static let `if`: UInt64 = 1 << 9
    public static let df: UInt64 = 1 << 10
    public static let of: UInt64 = 1 << 11
    public static let iopl: UInt64 = 3 << 12
    public static let nt: UInt64 = 1 << 14
    public static let rf: UInt64 = 1 << 16
    public static let vm: UInt64 = 1 << 17
    public static let ac: UInt64 = 1 << 18
    public static let vif: UInt64 = 1 << 19
    public static let vip: UInt64 = 1 << 20
    public static let id: UInt64 = 1 << 21

    /// The six arithmetic status flags.
    public static let status: UInt64 = cf | pf | af | zf | sf | of

    /// Every bit a CPL3 program can hold in RFLAGS; the rest are reserved and read as zero.
    public static let defined: UInt64 = status | reserved1 | tf | `if` | df | iopl | nt | rf | vm | ac | vif | vip | id

    /// Named single-bit flags, in bit order, for printing and per-bit comparison.
    public static let named: [(name: String, mask: UInt64)] = [
        ("cf", cf), ("pf", pf), ("af", af), ("zf", zf), ("sf", sf), ("tf", tf), ("if", `if`),
        ("df", df), ("of", of), ("iopl", iopl), ("nt", nt), ("rf", rf), ("vm", vm), ("ac", ac),
        ("vif", vif), ("vip", vip), ("id", id),
    ]
}
