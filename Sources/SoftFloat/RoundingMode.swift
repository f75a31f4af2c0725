/// The four IEEE 754 rounding directions in the encoding of MXCSR.RC and of the rounding
/// immediates of ROUNDPS and VCVTPS2PH (Intel SDM Vol. 1 §4.8.4, Table 4-8).
public enum RoundingMode: UInt8, Sendable, Hashable, CaseIterable {
    case nearestEven = 0
    case down = 1
    case up = 2
    case towardZero = 3
}
