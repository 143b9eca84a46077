#if canImport(Glibc)
import Glibc
#endif

/// The wall clock (CLOCK_REALTIME), read in one place for every command and server.
public enum WallClock {
    /// Milliseconds since the epoch.
    public static func millis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec / 1_000_000)
    }

    /// Whole seconds since the epoch.
    public static func seconds() -> Int64 { millis() / 1000 }
}
