internal import COpenSSL

/// One-shot and streaming message digests over OpenSSL's EVP interface.
public struct Digest: ~Copyable {
    public let algorithm: DigestAlgorithm
    private let ctx: OpaquePointer

    public init(_ algorithm: DigestAlgorithm) throws {
        guard let md = Digest.evp(algorithm), let ctx = EVP_MD_CTX_new() else {
            throw CryptoError(.unsupportedAlgorithm, "digest \(algorithm)")
        }
        guard EVP_DigestInit_ex(ctx, md, nil) == 1 else {
            EVP_MD_CTX_free(ctx)
            throw CryptoError.openssl("EVP_DigestInit_ex(\(algorithm))")
        }
        self.algorithm = algorithm
        self.ctx = ctx
    }

    deinit { EVP_MD_CTX_free(ctx) }

    public mutating func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { buf in
            _ = EVP_DigestUpdate(ctx, buf.baseAddress, buf.count)
        }
    }

    public consuming func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var len: UInt32 = 0
        EVP_DigestFinal_ex(ctx, &out, &len)
        return Array(out.prefix(Int(len)))
    }

    /// The digest of what was fed so far, leaving this one open for more (prefix hashes in one
    /// pass: the key-journal commitments of many checkpoints).
    public borrowing func peek() -> [UInt8] {
        guard let copy = EVP_MD_CTX_new() else { return [] }
        defer { EVP_MD_CTX_free(copy) }
        guard EVP_MD_CTX_copy_ex(copy, ctx) == 1 else { return [] }
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var len: UInt32 = 0
        EVP_DigestFinal_ex(copy, &out, &len)
        return Array(out.prefix(Int(len)))
    }

    /// The digest of `bytes`.
    public static func hash(_ algorithm: DigestAlgorithm, _ bytes: some ContiguousBytes) throws -> [UInt8] {
        var d = try Digest(algorithm)
        d.update(bytes)
        return d.finalize()
    }

    /// The algorithm's EVP_MD, fetched from the default provider once per process. OpenSSL 3's
    /// legacy `EVP_sha256()` objects make every init fetch the implementation again (a lock and a
    /// name lookup); an explicitly fetched EVP_MD skips that on the hot paths (signing, hashing).
    static func evp(_ a: DigestAlgorithm) -> OpaquePointer? { fetched[a] ?? nil }

    // EVP_MD objects are immutable once fetched and safe to share between threads.
    nonisolated(unsafe) private static let fetched: [DigestAlgorithm: OpaquePointer?] = {
        var out: [DigestAlgorithm: OpaquePointer?] = [:]
        for a in DigestAlgorithm.allCases { out[a] = EVP_MD_fetch(nil, a.opensslName, nil) }
        return out
    }()
}

/// Byte containers the crypto layer reads without copying.
public protocol ContiguousBytes {
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ContiguousBytes where Element == UInt8 {}
extension ArraySlice: ContiguousBytes where Element == UInt8 {}

extension UnsafeRawBufferPointer: ContiguousBytes {
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try body(self) }
}

extension Digest {
    /// SHA-256(prefix ‖ first ‖ second) into the 32 bytes at `output`, allocating nothing: OpenSSL's
    /// low-level SHA-256 on a stack context (the same SHA-NI/AVX code as EVP, without EVP's
    /// per-call context allocation and provider dispatch — about 3× the EVP one-shot rate on
    /// 65-byte inputs). For RFC 9162 Merkle leaves (0x00 ‖ data) and nodes (0x01 ‖ left ‖ right).
    public static func sha256(
        prefix: UInt8, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(output.count >= 32, "a SHA-256 digest is 32 bytes")
        evident_sha256_parts(
            prefix, first.baseAddress, first.count, second.baseAddress, second.count,
            output.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }

    /// SHA-256(input) into the 32 bytes at `output`, allocating nothing (as above): the raw rate
    /// the Merkle benchmark measures the tree against.
    public static func sha256(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count >= 32, "a SHA-256 digest is 32 bytes")
        evident_sha256(input.baseAddress, input.count, output.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }
}
