import Decoding
import Testing
import X86

/// Where Capstone 4.0.2 disagrees with the manuals, as noticed while building the decoder.
/// These tests pin what Capstone says today, so that an upgrade which fixes (or changes) one
/// shows up here and the workaround or note can be revisited. The CPU stays the judge.
struct Capstone4QuirkTests {
    private let decoder = try! InstructionDecoder()

    private func decode(_ hex: String) throws -> Instruction? {
        decoder.decode(try Hex.parseBytes(hex))
    }

    @Test(arguments: [
        ("0f1fc0", "nop eax: the register form of the multi-byte NOP"),
        ("0f0d00", "prefetch [rax] (AMD 0F 0D /0; /2-/7 too)"),
        ("0f01ee", "rdpkru"),
        ("0f01ef", "wrpkru"),
        ("0f01fa", "monitorx (AMD)"),
        ("0f01fb", "mwaitx (AMD)"),
        ("0f01fc", "clzero (AMD, present on Zen 4)"),
        ("0f01fd", "rdpru (AMD)"),
        ("62f17d48ddc1", "vpaddusw zmm0, zmm0, zmm1: no AVX512BW byte/word instructions at all"),
    ])
    func validInstructionsItCannotDecode(hex: String, truth: String) throws {
        #expect(try decode(hex) == nil, "\(truth)")
    }

    @Test(arguments: [
        ("66c5f1fec2", "vpaddd", "66 before VEX is #UD; Capstone ignores it (F2/F3 too)"),
        ("62f17d68fec1", "vpaddd", "EVEX.L'L = 3 is reserved (#UD); Capstone decodes a zmm form"),
        ("660f7800c101", "vmread", "66 0F 78 with a memory operand is #UD (extrq needs mod 3, vmread refuses 66)"),
        ("f30f38f006", "movbe", "F3 0F 38 F0/F1 is #UD (measured)"),
    ])
    func invalidEncodingsItDecodes(hex: String, mnemonic: String, truth: String) throws {
        #expect(try decode(hex)?.mnemonic == mnemonic, "\(truth)")
    }

    @Test func wrongMnemonicsAndOperands() throws {
        #expect(try decode("f30fc7f8")?.text == "rdseed eax", "F3 0F C7 /7 (mod 3) is rdpid rax")
        #expect(try decode("63c1")?.text == "movsxd rax, ecx", "without REX.W the destination is eax")
        #expect(try decode("6663c1")?.text == "movsxd rax, ecx", "with 66 it is movsxd ax, cx")
        #expect(try decode("66488f06")?.text == "pop word ptr [rsi]", "REX.W wins over 66: pop qword ptr [rsi]")
        #expect(try decode("6648ff36")?.text == "push word ptr [rsi]", "REX.W wins over 66: push qword ptr [rsi]")
        #expect(try decode("66489d")?.text == "popf", "REX.W wins over 66: popfq")
        #expect(try decode("664968ffffffff")?.text == "push 0xffffffff", "a 64-bit push of the sign-extended imm32: -1")
        #expect(try decode("0fb9c0")?.length == 2, "ud1 (0F B9 /r) has a ModRM byte: 3 bytes")
        #expect(try decode("62f17d48fec1")?.text == "vpaddd zmm0 , zmm0, zmm1", "stray space in EVEX text")
    }

    @Test func wrongDetails() throws {
        let prefetchw = try #require(try decode("0f0d08"))
        #expect(prefetchw.flagsModified & RFlags.status == RFlags.status, "prefetchw modifies no flag")
        let scaled = try #require(try decode("8b0464"))
        guard case .memory(let memory) = scaled.operands.last else { Issue.record("no memory operand"); return }
        #expect(memory.index == nil && memory.scale == 2, "a scale without an index (harmless)")
        let lsl = try #require(try decode("0f0300"))
        #expect(lsl.operands.last.map { if case .memory(let m) = $0 { m.size } else { 0 } } == 4, "lsl reads a word")
        let evex = try #require(try decode("62f17c0858c1"))
        #expect(evex.groups.contains(.avx512), "an EVEX xmm form is only in Capstone's group vlx, mapped to avx512 too")
        let fnstsw = try #require(try decode("dd3c24"))
        #expect(fnstsw.operands.first.map { if case .memory(let m) = $0 { m.size } else { 0 } } == 4,
                "fnstsw m16 stores a word (the model writes 16 bits whatever the operand says)")
        #expect(try decode("d9db")?.operands.count == 3,
                "fstpnce st(3), st(0) lists three operands (the model reads ST(i) from ModRM)")
        #expect(try decode("0f01f9")?.groups.contains(.privileged) == true, "rdtscp is not privileged")
        #expect(try decode("8ec0")?.groups.contains(.privileged) == true, "mov es, eax is not privileged")
    }

    /// Capstone says `add eax, 0xffff` for `66 F3 05 ff ff`; the decoder corrects it to the
    /// 16-bit form the CPU runs. If Capstone is fixed, the correction is a no-op and this holds.
    @Test(arguments: [("66f305ffff", "ax"), ("66f2833e01", "m16"), ("f36605ffff", "ax"), ("66f3116cdeff", "m16")])
    func operandSizeBeforeRepIsCorrected(hex: String, operand: String) throws {
        let instruction = try #require(try decode(hex))
        #expect(instruction.operandSize == 16)
        switch instruction.operands.first {
        case .register(let register)?: #expect(register.name == operand && register.size == 2)
        case .memory(let memory)?: #expect(operand == "m16" && memory.size == 2)
        default: Issue.record("unexpected operands in \(instruction.text)")
        }
    }

    /// The x87 escapes ignore 66, so the correction above leaves their memory operands alone:
    /// `fisub dword ptr [rsi]` and `fst dword ptr [rbx - 1]` stay 32 bits after 66 F3 (it made them
    /// words, and the model stored 2 bytes where the CPU stores 4).
    @Test(arguments: ["66f3da26", "6666f3d953ff", "66f2db1c24"])
    func x87MemoryBeforeRepKeepsItsSize(hex: String) throws {
        let instruction = try #require(try decode(hex))
        let sizes = instruction.operands.compactMap { operand -> Int? in if case .memory(let memory) = operand { memory.size } else { nil } }
        #expect(sizes == [4], "\(instruction.text)")
    }

    /// In the 0F map Capstone says `btc dword ptr [rsi + 7], dx` for `66 F2 0F BB 56 07`: the
    /// registers take the 66, the memory operand does not. The decoder makes it a word.
    @Test(arguments: ["66f20fbb5607", "66f20fba22ff", "66f30fa36e80", "66f20fad7a80", "66f20fbd06"])
    func memorySizeBeforeRepIsCorrected(hex: String) throws {
        let instruction = try #require(try decode(hex))
        let sizes = instruction.operands.compactMap { operand -> Int? in if case .memory(let memory) = operand { memory.size } else { nil } }
        #expect(sizes == [2], "\(instruction.text)")
    }

    /// Capstone loses a mandatory F3 that another prefix follows (`F3 66 0F BD C3` comes out as
    /// `bsr ax, bx`); the decoder restores what the CPU runs. The last of F2/F3 decides.
    @Test(arguments: [("f3660fbdc3", "lzcnt"), ("f3650fbcc3", "tzcnt"), ("f3670fbd03", "lzcnt"),
                      ("f3660f38f6c3", "adox"), ("f2f3660fbdc3", "lzcnt"), ("f3f20fbdc3", "bsr"), ("f2660f38f6c3", "adcx")])
    func mandatoryF3IsRestored(hex: String, mnemonic: String) throws {
        let instruction = try #require(try decode(hex))
        #expect(instruction.mnemonic == mnemonic)
        #expect(instruction.text.hasPrefix(mnemonic))
    }

    /// Capstone misreads XCHG with the accumulator when a prefix sits between 66 and 90+r
    /// (`66 36 93` comes out as `xchg eax, bx`, `66 36 41 90` as `nop`, `66 F3 41 90` as `pause`);
    /// the decoder makes it the 16-bit exchange the CPU runs, and leaves the true NOP and PAUSE.
    @Test(arguments: [("663693", "xchg ax, bx"), ("66364193", "xchg ax, r11w"), ("66364190", "xchg ax, r8w"),
                      ("6636f34190", "xchg ax, r8w"), ("66f24793", "xchg ax, r11w"), ("663690", "nop"), ("66f390", "pause"),
                      ("66364893", "xchg rax, rbx")])
    func accumulatorExchangeIsCorrected(hex: String, text: String) throws {
        #expect(try decode(hex)?.text == text)
    }

    /// Capstone loses CRC32's mandatory F2 when another prefix follows it (`F2 66 0F 38 F1 /m`
    /// comes out as `movbe word ptr [..], r16`); the decoder restores the CRC32 the CPU runs.
    @Test(arguments: [("f26666660f38f17900", "crc32 edi, word ptr [rcx]"), ("f22e0f38f0bbc2ffffff", "crc32 edi, byte ptr cs:[rbx - 0x3e]"),
                      ("f3f3f265664c0f38f006", "crc32 r8, byte ptr gs:[rsi]"), ("f2650f38f132", "crc32 esi, dword ptr gs:[rdx]"),
                      ("f2660f38f12b", "crc32 ebp, word ptr [rbx]"), ("f3f20f38f006", "crc32 eax, byte ptr [rsi]")])
    func mandatoryF2IsRestored(hex: String, text: String) throws {
        let instruction = try #require(try decode(hex))
        #expect(instruction.text == text)
        #expect(instruction.mnemonic == "crc32")
    }

    /// With 66 before F2/F3 Capstone reads PUSH imm (68) with four immediate bytes; the decoder
    /// cuts it to the five-byte `push imm16` the CPU runs. REX.W keeps the imm32.
    @Test(arguments: [("66f26880801111", 5, "push 0x8080"), ("6664f3406800000000", 7, "push 0x0"), ("66f24868ffffffff", 8, "push -1")])
    func pushImmediateBeforeRepIsCorrected(hex: String, length: Int, text: String) throws {
        let instruction = try #require(try decode(hex))
        #expect(instruction.length == length)
        #expect(instruction.text == text)
    }

    /// `66 67 REX.W` loses REX.W on PINSRQ/PEXTRQ/ADCX (F3: ADOX) in Capstone 4; the decoder corrects it.
    @Test(arguments: [("6667480f3a161140", "pextrq qword ptr [ecx], xmm2, 0x40"),
                      ("6667480f3a220140", "pinsrq xmm0, qword ptr [ecx], 0x40"),
                      ("6667480f3a16c140", "pextrq rcx, xmm0, 0x40"),
                      ("66674d0f38f6aaffffff7f", "adcx r13, qword ptr [r10d + 0x7fffffff]"),
                      ("f3674d0f38f6aaffffff7f", "adox r13, qword ptr [r10d + 0x7fffffff]")])
    func lostREXWIsRestored(hex: String, text: String) throws {
        let instruction = try #require(try decode(hex))
        #expect(instruction.text == text)
        #expect(instruction.operands.contains { operand in
            switch operand {
            case .memory(let memory): memory.size == 8
            case .register(let register): register.size == 8
            case .immediate: false
            }
        })
    }

    /// `66 3E 49 90` is `xchg rax, r8` (REX.W wins over 66); Capstone 4 says `nop`.
    @Test func accumulatorExchangeWithREXWIsRestored() throws {
        #expect(try decode("663e4990")?.text == "xchg rax, r8")
        #expect(try decode("663e4190")?.text == "xchg ax, r8w")
    }

    /// `0F 38 F6` with no 66 or F3 is WRSS; after `67 REX.W` Capstone 4 calls it `adcx`.
    @Test func adcxWithoutItsMandatoryPrefixIsShadowStackWrite() throws {
        #expect(try decode("67490f38f63e")?.mnemonic == "wrssq")
        #expect(try decode("67480f38f63e")?.mnemonic == "wrssq")
        #expect(try decode("66490f38f63e")?.mnemonic == "adcx")
        #expect(try decode("f3490f38f63e")?.mnemonic == "adox")
    }
}
