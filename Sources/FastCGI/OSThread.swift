import Foundation

/// A plain POSIX thread: FastCGI workers block in `accept` and in libpq, so they
/// run outside Swift's cooperative pool.
package struct OSThread: Sendable {
    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    let id: pthread_t

    /// Starts `body` on a new thread with an 8 MiB stack (deeply nested input recurses; untouched pages cost nothing).
    package init(stackSize: Int = 8 << 20, _ body: @escaping @Sendable () -> Void) throws {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        let box = Unmanaged.passRetained(Body(body))
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, box.toOpaque())
        guard result == 0 else {
            box.release()
            throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EAGAIN)
        }
        id = thread
    }

    /// Waits for the thread to end.
    package func join() {
        pthread_join(id, nil)
    }
}
