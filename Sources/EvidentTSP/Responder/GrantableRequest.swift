import EvidentCrypto
import EvidentDER

/// The parts of a grantable TimeStampReq that a token copies, as their DER encodings: the
/// messageImprint, the policy the token is issued under, the nonce, and certReq.
///
/// ``reading(_:_:)`` reads the common shape of a request in one pass over the bytes, without an
/// element tree (issue #19, goal 5). It accepts only input that is exactly the DER of a request
/// the responder grants as it is: version 1; an accepted digest with parameters absent or NULL
/// and an imprint of its length; a policy absent or byte-equal to an accepted one; a
/// non-negative nonce of at most 64 octets; certReq absent or TRUE; no extensions; nothing after.
/// For anything else it answers nil and the responder takes the strict tree parser, which
/// grants the same requests and words every rejection (so verdicts and messages are unchanged).
/// `GrantableRequestTests` holds the two to agreement on the corpus and on seeded mutations.
struct GrantableRequest: Equatable {
    /// The messageImprint element, copied into TSTInfo.
    var imprint: ArraySlice<UInt8>
    /// The policy OID element the token is issued under (the request's, or the default).
    var policy: ArraySlice<UInt8>
    /// The nonce INTEGER element, if any.
    var nonce: ArraySlice<UInt8>?
    var certReq: Bool

    /// What the byte reader may accept, encoded once per responder.
    struct Acceptance: Sendable {
        /// The content octets of each accepted digest's OID, with its output size.
        let digests: [(oid: [UInt8], outputSize: Int)]
        /// The default policy's OID element, then every other accepted one.
        let policies: [[UInt8]]

        init(digests: Set<DigestAlgorithm>, defaultPolicy: OID, acceptedPolicies: [OID]) {
            self.digests = digests.sorted { $0.outputSize < $1.outputSize }.map {
                (AlgorithmIdentifier(digest: $0).algorithm.contentBytes, $0.outputSize)
            }
            policies = ([defaultPolicy] + acceptedPolicies).map { p in DERWriter.encode { $0.writeOID(p) } }
        }
    }

    /// A request the tree parser read and the responder checked (the fallback path).
    init(request: TimeStampRequest, policy: OID) throws {
        imprint = try request.messageImprint.derBytes()[...]
        self.policy = DERWriter.encode { $0.writeOID(policy) }[...]
        nonce = request.nonce.map { n in DERWriter.encode { $0.writeInteger(n) }[...] }
        certReq = request.certReq
    }

    init(imprint: ArraySlice<UInt8>, policy: ArraySlice<UInt8>, nonce: ArraySlice<UInt8>?, certReq: Bool) {
        self.imprint = imprint
        self.policy = policy
        self.nonce = nonce
        self.certReq = certReq
    }

    /// The longest request the byte reader takes (a sha512 imprint, a long policy and a 64-octet
    /// nonce fit); longer ones go to the tree parser, which applies the message limits.
    static let maxReadOnBytes = 512

    /// The request's parts if `bytes` is exactly the DER of a request granted as it is, else nil.
    static func reading(_ bytes: [UInt8], _ acceptance: Acceptance) -> GrantableRequest? {
        guard bytes.count <= maxReadOnBytes else { return nil }
        var at = 0
        /// The content range of the element at `at` with identifier `tag` (minimal definite
        /// length, inside `end`), moving past its header; nil if it is not that.
        func enter(_ tag: UInt8, end: Int) -> Range<Int>? {
            guard at + 2 <= end, bytes[at] == tag else { return nil }
            var length = Int(bytes[at + 1])
            var start = at + 2
            if length >= 0x80 {
                // 0x81 or 0x82: nothing longer fits below maxReadOnBytes.
                guard length == 0x81 || length == 0x82 else { return nil }
                let n = length - 0x80
                guard start + n <= end, bytes[start] != 0 else { return nil }
                length = 0
                for i in 0..<n { length = length << 8 | Int(bytes[start + i]) }
                guard length >= 0x80, n == 1 || length >= 0x100 else { return nil }
                start += n
            }
            guard start + length <= end else { return nil }
            at = start
            return start..<(start + length)
        }
        /// The whole element at `at` with identifier `tag`, moving past it.
        func element(_ tag: UInt8, end: Int) -> ArraySlice<UInt8>? {
            let from = at
            guard let content = enter(tag, end: end) else { return nil }
            at = content.upperBound
            return bytes[from..<content.upperBound]
        }

        guard let request = enter(0x30, end: bytes.count), request.upperBound == bytes.count else { return nil }
        let end = request.upperBound
        // version INTEGER 1
        guard at + 3 <= end, bytes[at] == 0x02, bytes[at + 1] == 0x01, bytes[at + 2] == 0x01 else { return nil }
        at += 3
        // messageImprint SEQUENCE { AlgorithmIdentifier { OID, NULL? }, OCTET STRING }
        let imprintStart = at
        guard let imprint = enter(0x30, end: end), let algorithm = enter(0x30, end: imprint.upperBound),
            let oid = enter(0x06, end: algorithm.upperBound)
        else { return nil }
        guard let digest = acceptance.digests.first(where: { $0.oid.elementsEqual(bytes[oid]) }) else { return nil }
        at = oid.upperBound
        if at < algorithm.upperBound {
            guard at + 2 == algorithm.upperBound, bytes[at] == 0x05, bytes[at + 1] == 0x00 else { return nil }
            at += 2
        }
        guard let hashed = enter(0x04, end: imprint.upperBound), hashed.count == digest.outputSize,
            hashed.upperBound == imprint.upperBound
        else { return nil }
        at = imprint.upperBound
        let imprintElement = bytes[imprintStart..<imprint.upperBound]

        var policy = acceptance.policies[0][...]
        if at < end, bytes[at] == 0x06 {
            guard let p = element(0x06, end: end), acceptance.policies.contains(where: { $0.elementsEqual(p) }) else {
                return nil
            }
            policy = p
        }
        var nonce: ArraySlice<UInt8>?
        if at < end, bytes[at] == 0x02 {
            guard let n = element(0x02, end: end) else { return nil }
            let content = n.dropFirst(2)
            // Non-negative, minimal (X.690 §8.3.2), at most 64 octets.
            guard (1...64).contains(content.count), content.first! & 0x80 == 0,
                content.count == 1 || content.first! != 0 || content.dropFirst().first! & 0x80 != 0
            else { return nil }
            nonce = n
        }
        var certReq = false
        if at < end, bytes[at] == 0x01 {
            // DER writes the DEFAULT FALSE by omitting it; TRUE is 0xFF.
            guard at + 3 <= end, bytes[at + 1] == 0x01, bytes[at + 2] == 0xFF else { return nil }
            certReq = true
            at += 3
        }
        guard at == end else { return nil }  // extensions, or anything else: the tree parser decides
        return GrantableRequest(imprint: imprintElement, policy: policy, nonce: nonce, certReq: certReq)
    }
}
