// The batch guest's layout: where the CPL3 harness (BatchHarness.S) finds its inputs and writes
// its results. Shared by the assembly and by Swift (Sources/Sandbox/BatchLayout.swift), so the
// numbers live in one place. Plain integer macros only: the assembler and Swift both read them.
#ifndef CKVM_BATCH_LAYOUT_H
#define CKVM_BATCH_LAYOUT_H

// The single-step layout the batch keeps (Sources/X86/GuestLayout.swift): the code page, the
// state page, the data window, the CPL0 handler page.
#define BATCH_CODE_PAGE 0x10000
#define BATCH_STATE_PAGE 0x11000
#define BATCH_WINDOW 0x20000
#define BATCH_WINDOW_SIZE 0x2000
#define BATCH_KERNEL_CODE 0x7000

// The harness region: 4 MiB of virtual addresses in the top 2 GiB (so that a sign-extended
// 32-bit displacement reaches every byte of it), backed by guest-physical memory from
// BATCH_REGION_PHYSICAL. Offsets below are from BATCH_REGION.
#define BATCH_REGION 0xFFFFFFFFCCC00000
#define BATCH_REGION_SIZE 0x400000
#define BATCH_REGION_PHYSICAL 0x100000

// Read-only to CPL3: the batch header (first index, end index, nonce).
#define BATCH_HEADER_OFFSET 0x0
#define BATCH_HEADER_FIRST 0
#define BATCH_HEADER_END 8
#define BATCH_HEADER_NONCE 16
// Read-only to CPL3: the stack (IST1) the CPU pushes a case's exception frames on; its top is
// the end of the page.
#define BATCH_IST1_OFFSET 0x1000
// Read-only to CPL3: the stack (IST2) of the CPL0 #PF handler, the frame its IRETQ takes to the
// CPL3 handler, and the CR2 it stored. CR0.WP is clear, so CPL0 writes these pages.
#define BATCH_IST2_OFFSET 0x2000
#define BATCH_IST2_TOP 0x800
#define BATCH_PF_FRAME 0x900
#define BATCH_CR2 0xA00
// Writable: the staging area for the case's 16 GPRs (GPR order) and the RFLAGS slot.
#define BATCH_SCRATCH_OFFSET 0x3000
#define BATCH_SCRATCH_RFLAGS 128
// Writable, 8 KiB: the window as filled, diffed against after the case.
#define BATCH_PRISTINE_OFFSET 0x4000
// Read-only, executable, 16 KiB: the harness code.
#define BATCH_CODE_OFFSET 0xDC000
#define BATCH_CODE_SIZE 0x4000
// Not memory: a store here exits to the host (KVM_EXIT_MMIO). The address says why.
#define BATCH_EXIT_OFFSET 0xE0000
#define BATCH_EXIT_PHYSICAL 0x40000000
#define BATCH_EXIT_DONE 0
#define BATCH_EXIT_CUT 8
#define BATCH_EXIT_ABANDONED 16
#define BATCH_EXIT_FAULT 24
// The areas below are sized for 1024 cases and 16384 entries; a batch uses BATCH_CAPACITY of
// them (the host checks every unused guarded byte after each batch, so smaller is faster).
// Read-only: one input record per case.
#define BATCH_INPUTS_OFFSET 0x100000
// Read-only: the patched quadwords of the windows, (offset, value) pairs.
#define BATCH_PATCHES_OFFSET 0x140000
// Writable: one result record per case.
#define BATCH_RESULTS_OFFSET 0x180000
// Writable: the window's changed quadwords, (offset, new value) pairs.
#define BATCH_LOG_OFFSET 0x1C0000
// Read-only: the XRSTOR images of the cases that need their vector state.
#define BATCH_IMAGES_OFFSET 0x200000
// Writable: their XSAVE areas.
#define BATCH_SAVES_OFFSET 0x300000

#define BATCH_CAPACITY 512
#define BATCH_RECORD_SIZE 256
#define BATCH_PATCH_CAPACITY 16384
#define BATCH_LOG_CAPACITY 8192
#define BATCH_ENTRY_SIZE 16
#define BATCH_VECTOR_AREA_SIZE 1024
// The bytes of an XSAVE area the harness checks and hashes (the legacy area, the header and
// the AVX component: XSaveLayout.size).
#define BATCH_XSAVE_SIZE 832

// An input record (read-only): the GPRs in the order the harness pops them (r15 first, rax
// last; no RSP), the IRETQ frame that enters the case, the 32 bytes of the code page's slot
// (the instruction, the jump out, int3 filler, the case's index), the pad a taken direct
// branch lands on, the window's seed and patches, and the vector state's image and save area.
#define BATCH_IN_GPRS 0
#define BATCH_IN_FRAME 120
#define BATCH_IN_TEMPLATE 160
#define BATCH_IN_PAD_ADDRESS 192
#define BATCH_IN_PAD_BYTES 200
#define BATCH_IN_SEED 208
#define BATCH_IN_PATCH_START 216
#define BATCH_IN_PATCH_COUNT 224
#define BATCH_IN_FLAGS 232
#define BATCH_IN_IMAGE 240
#define BATCH_IN_SAVE 248
#define BATCH_FLAG_VECTOR 1
// Where the slot keeps the case's index (the handlers find the running case by it).
#define BATCH_SLOT_INDEX 24
#define BATCH_SLOT_SIZE 32

// A result record (writable): how the case ended, the exception, RIP and RFLAGS (from the
// frame), the 16 GPRs in GPR order, the case's entries in the write log, the hash of the window
// as filled, the tags, and a checksum over the record, its log entries and its XSAVE area.
#define BATCH_OUT_KIND 0
#define BATCH_OUT_VECTOR 8
#define BATCH_OUT_ERROR 16
#define BATCH_OUT_CR2 24
#define BATCH_OUT_RIP 32
#define BATCH_OUT_RFLAGS 40
#define BATCH_OUT_GPRS 48
#define BATCH_OUT_LOG_START 176
#define BATCH_OUT_LOG_COUNT 184
#define BATCH_OUT_PRISTINE 192
#define BATCH_OUT_INDEX 200
#define BATCH_OUT_NONCE 208
#define BATCH_OUT_CHECKSUM 216
#define BATCH_KIND_FALLTHROUGH 1
#define BATCH_KIND_TAKEN 2
#define BATCH_KIND_EXCEPTION 3

// Every writable byte of the region holds the canary until the harness writes it, and the
// harness checks the canary before each write: a case that stored into the region shows. Its
// 64-bit value is this 32-bit immediate sign-extended (0xFFFFFFFFA5C396E1), so that the
// harness compares memory with it without a free register.
#define BATCH_CANARY (-0x5A3C691F)
#define BATCH_CANARY_NEGATED 0x5A3C691F

// The jump out of the slot is E9 CC CC CC CC: a CPU that took more bytes than the decoder runs
// into int3. Every such jump at code-page offset k lands on harness offset BATCH_MIRROR + k:
// offsets 1-15 (after the instruction) slide to the fall-through entry, offsets 32 and up (a
// direct branch's pad) slide to the taken entry.
#define BATCH_MIRROR 0xCD1
#define BATCH_PAD_MINIMUM 32

#endif
