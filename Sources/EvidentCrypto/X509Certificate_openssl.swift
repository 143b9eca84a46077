internal import COpenSSL
import EvidentDER

/// An X.509 certificate parsed by OpenSSL. The class owns the `X509*` and frees it in deinit;
/// no OpenSSL type crosses this module's public API.
public final class X509Certificate: @unchecked Sendable {
    let ref: OpaquePointer
    /// The certificate's DER exactly as given.
    public let derBytes: [UInt8]

    public init(derEncoded: some Collection<UInt8>) throws {
        let bytes = Array(derEncoded)
        var ptr: UnsafePointer<UInt8>? = nil
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buf in
            ptr = buf.baseAddress
            return d2i_X509(nil, &ptr, buf.count)
        }
        guard let parsed else {
            throw CryptoError(.invalidCertificate, "d2i_X509", stack: drainOpenSSLErrors())
        }
        self.ref = parsed
        self.derBytes = bytes
    }

    deinit { X509_free(ref) }

    /// Subject in RFC 2253 form (as `openssl x509 -nameopt RFC2253`).
    public var subject: String { X509Certificate.format(X509_get_subject_name(ref)) }
    /// Issuer in RFC 2253 form.
    public var issuer: String { X509Certificate.format(X509_get_issuer_name(ref)) }

    /// SHA-256 of the DER, hex (for display and matching).
    public var sha256Fingerprint: [UInt8] { (try? Digest.hash(.sha256, derBytes)) ?? [] }

    static func encode(_ x: OpaquePointer) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        let n = i2d_X509(x, &out)
        guard n > 0, let out else { return [] }
        defer { CRYPTO_free(out, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: out, count: Int(n)))
    }

    /// Whether two DER-encoded Names are the same name as OpenSSL's `X509_NAME_cmp` judges it:
    /// on their canonical form (each string as UTF-8, ASCII case folded, spaces collapsed, string
    /// type ignored) — no Unicode normalisation, so "Zürich" precomposed and decomposed are two
    /// names (red team round 18). False when either does not decode.
    public static func sameName(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        func decode(_ der: [UInt8]) -> OpaquePointer? {
            der.withUnsafeBufferPointer { buf in
                var p: UnsafePointer<UInt8>? = buf.baseAddress
                return d2i_X509_NAME(nil, &p, buf.count)
            }
        }
        guard let x = decode(a) else { return false }
        defer { X509_NAME_free(x) }
        guard let y = decode(b) else { return false }
        defer { X509_NAME_free(y) }
        defer { ERR_clear_error() }
        return X509_NAME_cmp(x, y) == 0
    }

    static func format(_ name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        // Values as UTF-8 (one-byte string types read as Latin-1), not `\XX` escapes: "Zürich",
        // as the browser verifier writes it; what reaches a terminal or a page is escaped there
        // (DisplayText).
        X509_NAME_print_ex(bio, name, 0, evident_xn_flag_rfc2253_utf8())
        return readBIO(bio)
    }
}

/// Reads everything written to a memory BIO.
func readBIO(_ bio: OpaquePointer) -> String {
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = BIO_read(bio, &buf, Int32(buf.count))
        if n <= 0 { break }
        out += buf.prefix(Int(n))
    }
    return String(decoding: out, as: UTF8.self)
}
