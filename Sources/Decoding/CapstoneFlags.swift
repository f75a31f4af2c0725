import CCapstone
import X86

/// Capstone's `X86_EFLAGS_*` bits translated into RFLAGS masks: which flags an instruction
/// tests, modifies (Capstone's MODIFY, SET and RESET) and leaves undefined. The PRIOR bits
/// (a flag restored to an earlier value) are not reported.
struct CapstoneFlags {
    var tested: UInt64 = 0
    var modified: UInt64 = 0
    var undefined: UInt64 = 0

    init(_ eflags: UInt64) {
        var remaining = eflags
        while remaining != 0 {
            let bit = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            let (use, mask) = CapstoneFlags.table[bit]
            switch use {
            case .tested: tested |= mask
            case .modified: modified |= mask
            case .undefined: undefined |= mask
            case .ignored: break
            }
        }
    }

    private enum Use { case tested, modified, undefined, ignored }

    /// Indexed by bit position in Capstone's `eflags`.
    private static let table: [(Use, UInt64)] = {
        var table = [(Use, UInt64)](repeating: (.ignored, 0), count: 64)
        let entries: [(UInt64, Use, UInt64)] = [
            (X86_EFLAGS_MODIFY_AF, .modified, RFlags.af), (X86_EFLAGS_MODIFY_CF, .modified, RFlags.cf),
            (X86_EFLAGS_MODIFY_SF, .modified, RFlags.sf), (X86_EFLAGS_MODIFY_ZF, .modified, RFlags.zf),
            (X86_EFLAGS_MODIFY_PF, .modified, RFlags.pf), (X86_EFLAGS_MODIFY_OF, .modified, RFlags.of),
            (X86_EFLAGS_MODIFY_TF, .modified, RFlags.tf), (X86_EFLAGS_MODIFY_IF, .modified, RFlags.if),
            (X86_EFLAGS_MODIFY_DF, .modified, RFlags.df), (X86_EFLAGS_MODIFY_NT, .modified, RFlags.nt),
            (X86_EFLAGS_MODIFY_RF, .modified, RFlags.rf),
            (X86_EFLAGS_RESET_OF, .modified, RFlags.of), (X86_EFLAGS_RESET_CF, .modified, RFlags.cf),
            (X86_EFLAGS_RESET_DF, .modified, RFlags.df), (X86_EFLAGS_RESET_IF, .modified, RFlags.if),
            (X86_EFLAGS_RESET_SF, .modified, RFlags.sf), (X86_EFLAGS_RESET_AF, .modified, RFlags.af),
            (X86_EFLAGS_RESET_TF, .modified, RFlags.tf), (X86_EFLAGS_RESET_NT, .modified, RFlags.nt),
            (X86_EFLAGS_RESET_PF, .modified, RFlags.pf), (X86_EFLAGS_RESET_RF, .modified, RFlags.rf),
            (X86_EFLAGS_RESET_ZF, .modified, RFlags.zf), (X86_EFLAGS_RESET_0F, .modified, RFlags.of),
            (X86_EFLAGS_RESET_AC, .modified, RFlags.ac),
            (X86_EFLAGS_SET_CF, .modified, RFlags.cf), (X86_EFLAGS_SET_DF, .modified, RFlags.df),
            (X86_EFLAGS_SET_IF, .modified, RFlags.if), (X86_EFLAGS_SET_OF, .modified, RFlags.of),
            (X86_EFLAGS_SET_SF, .modified, RFlags.sf), (X86_EFLAGS_SET_ZF, .modified, RFlags.zf),
            (X86_EFLAGS_SET_AF, .modified, RFlags.af), (X86_EFLAGS_SET_PF, .modified, RFlags.pf),
            (X86_EFLAGS_TEST_OF, .tested, RFlags.of), (X86_EFLAGS_TEST_SF, .tested, RFlags.sf),
            (X86_EFLAGS_TEST_ZF, .tested, RFlags.zf), (X86_EFLAGS_TEST_PF, .tested, RFlags.pf),
            (X86_EFLAGS_TEST_CF, .tested, RFlags.cf), (X86_EFLAGS_TEST_NT, .tested, RFlags.nt),
            (X86_EFLAGS_TEST_DF, .tested, RFlags.df), (X86_EFLAGS_TEST_RF, .tested, RFlags.rf),
            (X86_EFLAGS_TEST_IF, .tested, RFlags.if), (X86_EFLAGS_TEST_TF, .tested, RFlags.tf),
            (X86_EFLAGS_TEST_AF, .tested, RFlags.af),
            (X86_EFLAGS_UNDEFINED_OF, .undefined, RFlags.of), (X86_EFLAGS_UNDEFINED_SF, .undefined, RFlags.sf),
            (X86_EFLAGS_UNDEFINED_ZF, .undefined, RFlags.zf), (X86_EFLAGS_UNDEFINED_PF, .undefined, RFlags.pf),
            (X86_EFLAGS_UNDEFINED_AF, .undefined, RFlags.af), (X86_EFLAGS_UNDEFINED_CF, .undefined, RFlags.cf),
        ]
        for (bit, use, mask) in entries { table[bit.trailingZeroBitCount] = (use, mask) }
        return table
    }()
}
