# Guest code of the batch-cost probe (probe.c): a CPL3 loop copied to 0xB000 that enters a case
# at 0x10000 through IRETQ, saves its registers and goes round again; exception handlers at CPL3
# and at CPL0 (copied to 0x7000). MODE selects per-case extras (slot rewrite, window fill).
        .intel_syntax noprefix
        .equ HBASE, 0xB000
        .equ COUNTER, 0xD000
        .equ SAVE, 0xD100
        .equ HSTACK, 0xD800
        .equ CASEFRAME, 0xF000
        .equ TEMPLATE, 0xF100
        .equ SLOT, 0x10000
        .equ MMIO, 0x11000
        .equ WINDOW, 0x20000
        .equ SEED, 0xD010
        .equ STAGED, 0xD018
        .equ MODE, 0xD020
        .equ CR2SAVE, 0xD028
        .equ VARIANT_COPY, 1
        .equ VARIANT_FILL, 2
        .equ VARIANT_STAGE, 4
        .equ VARIANT_PFEXIT, 8

        .section .rodata
        .globl probe_harness_start, probe_harness_end
        .globl probe_off_loop, probe_off_save, probe_off_exc_noerr, probe_off_exc_err, probe_off_exc_pf_exit
        .p2align 12
probe_harness_start:
loop:
        mov rax, [COUNTER]
        sub rax, 1
        jc done
        mov [COUNTER], rax
        mov rax, [MODE]
        test rax, VARIANT_COPY
        jz 1f
        vmovdqu ymm0, [TEMPLATE]
        vmovdqu [SLOT], ymm0
1:      test rax, VARIANT_FILL
        jz 2f
        # scalar SplitMix64 fill of 1024 quadwords, 2 interleaved chains
        mov rsi, [SEED]
        add rsi, 1
        mov [SEED], rsi
        movabs r8, 0x9E3779B97F4A7C15
        movabs r9, 0xBF58476D1CE4E5B9
        movabs r10, 0x94D049BB133111EB
        mov rdi, WINDOW
        lea rdx, [rsi + r8]
        mov rcx, 512
3:      mov rax, rdx
        lea rbx, [rdx + r8]
        mov r11, rax
        shr r11, 30
        xor rax, r11
        mov r12, rbx
        shr r12, 30
        xor rbx, r12
        imul rax, r9
        imul rbx, r9
        mov r11, rax
        shr r11, 27
        xor rax, r11
        mov r12, rbx
        shr r12, 27
        xor rbx, r12
        imul rax, r10
        imul rbx, r10
        mov r11, rax
        shr r11, 31
        xor rax, r11
        mov r12, rbx
        shr r12, 31
        xor rbx, r12
        mov [rdi], rax
        mov [rdi + 8], rbx
        add rdi, 16
        lea rdx, [rdx + 2*r8]
        dec rcx
        jnz 3b
        mov rax, [MODE]
2:      test rax, VARIANT_STAGE
        jz 4f
        # copy a staged 8 KiB image (one of 64, cycling) into the window
        mov rsi, [STAGED]
        add rsi, 0x2000
        and rsi, 0x7FFFF
        mov [STAGED], rsi
        add rsi, 0x100000
        mov rdi, WINDOW
        mov rcx, 0x2000 / 128
5:      vmovdqu ymm0, [rsi]
        vmovdqu ymm1, [rsi + 32]
        vmovdqu ymm2, [rsi + 64]
        vmovdqu ymm3, [rsi + 96]
        vmovdqu [rdi], ymm0
        vmovdqu [rdi + 32], ymm1
        vmovdqu [rdi + 64], ymm2
        vmovdqu [rdi + 96], ymm3
        add rsi, 128
        add rdi, 128
        dec rcx
        jnz 5b
        mov rax, [MODE]
4:
        mov rsp, CASEFRAME
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

save:
        mov [SAVE + 0], rax
        mov [SAVE + 8], rbx
        mov [SAVE + 16], rcx
        mov [SAVE + 24], rdx
        mov [SAVE + 32], rsi
        mov [SAVE + 40], rdi
        mov [SAVE + 48], rbp
        mov [SAVE + 56], rsp
        mov [SAVE + 64], r8
        mov [SAVE + 72], r9
        mov [SAVE + 80], r10
        mov [SAVE + 88], r11
        mov [SAVE + 96], r12
        mov [SAVE + 104], r13
        mov [SAVE + 112], r14
        mov [SAVE + 120], r15
        mov rsp, HSTACK
        pushfq
        pop rax
        mov [SAVE + 128], rax
        jmp loop

exc_noerr:
        mov [SAVE + 0], rax
        mov rax, [rsp]
        mov [SAVE + 136], rax
        jmp loop
exc_err:
        mov [SAVE + 0], rax
        mov rax, [rsp]
        mov [SAVE + 144], rax
        mov rax, [rsp + 8]
        mov [SAVE + 136], rax
        jmp loop
exc_pf_exit:
        mov [SAVE + 0], rax
        mov rax, [rsp]
        mov [SAVE + 144], rax
        mov rax, [rsp + 8]
        mov [SAVE + 136], rax
        mov byte ptr [MMIO + 8], al
        jmp loop
done:
        mov byte ptr [MMIO], al
        jmp loop
probe_harness_end:

        .p2align 3
probe_off_loop: .quad loop - probe_harness_start
probe_off_save: .quad save - probe_harness_start
probe_off_exc_noerr: .quad exc_noerr - probe_harness_start
probe_off_exc_err: .quad exc_err - probe_harness_start
probe_off_exc_pf_exit: .quad exc_pf_exit - probe_harness_start

# CPL0 pieces, copied to 0x7000.
        .globl probe_kernel_start, probe_kernel_end, probe_off_k_hlt, probe_off_k_cr2, probe_off_k_hltiret
probe_kernel_start:
k_hlt:  hlt
        jmp k_hlt
k_cr2:  mov rsp, cr2
        mov [CR2SAVE], rsp
        mov rsp, 0xE900
        iretq
k_hltiret:
        hlt
        mov rsp, 0xE900
        iretq
probe_kernel_end:
        .p2align 3
probe_off_k_hlt: .quad k_hlt - probe_kernel_start
probe_off_k_cr2: .quad k_cr2 - probe_kernel_start
probe_off_k_hltiret: .quad k_hltiret - probe_kernel_start

        .section .note.GNU-stack,"",@progbits
