internal import COpenSSL
import EvidentCore

/// An error from OpenSSL: what we were doing, plus OpenSSL's drained error queue.
/// (Modelled on swift-nio-ssl's `BoringSSLError.buildErrorStack`: drain, never print and go on.)
public struct CryptoError: CodedError, Hashable {
    public typealias Code = ErrorCode<CryptoError>

    public let code: Code
    public let operation: String
    /// OpenSSL's error strings, oldest first.
    public let stack: [String]

    public init(_ code: Code, _ operation: String, stack: [String] = []) {
        self.code = code
        self.operation = operation
        self.stack = stack
    }

    /// Drains OpenSSL's thread-local error queue into an error for `operation`.
    static func openssl(_ operation: String) -> CryptoError {
        CryptoError(.openssl, operation, stack: drainOpenSSLErrors())
    }

    public var detail: String {
        stack.isEmpty ? operation : "\(operation): \(stack.joined(separator: "; "))"
    }
}

/// Empties OpenSSL's error queue, returning its entries as text.
func drainOpenSSLErrors() -> [String] {
    var out: [String] = []
    while true {
        let e = ERR_get_error()
        if e == 0 { break }
        var buf = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(e, &buf, buf.count)
        out.append(String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return out
}

extension ErrorCode where Owner == CryptoError {
    public static let openssl = Self("openssl")
    public static let unsupportedAlgorithm = Self("unsupported-algorithm")
    public static let invalidCertificate = Self("invalid-certificate")
    public static let invalidKey = Self("invalid-key")
    public static let sodium = Self("sodium")
}
