// KVM's ioctl request numbers are function-like macros that Swift cannot import, and
// `struct kvm_run` keeps its exit data in an anonymous union. This shim re-exports both as
// prefixed constants and accessors, plus the signal plumbing the watchdog needs.
#ifndef CKVM_H
#define CKVM_H

#ifdef __linux__
#include <linux/kvm.h>
#include <stddef.h>
#include <stdint.h>
#include "BatchLayout.h"

extern const unsigned long CKVM_GET_API_VERSION;
extern const unsigned long CKVM_CREATE_VM;
extern const unsigned long CKVM_CHECK_EXTENSION;
extern const unsigned long CKVM_GET_VCPU_MMAP_SIZE;
extern const unsigned long CKVM_GET_SUPPORTED_CPUID;
extern const unsigned long CKVM_SET_USER_MEMORY_REGION;
extern const unsigned long CKVM_CREATE_VCPU;
extern const unsigned long CKVM_RUN;
extern const unsigned long CKVM_GET_REGS;
extern const unsigned long CKVM_SET_REGS;
extern const unsigned long CKVM_GET_SREGS;
extern const unsigned long CKVM_SET_SREGS;
extern const unsigned long CKVM_SET_CPUID2;
extern const unsigned long CKVM_GET_XSAVE;
extern const unsigned long CKVM_SET_XSAVE;
extern const unsigned long CKVM_SET_XCRS;

extern const int CKVM_API_VERSION;
extern const int CKVM_CAP_SYNC_REGS;
extern const int CKVM_CAP_IMMEDIATE_EXIT;
extern const int CKVM_CAP_XSAVE;
extern const int CKVM_CAP_XCRS;

extern const uint64_t CKVM_SYNC_X86_REGS;
extern const uint64_t CKVM_SYNC_X86_SREGS;
extern const uint64_t CKVM_SYNC_X86_EVENTS;

extern const uint32_t CKVM_EXIT_HLT;
extern const uint32_t CKVM_EXIT_SHUTDOWN;
extern const uint32_t CKVM_EXIT_INTERNAL_ERROR;
extern const uint32_t CKVM_EXIT_FAIL_ENTRY;
extern const uint32_t CKVM_EXIT_IO;
extern const uint32_t CKVM_EXIT_MMIO;
extern const uint32_t CKVM_EXIT_INTR;

/// Room for every CPUID entry KVM may report.
enum { CKVM_MAX_CPUID_ENTRIES = 256 };

/// Allocates a zeroed `kvm_cpuid2` with room for CKVM_MAX_CPUID_ENTRIES entries (`nent` set to
/// that capacity). Free it with `free`.
struct kvm_cpuid2 *ckvm_cpuid_allocate(void);
/// Entry `index` of a `kvm_cpuid2`.
struct kvm_cpuid_entry2 *ckvm_cpuid_entry(struct kvm_cpuid2 *cpuid, uint32_t index);

/// The registers KVM_CAP_SYNC_REGS shares through `kvm_run`.
struct kvm_regs *ckvm_sync_regs(struct kvm_run *run);
/// The special registers KVM_CAP_SYNC_REGS shares through `kvm_run`.
struct kvm_sregs *ckvm_sync_sregs(struct kvm_run *run);
/// The pending-event state KVM_CAP_SYNC_REGS shares through `kvm_run`.
struct kvm_vcpu_events *ckvm_sync_events(struct kvm_run *run);
/// The suberror of a KVM_EXIT_INTERNAL_ERROR exit.
uint32_t ckvm_internal_suberror(const struct kvm_run *run);
/// The hardware exit reason of a KVM_EXIT_FAIL_ENTRY exit.
uint64_t ckvm_fail_entry_reason(const struct kvm_run *run);

/// The signal the watchdog sends to a worker stuck in KVM_RUN.
int ckvm_watchdog_signal(void);
/// Makes every signal but the watchdog's blocked while the vCPU runs (KVM_SET_SIGNAL_MASK), so
/// that only the watchdog can interrupt KVM_RUN, whatever mask the calling thread has (dispatch
/// worker threads block most signals). Returns 0 or -1 with errno.
int ckvm_set_run_signal_mask(int vcpu_fd);
/// Takes a watchdog signal that is still pending because the calling thread blocks it outside
/// KVM_RUN, so that it does not cut off the next run at once.
void ckvm_consume_watchdog_signal(void);
/// Installs a no-op handler (without SA_RESTART) for the watchdog signal, so that the signal
/// interrupts KVM_RUN with EINTR instead of killing the process. Returns 0 or -1 with errno.
int ckvm_install_watchdog_handler(void);

/// The batch harness's code (BatchHarness.S), to be copied to the harness region's code pages.
const uint8_t *ckvm_batch_code_bytes(size_t *count);
/// Offsets in that code: where the host starts each batch, the 16-byte exception stub of vector
/// 0 (vector v's is 16 * v further), and where the CPL0 #PF handler's IRETQ goes.
size_t ckvm_batch_entry_offset(void);
size_t ckvm_batch_stubs_offset(void);
size_t ckvm_batch_pf_entry_offset(void);
/// The CPL0 #PF handler, to be copied to BATCH_KERNEL_CODE.
const uint8_t *ckvm_batch_kernel_bytes(size_t *count);
/// Sets glibc's mmap and trim thresholds (mallopt), which <malloc.h> declares and Swift's Glibc
/// module leaves out. Returns 0 where glibc refuses either.
int ckvm_set_allocator_thresholds(int mmap_threshold, int trim_threshold);
/// The calling thread's context switches so far, voluntary and involuntary (getrusage with
/// RUSAGE_THREAD, which Swift's Glibc module leaves out); -1 where the kernel refuses.
long ckvm_thread_context_switches(void);
/// The address a KVM_EXIT_MMIO exit wrote, and its first 8 data bytes.
uint64_t ckvm_mmio_address(const struct kvm_run *run);
uint64_t ckvm_mmio_data(const struct kvm_run *run);

#endif
#endif
