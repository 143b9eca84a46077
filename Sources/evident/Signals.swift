import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// SIGINT/SIGTERM → a handler on a dispatch queue (never inside the signal context).
enum Signals {
    nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []

    static func onTerminate(_ handler: @escaping @Sendable () -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            sources.append(source)
        }
    }
}
