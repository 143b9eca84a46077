internal import COpenSSL

/// OpenSSL's own ASN.1 decoders, used as an oracle in differential tests and by
/// `evident ts verify` cross-checks. Never used to decide what Evident accepts.
public enum OpenSSLParser {
    public enum Structure: String, Sendable, CaseIterable {
        case timeStampRequest, timeStampResponse, timeStampToken, certificate
    }

    /// What OpenSSL made of some bytes.
    public struct Result: Hashable, Sendable {
        /// `d2i_*` succeeded and consumed every byte.
        public var decoded: Bool
        /// `i2d_*` of the decoded value gives back exactly the input: OpenSSL considers it DER.
        public var reencodesIdentically: Bool
    }

    public static func parse(_ bytes: [UInt8], as structure: Structure) -> Result {
        defer { ERR_clear_error() }
        return bytes.withUnsafeBufferPointer { buf -> Result in
            var p: UnsafePointer<UInt8>? = buf.baseAddress
            let len = buf.count
            func finish(
                _ obj: OpaquePointer?, _ encode: (OpaquePointer) -> [UInt8], _ free: (OpaquePointer) -> Void
            ) -> Result {
                guard let obj else { return Result(decoded: false, reencodesIdentically: false) }
                defer { free(obj) }
                let consumed = buf.baseAddress.map { p! - $0 } ?? 0
                guard consumed == len else { return Result(decoded: false, reencodesIdentically: false) }
                return Result(decoded: true, reencodesIdentically: encode(obj) == bytes)
            }
            switch structure {
            case .timeStampRequest:
                return finish(d2i_TS_REQ(nil, &p, len), { o in i2d(o, i2d_TS_REQ) }, { TS_REQ_free($0) })
            case .timeStampResponse:
                return finish(d2i_TS_RESP(nil, &p, len), { o in i2d(o, i2d_TS_RESP) }, { TS_RESP_free($0) })
            case .timeStampToken:
                // PKCS7 is a transparent struct in the headers, so it is not an OpaquePointer.
                guard let obj = d2i_PKCS7(nil, &p, len) else {
                    return Result(decoded: false, reencodesIdentically: false)
                }
                defer { PKCS7_free(obj) }
                guard let base = buf.baseAddress, p! - base == len else {
                    return Result(decoded: false, reencodesIdentically: false)
                }
                var out: UnsafeMutablePointer<UInt8>? = nil
                let n = i2d_PKCS7(obj, &out)
                guard n > 0, let out else { return Result(decoded: true, reencodesIdentically: false) }
                defer { CRYPTO_free(out, #fileID, #line) }
                return Result(
                    decoded: true, reencodesIdentically: Array(UnsafeBufferPointer(start: out, count: Int(n))) == bytes)
            case .certificate:
                return finish(d2i_X509(nil, &p, len), { o in i2d(o, i2d_X509) }, { X509_free($0) })
            }
        }
    }

    private static func i2d(
        _ obj: OpaquePointer, _ fn: (OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32
    ) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        let n = fn(obj, &out)
        guard n > 0, let out else { return [] }
        defer { CRYPTO_free(out, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: out, count: Int(n)))
    }
}
