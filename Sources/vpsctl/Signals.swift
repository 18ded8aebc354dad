import Foundation

/// Signal plumbing: block signals in every thread and wait for them in one.
enum Signals {
    /// Blocks `signals` in the calling thread (and the threads it starts later).
    static func block(_ signals: [Int32]) {
        var set = makeSet(signals)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits up to `timeout` seconds for one of `signals`; nil on timeout.
    static func wait(for signals: [Int32], timeout: Int) -> Int32? {
        var set = makeSet(signals)
        var limit = timespec(tv_sec: timeout, tv_nsec: 0)
        let received = sigtimedwait(&set, nil, &limit)
        return received > 0 ? received : nil
    }

    /// Installs a handler that does nothing but interrupt a blocking call (no SA_RESTART).
    static func installInterruptOnly(_ signal: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        action.sa_flags = 0
        sigemptyset(&action.sa_mask)
        sigaction(signal, &action, nil)
    }

    static func makeSet(_ signals: [Int32]) -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        return set
    }
}
