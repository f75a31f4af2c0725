#ifdef __linux__
#define _GNU_SOURCE
#include "CKVM.h"
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <time.h>

const unsigned long CKVM_GET_API_VERSION = KVM_GET_API_VERSION;
const unsigned long CKVM_CREATE_VM = KVM_CREATE_VM;
const unsigned long CKVM_CHECK_EXTENSION = KVM_CHECK_EXTENSION;
const unsigned long CKVM_GET_VCPU_MMAP_SIZE = KVM_GET_VCPU_MMAP_SIZE;
const unsigned long CKVM_GET_SUPPORTED_CPUID = KVM_GET_SUPPORTED_CPUID;
const unsigned long CKVM_SET_USER_MEMORY_REGION = KVM_SET_USER_MEMORY_REGION;
const unsigned long CKVM_CREATE_VCPU = KVM_CREATE_VCPU;
const unsigned long CKVM_RUN = KVM_RUN;
const unsigned long CKVM_GET_REGS = KVM_GET_REGS;
const unsigned long CKVM_SET_REGS = KVM_SET_REGS;
const unsigned long CKVM_GET_SREGS = KVM_GET_SREGS;
const unsigned long CKVM_SET_SREGS = KVM_SET_SREGS;
const unsigned long CKVM_SET_CPUID2 = KVM_SET_CPUID2;
const unsigned long CKVM_GET_XSAVE = KVM_GET_XSAVE;
const unsigned long CKVM_SET_XSAVE = KVM_SET_XSAVE;
const unsigned long CKVM_SET_XCRS = KVM_SET_XCRS;

const int CKVM_API_VERSION = KVM_API_VERSION;
const int CKVM_CAP_SYNC_REGS = KVM_CAP_SYNC_REGS;
const int CKVM_CAP_IMMEDIATE_EXIT = KVM_CAP_IMMEDIATE_EXIT;
const int CKVM_CAP_XSAVE = KVM_CAP_XSAVE;
const int CKVM_CAP_XCRS = KVM_CAP_XCRS;

const uint64_t CKVM_SYNC_X86_REGS = KVM_SYNC_X86_REGS;
const uint64_t CKVM_SYNC_X86_SREGS = KVM_SYNC_X86_SREGS;
const uint64_t CKVM_SYNC_X86_EVENTS = KVM_SYNC_X86_EVENTS;

const uint32_t CKVM_EXIT_HLT = KVM_EXIT_HLT;
const uint32_t CKVM_EXIT_SHUTDOWN = KVM_EXIT_SHUTDOWN;
const uint32_t CKVM_EXIT_INTERNAL_ERROR = KVM_EXIT_INTERNAL_ERROR;
const uint32_t CKVM_EXIT_FAIL_ENTRY = KVM_EXIT_FAIL_ENTRY;
const uint32_t CKVM_EXIT_IO = KVM_EXIT_IO;
const uint32_t CKVM_EXIT_MMIO = KVM_EXIT_MMIO;
const uint32_t CKVM_EXIT_INTR = KVM_EXIT_INTR;

struct kvm_regs *ckvm_sync_regs(struct kvm_run *run) { return &run->s.regs.regs; }
struct kvm_sregs *ckvm_sync_sregs(struct kvm_run *run) { return &run->s.regs.sregs; }
struct kvm_vcpu_events *ckvm_sync_events(struct kvm_run *run) { return &run->s.regs.events; }
uint32_t ckvm_internal_suberror(const struct kvm_run *run) { return run->internal.suberror; }
uint64_t ckvm_fail_entry_reason(const struct kvm_run *run) { return run->fail_entry.hardware_entry_failure_reason; }

struct kvm_cpuid2 *ckvm_cpuid_allocate(void) {
    struct kvm_cpuid2 *cpuid = calloc(1, sizeof(struct kvm_cpuid2)
                                             + CKVM_MAX_CPUID_ENTRIES * sizeof(struct kvm_cpuid_entry2));
    if (cpuid) cpuid->nent = CKVM_MAX_CPUID_ENTRIES;
    return cpuid;
}

struct kvm_cpuid_entry2 *ckvm_cpuid_entry(struct kvm_cpuid2 *cpuid, uint32_t index) {
    return &cpuid->entries[index];
}

extern const uint8_t ckvm_batch_code[], ckvm_batch_code_end[], ckvm_batch_entry[], ckvm_batch_stubs[],
    ckvm_batch_pf_entry[], ckvm_batch_kernel[], ckvm_batch_kernel_end[];

const uint8_t *ckvm_batch_code_bytes(size_t *count) {
    *count = (size_t)(ckvm_batch_code_end - ckvm_batch_code);
    return ckvm_batch_code;
}
size_t ckvm_batch_entry_offset(void) { return (size_t)(ckvm_batch_entry - ckvm_batch_code); }
size_t ckvm_batch_stubs_offset(void) { return (size_t)(ckvm_batch_stubs - ckvm_batch_code); }
size_t ckvm_batch_pf_entry_offset(void) { return (size_t)(ckvm_batch_pf_entry - ckvm_batch_code); }
const uint8_t *ckvm_batch_kernel_bytes(size_t *count) {
    *count = (size_t)(ckvm_batch_kernel_end - ckvm_batch_kernel);
    return ckvm_batch_kernel;
}
int ckvm_set_allocator_thresholds(int mmap_threshold, int trim_threshold) {
    return mallopt(M_MMAP_THRESHOLD, mmap_threshold) && mallopt(M_TRIM_THRESHOLD, trim_threshold);
}

long ckvm_thread_context_switches(void) {
    struct rusage usage;
    if (getrusage(RUSAGE_THREAD, &usage) != 0) return -1;
    return usage.ru_nvcsw + usage.ru_nivcsw;
}

uint64_t ckvm_mmio_address(const struct kvm_run *run) { return run->mmio.phys_addr; }
uint64_t ckvm_mmio_data(const struct kvm_run *run) {
    uint64_t data;
    memcpy(&data, run->mmio.data, sizeof data);
    return data;
}

int ckvm_watchdog_signal(void) { return SIGUSR1; }

static void ckvm_ignore_signal(int signo) { (void)signo; }

int ckvm_set_run_signal_mask(int vcpu_fd) {
    struct {
        struct kvm_signal_mask header;
        uint8_t bits[8];
    } mask;
    sigset_t blocked;
    sigfillset(&blocked);
    sigdelset(&blocked, SIGUSR1);
    mask.header.len = 8;
    memcpy(mask.bits, &blocked, 8);
    return ioctl(vcpu_fd, KVM_SET_SIGNAL_MASK, &mask);
}

void ckvm_consume_watchdog_signal(void) {
    sigset_t watchdog;
    sigemptyset(&watchdog);
    sigaddset(&watchdog, SIGUSR1);
    struct timespec immediately = {0, 0};
    while (sigtimedwait(&watchdog, NULL, &immediately) == SIGUSR1) {
    }
}

int ckvm_install_watchdog_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = ckvm_ignore_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(SIGUSR1, &action, NULL);
}
#endif
