internal import CCurl

/// libcurl, loaded the first time it is needed (an HTTP request, or `evident --version` naming
/// it) rather than linked: a linked libcurl made every command map and relocate some thirty
/// libraries (GnuTLS, Kerberos, LDAP, libssh2, …) before `main` (BENCHMARKS.md, "Start time").
/// The Debian package still depends on libcurl4 (scripts/package adds it, since no ELF NEEDED
/// entry names it any more; docs/install.md).
enum CurlLibrary {
    /// The file loaded: the soname of libcurl 7.x and 8.x.
    #if canImport(Darwin)
    static let name = "libcurl.4.dylib"
    #else
    static let name = "libcurl.so.4"
    #endif

    /// The loaded library's entry points, or why it could not be loaded. Loaded and initialised
    /// (`curl_global_init`, which is not thread-safe) once per process, under the lazy global's lock.
    nonisolated(unsafe) private static let loaded: Result<evident_curl, HTTPClient.TransportError> = {
        var api = evident_curl()
        if let failure = evident_curl_load(name, &api) {
            return .failure(
                HTTPClient.TransportError(
                    kind: .other, message: "libcurl (\(name)) cannot be loaded: \(String(cString: failure))"))
        }
        guard api.global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK else {
            return .failure(HTTPClient.TransportError(kind: .other, message: "curl_global_init failed"))
        }
        return .success(api)
    }()

    /// The entry points, loading the library on first use.
    static func api() throws(HTTPClient.TransportError) -> evident_curl { try loaded.get() }

    /// `curl_version()`'s text, or why libcurl is not available.
    static var version: String {
        switch loaded {
        case .success(let api): return api.version().map { String(cString: $0) } ?? "libcurl (no version text)"
        case .failure(let e): return "unavailable: \(e.message)"
        }
    }
}
