import CKVM
import Foundation
import Synchronization

/// Ends cases that do not come back from KVM_RUN in time.
///
/// Each sandbox owns a slot. Around KVM_RUN the worker bumps the slot's generation to an odd
/// value and back to even, which costs no system call. One shared thread wakes every quarter of
/// the bound; a slot seen running the same generation for a whole bound gets `immediate_exit`
/// set and the watchdog signal, which makes KVM_RUN return EINTR.
final class Watchdog: @unchecked Sendable {
    /// One worker's state as the watchdog sees it.
    final class Slot: @unchecked Sendable {
        let generation = Atomic<UInt64>(0)
        let firedGeneration = Atomic<UInt64>(0)
        /// The thread currently running a case (a sandbox may move between threads between cases).
        fileprivate let thread = Atomic<UInt>(0)
        fileprivate let run: UnsafeMutablePointer<kvm_run>
        fileprivate var lastSeen: UInt64 = 0
        fileprivate var ticksSeen = 0

        fileprivate init(run: UnsafeMutablePointer<kvm_run>) { self.run = run }

        /// Marks the start of a KVM_RUN; returns the generation to check against afterwards.
        func begin() -> UInt64 {
            thread.store(pthread_self(), ordering: .relaxed)
            let running = generation.load(ordering: .relaxed) + 1
            generation.store(running, ordering: .releasing)
            return running
        }

        /// Marks the end of a KVM_RUN.
        func end(_ running: UInt64) { generation.store(running + 1, ordering: .releasing) }

        /// True when the watchdog cut off the run with this generation.
        func fired(for running: UInt64) -> Bool { firedGeneration.load(ordering: .acquiring) == running }
    }

    static let ticksPerBound = 4

    private let slots = Mutex<[ObjectIdentifier: Slot]>([:])
    private let tick: Duration

    /// Starts the watchdog thread for a bound of `limit`.
    init(limit: Duration) {
        tick = limit / Watchdog.ticksPerBound
        let thread = Thread { [unowned self] in self.watch() }
        thread.name = "x86fuzz-watchdog"
        thread.start()
    }

    /// The process-wide watchdog with the given bound (one per distinct bound).
    static func shared(limit: Duration) -> Watchdog {
        sharedWatchdogs.withLock { table in
            if let existing = table[limit] { return existing }
            let watchdog = Watchdog(limit: limit)
            table[limit] = watchdog
            return watchdog
        }
    }

    private static let sharedWatchdogs = Mutex<[Duration: Watchdog]>([:])

    /// Registers a vCPU.
    func register(run: UnsafeMutablePointer<kvm_run>) -> Slot {
        let slot = Slot(run: run)
        slots.withLock { $0[ObjectIdentifier(slot)] = slot }
        return slot
    }

    func unregister(_ slot: Slot) {
        _ = slots.withLock { $0.removeValue(forKey: ObjectIdentifier(slot)) }
    }

    private func watch() {
        while true {
            Thread.sleep(forTimeInterval: Double(tick.components.seconds) + Double(tick.components.attoseconds) / 1e18)
            slots.withLock { table in
                for slot in table.values { inspect(slot) }
            }
        }
    }

    private func inspect(_ slot: Slot) {
        let current = slot.generation.load(ordering: .acquiring)
        guard current & 1 == 1 else {
            slot.ticksSeen = 0
            return
        }
        if current != slot.lastSeen {
            slot.lastSeen = current
            slot.ticksSeen = 1
            return
        }
        slot.ticksSeen += 1
        guard slot.ticksSeen > Watchdog.ticksPerBound else { return }
        slot.firedGeneration.store(current, ordering: .releasing)
        slot.run.pointee.immediate_exit = 1
        pthread_kill(slot.thread.load(ordering: .relaxed), ckvm_watchdog_signal())
        slot.ticksSeen = 0
    }
}
