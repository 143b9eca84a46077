internal import COpenSSL
import EvidentDER

/// A revocation's invalidityDate (RFC 5280 §5.3.2: when the key is known or suspected to have
/// been compromised, or the certificate otherwise became invalid), read from a CRL entry's
/// extensions or an OCSP single response's (RFC 6960 §4.4.7 carries the CRL entry extensions).
/// A revocation counts from the earlier of it and the revocation date: a TSA certificate revoked
/// after genTime as superseded, but invalid since before genTime, does not keep that token valid.
///
/// Read strictly, as the browser verifier reads it (red team round 21): the value must be one DER
/// GeneralizedTime and the extensions must not repeat one (RFC 5280 §4.2). OpenSSL's own reader
/// takes `+0200` offsets, missing seconds and trailing bytes, and gives nothing for a repeated
/// extension: an invalidityDate written twice had been no invalidityDate, and the two verifiers
/// had read different times from the same entry. What cannot be read is ``unreadable``: the
/// revocation's start is then unknown, so a revocation dated after the validation time for a
/// benign reason decides nothing (indeterminate), while one dated at or before it still does.
enum InvalidityDate: Equatable {
    case none
    case at(Int64)
    case unreadable(String)

    /// From an extension list of `count` entries, `extensionAt(i)` giving each.
    static func read(count: Int32, _ extensionAt: (Int32) -> OpaquePointer?) -> InvalidityDate {
        var seen: Set<String> = []
        var found: InvalidityDate = .none
        for i in 0..<max(0, count) {
            guard let ext = extensionAt(i), let object = X509_EXTENSION_get_object(ext) else {
                return .unreadable("an extension cannot be read")
            }
            var text = [CChar](repeating: 0, count: 128)
            let length = OBJ_obj2txt(&text, Int32(text.count), object, 1)
            guard length > 0, Int(length) < text.count else {
                return .unreadable("an extension's identifier cannot be read")
            }
            let oid = String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard seen.insert(oid).inserted else { return .unreadable("extension \(oid) appears twice") }
            guard OBJ_obj2nid(object) == NID_invalidity_date else { continue }
            guard let data = X509_EXTENSION_get_data(ext), let bytes = ASN1_STRING_get0_data(data) else {
                return .unreadable("its invalidityDate has no value")
            }
            let value = Array(UnsafeBufferPointer(start: bytes, count: Int(ASN1_STRING_length(data))))
            guard let time = try? DERParser.parse(value).time(kind: .generalizedTime) else {
                return .unreadable("its invalidityDate is not one DER GeneralizedTime")
            }
            found = .at(time.secondsSinceEpoch)
        }
        return found
    }

    /// A CRL entry's.
    static func of(entry: OpaquePointer) -> InvalidityDate {
        read(count: X509_REVOKED_get_ext_count(entry)) { X509_REVOKED_get_ext(entry, $0) }
    }

    /// An OCSP single response's.
    static func of(single: OpaquePointer) -> InvalidityDate {
        read(count: OCSP_SINGLERESP_get_ext_count(single)) { OCSP_SINGLERESP_get_ext(single, $0) }
    }

    /// From when a revocation dated `revoked` counts: the earlier of the two.
    func start(revoked: Int64) -> Int64 {
        if case .at(let t) = self { return min(t, revoked) }
        return revoked
    }

    /// Why the start is unknown, nil when it is known.
    var unreadableReason: String? {
        if case .unreadable(let why) = self { return why }
        return nil
    }
}
