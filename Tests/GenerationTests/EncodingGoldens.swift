/// The first eight encodings of seed 1 with the default mix. Changing the generator changes
/// these, and with them every campaign's cases: update them only on purpose.
/// (Last changed: the x87 family joined the default mix once its control forms were modelled,
/// 18 families instead of 17. Cases 1 and 5 are the known-form cases of the eight: their family
/// draws `below(18)` map the same random numbers to mmx's `pand` (was f16c's `vcvtph2ps`) and
/// system's `getsec` (was avx's `vextracti128`). The random encodings are unchanged: the x87
/// forms are in the one-byte map, which has no list of known opcodes.)
enum EncodingGoldens {
    static let seed1: [String] = [
        "2147f9100000000000000000000000", "0fdbfb04569d1716f34f3a5cf8a16b", "351e00000000000000000000000000",
        "66460f2bb31c21cc9dffffffffffff", "2e2e46d2ba5cffffff7f7fff7f7f80", "660f376ddb4294c08a5722997c1360",
        "48c200000000000000000000000000", "f9ffffffffffffffffffffffffffff",
    ]
}
