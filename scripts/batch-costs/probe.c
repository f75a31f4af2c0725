// What each way of running many cases in one KVM_RUN costs on this machine's KVM, against "the
// floor": a bare C loop of one KVM_RUN per case (CPL3, TF set through SYNC_REGS, #DB to a CPL0 hlt
// handler). The numbers in docs/PLATFORM.md ("Batched execution") come from here.
//
// Usage: probe [CASES]          every variant, CASES per batch variant (default 20000)
//        probe --floor [CASES]  the floor only, as a number of cases per second
#include <linux/kvm.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

extern const uint8_t probe_harness_start[], probe_harness_end[], probe_kernel_start[], probe_kernel_end[];
extern const uint64_t probe_off_loop, probe_off_save, probe_off_exc_noerr, probe_off_exc_err, probe_off_exc_pf_exit;
extern const uint64_t probe_off_k_hlt, probe_off_k_cr2, probe_off_k_hltiret;

enum { MEMORY = 4 << 20, HARNESS = 0xB000, KERNEL = 0x7000, SLOT = 0x10000, CASE_FRAME = 0xF000 };
enum { P = 1, W = 2, U = 4 };
#define ACCESSED_DIRTY (3ull << 5)
#define NX (1ull << 63)
enum Resume { RESUME_NONE, RESUME_CPL3_WITH_SREGS, RESUME_CPL0_IRETQ };

static uint8_t *memory;
static int vcpu;
static struct kvm_run *run;
static struct kvm_sregs base_sregs;
static long exits;

static void die(const char *what) {
    perror(what);
    exit(1);
}
static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}
static void put64(uint64_t address, uint64_t value) { memcpy(memory + address, &value, 8); }
static uint64_t get64(uint64_t address) {
    uint64_t value;
    memcpy(&value, memory + address, 8);
    return value;
}
static void map(uint64_t virtual, uint64_t physical, uint64_t flags) {
    put64(0x4000 + (virtual >> 12) * 8, physical | flags | P | ACCESSED_DIRTY);
}
static void gate(int vector, uint64_t handler, uint16_t selector, int ist) {
    uint64_t low = (handler & 0xFFFF) | ((uint64_t)selector << 16) | ((uint64_t)ist << 32) | (0x8FULL << 40)
                   | (((handler >> 16) & 0xFFFF) << 48);
    put64(0x6000 + vector * 16, low);
    put64(0x6000 + vector * 16 + 8, handler >> 32);
}
static int pushes_error_code(int vector) { return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21; }

// The guest: identity-mapped low 2 MiB, Linux's selectors, CPL3 handlers on IST1 (a user page),
// the slot page user RWX, an MMIO page at 0x11000 (guest-physical 8 MiB, outside the memory slot).
static void setup(void) {
    int kvm = open("/dev/kvm", O_RDWR);
    if (kvm < 0) die("open /dev/kvm");
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    memory = mmap(0, MEMORY, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct kvm_userspace_memory_region region = {.memory_size = MEMORY, .userspace_addr = (uint64_t)memory};
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region)) die("KVM_SET_USER_MEMORY_REGION");
    vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    run = mmap(0, ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0), PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    struct {
        struct kvm_cpuid2 header;
        struct kvm_cpuid_entry2 entries[256];
    } cpuid = {.header.nent = 256};
    if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, &cpuid) || ioctl(vcpu, KVM_SET_CPUID2, &cpuid)) die("CPUID");
    put64(0x1000, 0x2000 | P | W | U | ACCESSED_DIRTY);
    put64(0x2000, 0x3000 | P | W | U | ACCESSED_DIRTY);
    put64(0x3000, 0x4000 | P | W | U | ACCESSED_DIRTY);
    for (uint64_t page = 0x1000; page < 0xA000; page += 0x1000) map(page, page, W | (page == KERNEL ? 0 : NX));
    map(0xA000, 0xA000, W | U | NX);     // IST1: frames of exceptions delivered to CPL3
    map(0xB000, 0xB000, U);              // harness code
    map(0xC000, 0xC000, U);
    map(0xD000, 0xD000, W | U | NX);     // scratch
    map(0xE000, 0xE000, W | U | NX);     // IST2: the CPL0 #PF handler's stack
    map(CASE_FRAME, CASE_FRAME, U | NX); // the case's registers and IRETQ frame
    map(SLOT, SLOT, W | U);
    map(0x11000, 0x800000, W | U | NX);  // MMIO
    map(0x20000, 0x20000, W | U | NX);   // the data window
    map(0x21000, 0x21000, W | U | NX);
    for (uint64_t page = 0x100000; page < 0x180000; page += 0x1000) map(page, page, U | NX);  // staged images
    put64(0x5010, 0x00AF9B000000FFFFull);
    put64(0x5018, 0x00CF93000000FFFFull);
    put64(0x5020, 0x00CFFB000000FFFFull);
    put64(0x5028, 0x00CFF3000000FFFFull);
    put64(0x5030, 0x00AFFB000000FFFFull);
    uint64_t tss = 0x5080;
    put64(0x5040, 0x67 | ((tss & 0xFFFFFF) << 16) | (0x89ull << 40) | (((tss >> 24) & 0xFF) << 56));
    put64(tss + 4, 0xA000);
    put64(tss + 0x24, 0xB000);
    put64(tss + 0x2C, 0xE800);
    memcpy(memory + HARNESS, probe_harness_start, probe_harness_end - probe_harness_start);
    memcpy(memory + KERNEL, probe_kernel_start, probe_kernel_end - probe_kernel_start);
    for (int vector = 0; vector < 32; vector++) {
        gate(vector, HARNESS + (pushes_error_code(vector) ? probe_off_exc_err : probe_off_exc_noerr), 0x33, 1);
    }
    struct kvm_sregs sregs;
    ioctl(vcpu, KVM_GET_SREGS, &sregs);
    sregs.cr0 = 0x80050033;
    sregs.cr3 = 0x1000;
    sregs.cr4 = 0x40620;
    sregs.efer = 0xD00;
    sregs.gdt.base = 0x5000;
    sregs.gdt.limit = 0x4F;
    sregs.idt.base = 0x6000;
    sregs.idt.limit = 0xFFF;
    struct kvm_segment code = {.limit = 0xFFFFFFFF, .selector = 0x33, .type = 0xB, .present = 1, .dpl = 3, .s = 1, .l = 1, .g = 1};
    struct kvm_segment data = {.limit = 0xFFFFFFFF, .selector = 0x2B, .type = 0x3, .present = 1, .dpl = 3, .db = 1, .s = 1, .g = 1};
    struct kvm_segment null = {.unusable = 1};
    sregs.cs = code;
    sregs.ss = data;
    sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ldt = null;
    sregs.tr = (struct kvm_segment){.base = tss, .limit = 0x67, .selector = 0x40, .type = 0xB, .present = 1};
    if (ioctl(vcpu, KVM_SET_SREGS, &sregs)) die("KVM_SET_SREGS");
    base_sregs = sregs;
    struct kvm_xcrs xcrs = {.nr_xcrs = 1, .xcrs = {{.xcr = 0, .value = 7}}};
    if (ioctl(vcpu, KVM_SET_XCRS, &xcrs)) die("KVM_SET_XCRS");
    run->kvm_valid_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
    for (uint64_t page = 0x20000; page < 0x22000; page += 0x1000) memory[page] = 1;
    for (int i = 0; i < 0x80000; i += 8) put64(0x100000 + i, i * 0x9E3779B97F4A7C15ull);
}

// The slot: the instruction, then a jump to the harness's save routine, int3 after that.
static void slot(const uint8_t *bytes, int count) {
    memset(memory + SLOT, 0xCC, 0x1000);
    memcpy(memory + SLOT, bytes, count);
    uint64_t at = SLOT + count;
    int32_t relative = (int32_t)(HARNESS + probe_off_save - (at + 5));
    memory[at] = 0xE9;
    memcpy(memory + at + 1, &relative, 4);
    memcpy(memory + 0xF100, memory + SLOT, 32);
}

static void case_frame(uint64_t rax, uint64_t rbx, uint64_t rcx, uint64_t rsi, uint64_t rflags) {
    uint64_t pops[15] = {0};  // r15 .. rax
    pops[14] = rax;
    pops[13] = rbx;
    pops[12] = rcx;
    pops[9] = rsi;
    for (int i = 0; i < 15; i++) put64(CASE_FRAME + i * 8, pops[i]);
    uint64_t frame[5] = {SLOT, 0x33, rflags, 0x21000, 0x2B};
    for (int i = 0; i < 5; i++) put64(CASE_FRAME + 120 + i * 8, frame[i]);
}

// Runs `cases` cases in the harness loop (mode: 1 slot rewrite, 2 scalar SplitMix64 fill, 4 copy
// of a staged window image) and returns the seconds taken; the loop ends with an MMIO store.
static double batch(long cases, uint64_t mode, enum Resume resume) {
    put64(0xD000, cases);
    put64(0xD020, mode);
    struct kvm_regs *regs = &run->s.regs.regs;
    memset(regs, 0, sizeof *regs);
    regs->rip = HARNESS + probe_off_loop;
    regs->rsp = 0xD800;
    regs->rflags = 0x202;
    run->s.regs.sregs = base_sregs;
    run->kvm_dirty_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
    exits = 0;
    double start = now();
    for (;;) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0) {
            if (errno == EINTR) continue;
            die("KVM_RUN");
        }
        exits++;
        run->kvm_dirty_regs = 0;
        if (run->exit_reason == KVM_EXIT_MMIO && run->mmio.phys_addr == 0x800000) break;
        if (run->exit_reason == KVM_EXIT_MMIO) continue;  // the #PF handler's exit: CR2 is in sync sregs
        if (run->exit_reason == KVM_EXIT_HLT && resume == RESUME_CPL3_WITH_SREGS) {
            regs->rip = HARNESS + probe_off_loop;
            regs->rsp = 0xD800;
            regs->rflags = 0x202;
            run->s.regs.sregs = base_sregs;
            run->kvm_dirty_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
            continue;
        }
        if (run->exit_reason == KVM_EXIT_HLT && resume == RESUME_CPL0_IRETQ) continue;
        fprintf(stderr, "unexpected exit %d at %llx\n", run->exit_reason, (unsigned long long)regs->rip);
        exit(1);
    }
    return now() - start;
}

// The floor: one KVM_RUN per case, registers and special registers through SYNC_REGS, TF set.
static double floor_loop(long cases) {
    static const uint8_t add[] = {0x48, 0x01, 0xD8};
    slot(add, 3);
    memset(memory + SLOT + 3, 0x90, 16);
    gate(1, KERNEL + probe_off_k_hlt, 0x10, 0);
    struct kvm_regs *regs = &run->s.regs.regs;
    double start = now();
    for (long i = 0; i < cases; i++) {
        memset(regs, 0, sizeof *regs);
        regs->rax = i;
        regs->rbx = 2;
        regs->rip = SLOT;
        regs->rsp = 0x21000;
        regs->rflags = 0x302;
        run->s.regs.sregs = base_sregs;
        run->kvm_dirty_regs = KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS;
        if (ioctl(vcpu, KVM_RUN, 0) < 0) die("KVM_RUN");
        if (run->exit_reason != KVM_EXIT_HLT) {
            fprintf(stderr, "floor: exit %d\n", run->exit_reason);
            exit(1);
        }
    }
    double seconds = now() - start;
    gate(1, HARNESS + probe_off_exc_noerr, 0x33, 1);
    return seconds;
}

static double floor_us;
static void report(const char *name, double seconds, long cases) {
    double us = seconds / cases * 1e6;
    printf("| %-66s | %9.3f | %6.3f | %6ld |\n", name, us, us / floor_us, exits);
}

int main(int argc, char **argv) {
    int floor_only = argc > 1 && strcmp(argv[1], "--floor") == 0;
    long cases = argc > 1 + floor_only ? atol(argv[1 + floor_only]) : 20000;
    if (cases < 100) cases = 100;
    setup();
    floor_loop(1000);
    long floor_cases = cases / 4;
    double floor_seconds = floor_loop(floor_cases);
    floor_us = floor_seconds / floor_cases * 1e6;
    if (floor_only) {
        printf("{\"casesPerSecond\": %.0f, \"cases\": %ld, \"microsecondsPerCase\": %.3f}\n", floor_cases / floor_seconds,
               floor_cases, floor_us);
        return 0;
    }
    static const uint8_t add[] = {0x48, 0x01, 0xD8}, load[] = {0x48, 0x8B, 0x06}, ud2[] = {0x0F, 0x0B}, jump[] = {0xFF, 0xE1};
    static const uint8_t store_mmio[] = {0x88, 0x04, 0x25, 0x08, 0x10, 0x01, 0x00};
    long few = cases / 4;
    printf("| variant | us per case | x floor | exits |\n| --- | --- | --- | --- |\n");
    exits = floor_cases;
    report("floor: one KVM_RUN per case, TF, #DB to a CPL0 hlt", floor_seconds, floor_cases);
    slot(add, 3);
    case_frame(1, 2, 0, 0, 0x202);
    batch(cases, 0, RESUME_NONE);
    report("harness loop: add, no exception", batch(cases, 0, RESUME_NONE), cases);
    report("... and the 32-byte slot rewritten per case (cross-modifying code)", batch(cases, 1, RESUME_NONE), cases);
    report("... and an 8 KiB window filled by scalar SplitMix64 in the guest", batch(cases, 3, RESUME_NONE), cases);
    report("... and an 8 KiB window copied from 64 staged images", batch(cases, 5, RESUME_NONE), cases);
    slot(load, 3);
    case_frame(0, 0, 0, 0x40000000, 0x202);
    report("#PF (load, not present) to a CPL3 gate on IST; no CR2", batch(few, 0, RESUME_NONE), few);
    slot(ud2, 2);
    report("#UD to a CPL3 gate", batch(few, 0, RESUME_NONE), few);
    slot(load, 3);
    case_frame(0, 0, 0, 0x8000000000000000ull, 0x202);
    report("#GP (non-canonical load) to a CPL3 gate", batch(few, 0, RESUME_NONE), few);
    slot(add, 3);
    case_frame(1, 2, 0, 0, 0x302);
    report("TF: #DB to a CPL3 gate", batch(few, 0, RESUME_NONE), few);
    slot(jump, 2);
    case_frame(0, 0, 0x40000000, 0, 0x202);
    report("jmp rcx to a not-present page: instruction fetch #PF, CPL3 gate", batch(few, 0, RESUME_NONE), few);
    slot(store_mmio, 7);
    case_frame(0, 0, 0, 0, 0x202);
    report("an MMIO store per case: exit to the host, resume without state", batch(few, 0, RESUME_NONE), few);
    slot(load, 3);
    case_frame(0, 0, 0, 0x40000000, 0x202);
    gate(14, HARNESS + probe_off_exc_pf_exit, 0x33, 1);
    report("CR2 by exit: #PF to a CPL3 gate, then an MMIO store; host reads CR2", batch(few, 0, RESUME_NONE), few);
    uint64_t frame[5] = {HARNESS + probe_off_exc_err, 0x33, 0x202, 0xE7D0, 0x2B};
    for (int i = 0; i < 5; i++) put64(0xE900 + i * 8, frame[i]);
    gate(14, KERNEL + probe_off_k_cr2, 0x10, 2);
    report("CR2 at CPL0: #PF to 4 CPL0 instructions (CR2 out, IRETQ to CPL3)", batch(few, 0, RESUME_NONE), few);
    if (get64(0xD028) != 0x40000000) fprintf(stderr, "the CPL0 handler stored CR2 %llx\n", (unsigned long long)get64(0xD028));
    gate(14, KERNEL + probe_off_k_hlt, 0x10, 0);
    report("CR2 by exit: #PF to a CPL0 hlt; host sets CPL3 regs and sregs", batch(few, 0, RESUME_CPL3_WITH_SREGS), few);
    gate(14, KERNEL + probe_off_k_hltiret, 0x10, 2);
    report("CR2 by exit: #PF to a CPL0 hlt; resume: IRETQ at CPL0", batch(few, 0, RESUME_CPL0_IRETQ), few);
    base_sregs.cr0 &= ~(1ull << 16);
    map(0xE000, 0xE000, U | NX);
    map(0xA000, 0xA000, U | NX);
    gate(14, KERNEL + probe_off_k_cr2, 0x10, 2);
    report("CR0.WP clear, IST pages user read-only: CR2 at CPL0 as above", batch(few, 0, RESUME_NONE), few);
    slot(ud2, 2);
    report("CR0.WP clear, IST1 user read-only: #UD to a CPL3 gate", batch(few, 0, RESUME_NONE), few);
    return 0;
}
