// The batch harness: guest code that runs many cases in one KVM_RUN (docs/ARCHITECTURE.md,
// "Batched execution"). It runs at CPL3 from the harness region (read-only, executable) and
// keeps no state a case could change unseen: its inputs are read-only, every writable byte it
// uses holds BATCH_CANARY until it writes it (it checks first), and the running case's index
// lives in the code page's slot, checked against the case's input record afterwards.
//
// Per case: fill the data window (and a pristine copy) from the seed with SplitMix64, apply the
// patches, write the slot (instruction, jump out) and the pad, XRSTOR the vector state if the
// case needs it, pop the GPRs and IRETQ into the instruction with the case's RFLAGS and RSP.
// The case ends in one of three ways: it falls through to its jump out, a taken direct branch
// lands on its pad, or it raises an exception (a fault, TF's #DB, the instruction fetch #PF at
// an indirect branch's target). Each path saves the GPRs, then `finish` writes the result
// record: XSAVE, the window's changed quadwords, a checksum. Then the next case.
//
// The only CPL0 code is the #PF handler (kvm_pvm emulates CPL0, about 1-2 us per instruction):
// it stores CR2 and IRETQs to the CPL3 #PF entry. Every other vector goes straight to CPL3.
#include "BatchLayout.h"
        .intel_syntax noprefix

#define HEADER (BATCH_REGION + BATCH_HEADER_OFFSET)
#define FIRST (HEADER + BATCH_HEADER_FIRST)
#define END (HEADER + BATCH_HEADER_END)
#define NONCE (HEADER + BATCH_HEADER_NONCE)
#define IST1_TOP (BATCH_REGION + BATCH_IST1_OFFSET + 0x1000)
#define IST2_TOP (BATCH_REGION + BATCH_IST2_OFFSET + BATCH_IST2_TOP)
#define PF_FRAME (BATCH_REGION + BATCH_IST2_OFFSET + BATCH_PF_FRAME)
#define CR2_SLOT (BATCH_REGION + BATCH_IST2_OFFSET + BATCH_CR2)
#define SCRATCH (BATCH_REGION + BATCH_SCRATCH_OFFSET)
#define STAGE(n) (SCRATCH + 8 * (n))
#define RFLAGS_SLOT (SCRATCH + BATCH_SCRATCH_RFLAGS)
#define PRISTINE (BATCH_REGION + BATCH_PRISTINE_OFFSET)
#define CODE (BATCH_REGION + BATCH_CODE_OFFSET)
#define EXIT (BATCH_REGION + BATCH_EXIT_OFFSET)
#define INPUTS (BATCH_REGION + BATCH_INPUTS_OFFSET)
#define PATCHES (BATCH_REGION + BATCH_PATCHES_OFFSET)
#define RESULTS (BATCH_REGION + BATCH_RESULTS_OFFSET)
#define LOG (BATCH_REGION + BATCH_LOG_OFFSET)
#define IMAGES (BATCH_REGION + BATCH_IMAGES_OFFSET)
#define SAVES (BATCH_REGION + BATCH_SAVES_OFFSET)
#define SLOT_INDEX (BATCH_CODE_PAGE + BATCH_SLOT_INDEX)

// Stores `reg` into staging slot `n` after checking that the slot holds the canary (flags free).
.macro STAGE_CHECKED reg, n
        cmp qword ptr [STAGE(\n)], BATCH_CANARY
        jne abandon
        mov qword ptr [STAGE(\n)], \reg
.endm

// Every GPR but RCX and RSP (the completion path swaps those two in first).
.macro STAGE_MOST
        STAGE_CHECKED rax, 0
        STAGE_CHECKED rdx, 2
        STAGE_CHECKED rbx, 3
        STAGE_CHECKED rbp, 5
        STAGE_CHECKED rsi, 6
        STAGE_CHECKED rdi, 7
        STAGE_CHECKED r8, 8
        STAGE_CHECKED r9, 9
        STAGE_CHECKED r10, 10
        STAGE_CHECKED r11, 11
        STAGE_CHECKED r12, 12
        STAGE_CHECKED r13, 13
        STAGE_CHECKED r14, 14
        STAGE_CHECKED r15, 15
.endm

// z = z * c (mod 2^64) per 64-bit lane; chi holds c >> 32. AVX2 has no 64-bit multiply.
.macro MUL64 z, c, chi, t1, t2
        vpsrlq \t1, \z, 32
        vpmuludq \t1, \t1, \c
        vpmuludq \t2, \z, \chi
        vpaddq \t1, \t1, \t2
        vpsllq \t1, \t1, 32
        vpmuludq \z, \z, \c
        vpaddq \z, \z, \t1
.endm

// out = SplitMix64's output function of each lane of in (X86/SplitMix64.swift).
.macro MIX in, out, t1, t2
        vpsrlq \out, \in, 30
        vpxor \out, \out, \in
        MUL64 \out, ymm12, ymm11, \t1, \t2
        vpsrlq \t1, \out, 27
        vpxor \out, \out, \t1
        MUL64 \out, ymm10, ymm9, \t1, \t2
        vpsrlq \t1, \out, 31
        vpxor \out, \out, \t1
.endm

// reg = the XOR of the four lanes of ymm8 (clobbers ymm9).
.macro FOLD reg
        vextracti128 xmm9, ymm8, 1
        vpxor xmm8, xmm8, xmm9
        vpshufd xmm9, xmm8, 0x4E
        vpxor xmm8, xmm8, xmm9
        vmovq \reg, xmm8
.endm

// reg = where case r15's entries start in the write log: after the previous case's.
.macro LOG_START reg, record
        xor \reg, \reg
        cmp r15, qword ptr [FIRST]
        je 90f
        mov \reg, qword ptr [\record - BATCH_RECORD_SIZE + BATCH_OUT_LOG_START]
        add \reg, qword ptr [\record - BATCH_RECORD_SIZE + BATCH_OUT_LOG_COUNT]
90:
.endm

        .section .rodata.x86fuzz_batch_code,"a",@progbits
        .p2align 12
        .globl ckvm_batch_code, ckvm_batch_code_end, ckvm_batch_entry, ckvm_batch_stubs, ckvm_batch_pf_entry
ckvm_batch_code:

// SplitMix64 constants: the lanes' first counters (quadword k of the window is output k + 1,
// so the eight lanes start at 1..8 times the increment), the step, the two multipliers.
        .p2align 5
lanes_low:
        .quad 0x9e3779b97f4a7c15, 0x3c6ef372fe94f82a, 0xdaa66d2c7ddf743f, 0x78dde6e5fd29f054
lanes_high:
        .quad 0x1715609f7c746c69, 0xb54cda58fbbee87e, 0x538454127b096493, 0xf1bbcdcbfa53e0a8
step:
        .quad 0xf1bbcdcbfa53e0a8, 0xf1bbcdcbfa53e0a8, 0xf1bbcdcbfa53e0a8, 0xf1bbcdcbfa53e0a8
multiplier1:
        .quad 0xbf58476d1ce4e5b9, 0xbf58476d1ce4e5b9, 0xbf58476d1ce4e5b9, 0xbf58476d1ce4e5b9
multiplier2:
        .quad 0x94d049bb133111eb, 0x94d049bb133111eb, 0x94d049bb133111eb, 0x94d049bb133111eb

// The mirror of the code page: the jump out at code-page offset k (E9 CC CC CC CC) lands at
// BATCH_MIRROR + k. Offsets 1-15 follow an instruction; offsets from BATCH_PAD_MINIMUM are pads.
        .org BATCH_MIRROR, 0xCC
        .byte 0xCC
        .fill 15, 1, 0x90
        .byte 0xE9
        .long save_fallthrough - (. + 4)
        .fill BATCH_PAD_MINIMUM - 21, 1, 0xCC
        .fill 0x1000 - BATCH_PAD_MINIMUM, 1, 0x90
        // BATCH_MIRROR + 0x1000: a taken pad's slide ends here.

// Completion entries. RFLAGS, RSP and every GPR are still the case's: the first steps use only
// XCHG, LEA and JRCXZ, which leave the flags alone, and check each slot's old contents after
// taking it.
save_taken:
        xchg qword ptr [STAGE(1)], rcx
        lea rcx, [rcx + BATCH_CANARY_NEGATED]
        jrcxz 1f
        jmp abandon
1:      mov ecx, BATCH_KIND_TAKEN
        jmp completed
save_fallthrough:
        xchg qword ptr [STAGE(1)], rcx
        lea rcx, [rcx + BATCH_CANARY_NEGATED]
        jrcxz 1f
        jmp abandon
1:      mov ecx, BATCH_KIND_FALLTHROUGH
// rcx: the kind.
completed:
        xchg qword ptr [STAGE(4)], rsp
        xchg rcx, rsp
        lea rcx, [rcx + BATCH_CANARY_NEGATED]
        jrcxz 2f
        jmp abandon
2:      mov rcx, qword ptr [RFLAGS_SLOT]
        lea rcx, [rcx + BATCH_CANARY_NEGATED]
        jrcxz 3f
        jmp abandon
3:      mov rcx, rsp
        mov rsp, RFLAGS_SLOT + 8
        pushfq
        STAGE_MOST
        mov r11, qword ptr [RFLAGS_SLOT]
        mov qword ptr [RFLAGS_SLOT], BATCH_CANARY
        mov r12, qword ptr [STAGE(4)]
        xor eax, eax
        xor edx, edx
        xor r9d, r9d
        xor r10d, r10d
        jmp finish

// Exception entries: one 16-byte stub per vector 0-31 (the IDT points at them), which puts the
// vector in RSP (free: the frame is on the IST stack) and goes to the path for its frame.
        .p2align 4
ckvm_batch_stubs:
        .set vector, 0
        .rept 32
        .p2align 4
        mov esp, vector
        .if (vector == 8) || ((vector >= 10) && (vector <= 14)) || (vector == 17) || (vector == 21)
        jmp exception_with_error
        .else
        jmp exception_without_error
        .endif
        .set vector, vector + 1
        .endr

exception_without_error:
        STAGE_CHECKED rcx, 1
        STAGE_MOST
        mov rbx, IST1_TOP - 40
        xor edx, edx
        xor r9d, r9d
        jmp exception_frame
exception_with_error:
        STAGE_CHECKED rcx, 1
        STAGE_MOST
        mov rbx, IST1_TOP - 48
        mov rdx, qword ptr [rbx]
        add rbx, 8
        xor r9d, r9d
        jmp exception_frame
// The CPL0 #PF handler's IRETQ lands here, with RSP at the frame on IST2 and CR2 stored.
ckvm_batch_pf_entry:
        mov esp, 14
        STAGE_CHECKED rcx, 1
        STAGE_MOST
        mov rbx, IST2_TOP - 48
        mov rdx, qword ptr [rbx]
        add rbx, 8
        mov r9, qword ptr [CR2_SLOT]
// rbx: the frame's RIP; rsp: the vector. A frame from anywhere but CPL3 case code is the
// harness's own fault.
exception_frame:
        mov rax, rsp
        cmp qword ptr [rbx + 8], 0x33
        jne harness_fault
        mov r10, qword ptr [rbx]
        mov r11, qword ptr [rbx + 16]
        mov r12, qword ptr [rbx + 24]
        lea rcx, [r10 - CODE]
        cmp rcx, BATCH_CODE_SIZE
        jb harness_fault
        mov ecx, BATCH_KIND_EXCEPTION

// rcx kind, rax vector, rdx error code, r9 CR2, r10 RIP, r11 RFLAGS, r12 RSP; the other GPRs
// are staged. Writes the result record of the case whose index the slot holds.
finish:
        cmp qword ptr [RFLAGS_SLOT], BATCH_CANARY
        jne abandon
        mov rsp, RFLAGS_SLOT
        mov qword ptr [rsp], 0x202
        popfq
        mov qword ptr [RFLAGS_SLOT], BATCH_CANARY
        mov r15, qword ptr [SLOT_INDEX]
        cmp r15, qword ptr [FIRST]
        jb abandon
        cmp r15, qword ptr [END]
        jae abandon
        mov rbx, r15
        shl rbx, 8
        lea r14, [rbx + INPUTS]
        lea r13, [rbx + RESULTS]
        // The record holds the canary but for the window's hash, written before the case.
        xor esi, esi
1:      cmp esi, BATCH_OUT_PRISTINE / 8
        je 2f
        cmp qword ptr [r13 + rsi * 8], BATCH_CANARY
        jne abandon
2:      inc esi
        cmp esi, BATCH_RECORD_SIZE / 8
        jb 1b
        // The vector state, before the harness touches a vector register.
        test byte ptr [r14 + BATCH_IN_FLAGS], BATCH_FLAG_VECTOR
        jz 4f
        mov rsi, qword ptr [r14 + BATCH_IN_SAVE]
        shl rsi, 10
        add rsi, SAVES
        xor edi, edi
3:      cmp qword ptr [rsi + rdi * 8], BATCH_CANARY
        jne abandon
        inc edi
        cmp edi, BATCH_XSAVE_SIZE / 8
        jb 3b
        mov rbx, rax
        mov rdi, rdx
        mov eax, 7
        xor edx, edx
        xsave64 [rsi]
        mov rax, rbx
        mov rdx, rdi
        // The slot and the pad are as the harness wrote them.
4:      vmovdqu ymm0, ymmword ptr [BATCH_CODE_PAGE]
        vpcmpeqb ymm0, ymm0, ymmword ptr [r14 + BATCH_IN_TEMPLATE]
        vpmovmskb esi, ymm0
        cmp esi, -1
        jne abandon
        mov rsi, qword ptr [r14 + BATCH_IN_PAD_ADDRESS]
        test rsi, rsi
        jz 5f
        mov rdi, qword ptr [r14 + BATCH_IN_PAD_BYTES]
        cmp qword ptr [rsi], rdi
        jne abandon
        movabs rdi, 0xCCCCCCCCCCCCCCCC
        mov qword ptr [rsi], rdi
5:      mov qword ptr [r13 + BATCH_OUT_KIND], rcx
        mov qword ptr [r13 + BATCH_OUT_VECTOR], rax
        mov qword ptr [r13 + BATCH_OUT_ERROR], rdx
        mov qword ptr [r13 + BATCH_OUT_CR2], r9
        mov qword ptr [r13 + BATCH_OUT_RIP], r10
        mov qword ptr [r13 + BATCH_OUT_RFLAGS], r11
        xor esi, esi
6:      mov rdi, qword ptr [SCRATCH + rsi * 8]
        mov qword ptr [r13 + BATCH_OUT_GPRS + rsi * 8], rdi
        mov qword ptr [SCRATCH + rsi * 8], BATCH_CANARY
        inc esi
        cmp esi, 16
        jb 6b
        mov qword ptr [r13 + BATCH_OUT_GPRS + 4 * 8], r12
        // The window against its pristine copy: each changed quadword into the log, and the
        // copy's hash, which must be the one taken when it was filled.
        LOG_START r12, r13
        mov rdi, r12
        shl rdi, 4
        add rdi, LOG
        xor ebx, ebx
        vpxor ymm8, ymm8, ymm8
        xor ecx, ecx
7:      vmovdqa ymm0, ymmword ptr [rcx + BATCH_WINDOW]
        vmovdqa ymm1, ymmword ptr [rcx + BATCH_WINDOW + 32]
        vmovdqa ymm2, ymmword ptr [rcx + PRISTINE]
        vmovdqa ymm3, ymmword ptr [rcx + PRISTINE + 32]
        vpxor ymm8, ymm8, ymm2
        vpxor ymm8, ymm8, ymm3
        vpcmpeqq ymm0, ymm0, ymm2
        vpcmpeqq ymm1, ymm1, ymm3
        vpand ymm0, ymm0, ymm1
        vpmovmskb esi, ymm0
        cmp esi, -1
        jne 9f
8:      add ecx, 64
        cmp ecx, BATCH_WINDOW_SIZE
        jb 7b
        jmp 12f
9:      xor esi, esi
10:     lea rdx, [rcx + rsi * 8]
        mov rax, qword ptr [rdx + BATCH_WINDOW]
        cmp rax, qword ptr [rdx + PRISTINE]
        je 11f
        cmp qword ptr [rdi], BATCH_CANARY
        jne abandon
        cmp qword ptr [rdi + 8], BATCH_CANARY
        jne abandon
        mov qword ptr [rdi], rdx
        mov qword ptr [rdi + 8], rax
        add rdi, BATCH_ENTRY_SIZE
        inc ebx
11:     inc esi
        cmp esi, 8
        jb 10b
        jmp 8b
12:     mov qword ptr [r13 + BATCH_OUT_LOG_START], r12
        mov qword ptr [r13 + BATCH_OUT_LOG_COUNT], rbx
        FOLD rax
        cmp rax, qword ptr [r13 + BATCH_OUT_PRISTINE]
        jne abandon
        mov rax, qword ptr [NONCE]
        mov qword ptr [r13 + BATCH_OUT_NONCE], rax
        mov qword ptr [r13 + BATCH_OUT_INDEX], r15
        // The checksum: the XOR of the record before it, the case's log entries and its XSAVE area.
        xor eax, eax
        xor esi, esi
13:     xor rax, qword ptr [r13 + rsi * 8]
        inc esi
        cmp esi, BATCH_OUT_CHECKSUM / 8
        jb 13b
        mov rsi, r12
        shl rsi, 4
        add rsi, LOG
        shl rbx, 1
14:     test rbx, rbx
        jz 15f
        xor rax, qword ptr [rsi]
        add rsi, 8
        dec rbx
        jmp 14b
15:     test byte ptr [r14 + BATCH_IN_FLAGS], BATCH_FLAG_VECTOR
        jz 17f
        mov rsi, qword ptr [r14 + BATCH_IN_SAVE]
        shl rsi, 10
        add rsi, SAVES
        xor edi, edi
16:     xor rax, qword ptr [rsi + rdi * 8]
        inc edi
        cmp edi, BATCH_XSAVE_SIZE / 8
        jb 16b
17:     mov qword ptr [r13 + BATCH_OUT_CHECKSUM], rax
        lea rax, [r15 + 1]
        jmp prepare

// The host starts every KVM_RUN here (and each exit resumes here).
ckvm_batch_entry:
        mov rax, qword ptr [FIRST]
// rax: the index of the case to prepare and enter.
prepare:
        cmp rax, qword ptr [END]
        jae batch_done
        mov r15, rax
        // RFLAGS as the harness wants them: AC clear (its stores need not be aligned), DF clear.
        cmp qword ptr [RFLAGS_SLOT], BATCH_CANARY
        jne abandon
        mov rsp, RFLAGS_SLOT
        mov qword ptr [rsp], 0x202
        popfq
        mov qword ptr [RFLAGS_SLOT], BATCH_CANARY
        mov rax, r15
        shl rax, 8
        lea r14, [rax + INPUTS]
        lea r13, [rax + RESULTS]
        xor ecx, ecx
1:      cmp qword ptr [r13 + rcx * 8], BATCH_CANARY
        jne abandon
        inc ecx
        cmp ecx, BATCH_RECORD_SIZE / 8
        jb 1b
        // Room in the log for a case that changes every quadword of the window.
        LOG_START r12, r13
        cmp r12, BATCH_LOG_CAPACITY - BATCH_WINDOW_SIZE / 8
        ja batch_cut
        // The window and its pristine copy from the seed, eight quadwords a round, and the hash.
        vpbroadcastq ymm15, qword ptr [r14 + BATCH_IN_SEED]
        vpaddq ymm0, ymm15, ymmword ptr [rip + lanes_low]
        vpaddq ymm1, ymm15, ymmword ptr [rip + lanes_high]
        vmovdqa ymm13, ymmword ptr [rip + step]
        vmovdqa ymm12, ymmword ptr [rip + multiplier1]
        vpsrlq ymm11, ymm12, 32
        vmovdqa ymm10, ymmword ptr [rip + multiplier2]
        vpsrlq ymm9, ymm10, 32
        vpxor ymm8, ymm8, ymm8
        xor ecx, ecx
2:      MIX ymm0, ymm2, ymm4, ymm5
        MIX ymm1, ymm3, ymm6, ymm7
        vmovdqa ymmword ptr [rcx + BATCH_WINDOW], ymm2
        vmovdqa ymmword ptr [rcx + BATCH_WINDOW + 32], ymm3
        vmovdqa ymmword ptr [rcx + PRISTINE], ymm2
        vmovdqa ymmword ptr [rcx + PRISTINE + 32], ymm3
        vpxor ymm8, ymm8, ymm2
        vpxor ymm8, ymm8, ymm3
        vpaddq ymm0, ymm0, ymm13
        vpaddq ymm1, ymm1, ymm13
        add ecx, 64
        cmp ecx, BATCH_WINDOW_SIZE
        jb 2b
        FOLD rbx
        // The patches: final quadword values, later ones win; the hash follows them.
        mov rcx, qword ptr [r14 + BATCH_IN_PATCH_START]
        mov rdx, qword ptr [r14 + BATCH_IN_PATCH_COUNT]
        shl rcx, 4
        add rcx, PATCHES
3:      test rdx, rdx
        jz 4f
        mov rsi, qword ptr [rcx]
        mov rdi, qword ptr [rcx + 8]
        xor rbx, qword ptr [rsi + PRISTINE]
        xor rbx, rdi
        mov qword ptr [rsi + BATCH_WINDOW], rdi
        mov qword ptr [rsi + PRISTINE], rdi
        add rcx, BATCH_ENTRY_SIZE
        dec rdx
        jmp 3b
4:      mov qword ptr [r13 + BATCH_OUT_PRISTINE], rbx
        // The slot (instruction, jump out, filler, index) and the pad.
        vmovdqa ymm0, ymmword ptr [r14 + BATCH_IN_TEMPLATE]
        vmovdqu ymmword ptr [BATCH_CODE_PAGE], ymm0
        mov rax, qword ptr [r14 + BATCH_IN_PAD_ADDRESS]
        test rax, rax
        jz 5f
        mov rdx, qword ptr [r14 + BATCH_IN_PAD_BYTES]
        mov qword ptr [rax], rdx
5:      test byte ptr [r14 + BATCH_IN_FLAGS], BATCH_FLAG_VECTOR
        jz 6f
        mov rcx, qword ptr [r14 + BATCH_IN_IMAGE]
        shl rcx, 10
        add rcx, IMAGES
        mov eax, 7
        xor edx, edx
        xrstor64 [rcx]
        // The GPRs (RSP comes with the frame), then IRETQ: RIP, CS, RFLAGS, RSP, SS.
6:      mov rsp, r14
        pop r15
        pop r14
        pop r13
        pop r12
        pop r11
        pop r10
        pop r9
        pop r8
        pop rdi
        pop rsi
        pop rbp
        pop rdx
        pop rcx
        pop rbx
        pop rax
        iretq

// Exits to the host: a store into the exit page (KVM_EXIT_MMIO, its data the index). The host
// resumes at the entry.
batch_done:
        mov qword ptr [EXIT + BATCH_EXIT_DONE], rax
        jmp ckvm_batch_entry
batch_cut:
        mov qword ptr [EXIT + BATCH_EXIT_CUT], r15
        jmp ckvm_batch_entry
abandon:
        mov qword ptr [EXIT + BATCH_EXIT_ABANDONED], r15
        jmp ckvm_batch_entry
harness_fault:
        mov qword ptr [EXIT + BATCH_EXIT_FAULT], rax
        jmp ckvm_batch_entry
ckvm_batch_code_end:

// The CPL0 #PF handler, copied to BATCH_KERNEL_CODE: CR2 into the CR2 slot (RSP is the only free
// register), then IRETQ with the prepared frame to ckvm_batch_pf_entry at CPL3.
        .section .rodata.x86fuzz_batch_kernel,"a",@progbits
        .globl ckvm_batch_kernel, ckvm_batch_kernel_end
ckvm_batch_kernel:
        mov rsp, cr2
        mov qword ptr [CR2_SLOT], rsp
        mov rsp, PF_FRAME
        iretq
ckvm_batch_kernel_end:

        .section .note.GNU-stack,"",@progbits
