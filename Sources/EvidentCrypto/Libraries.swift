internal import COpenSSL
internal import CSodium

/// Versions of the C libraries this build is linked against, and one-time initialisation.
public enum CryptoLibraries {
    /// Initialises libsodium once per process; safe to call repeatedly. (libcurl is loaded and
    /// initialised when the first HTTP client is made: CurlLibrary.)
    public static func initialize() {
        _ = initialized
    }

    private static let initialized: Bool = {
        precondition(sodium_init() >= 0, "libsodium failed to initialise")
        return true
    }()

    public static var openssl: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }
    public static var sodium: String { String(cString: sodium_version_string()) }
    /// Loads libcurl if it is not loaded yet (CurlLibrary).
    public static var curl: String { CurlLibrary.version }
}
