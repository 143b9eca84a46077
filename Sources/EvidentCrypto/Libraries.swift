internal import CCurl
internal import COpenSSL
internal import CSodium

/// Versions of the C libraries this build is linked against, and one-time initialisation.
public enum CryptoLibraries {
    /// Initialises libsodium and libcurl once per process; safe to call repeatedly.
    public static func initialize() {
        _ = initialized
    }

    private static let initialized: Bool = {
        precondition(sodium_init() >= 0, "libsodium failed to initialise")
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    public static var openssl: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }
    public static var sodium: String { String(cString: sodium_version_string()) }
    public static var curl: String { String(cString: curl_version()) }
}
