/// The class of an ASN.1 tag (X.690 §8.1.2.2).
public enum DERTagClass: UInt8, Sendable, Hashable {
    case universal = 0
    case application = 1
    case contextSpecific = 2
    case `private` = 3
}

/// An ASN.1 tag: class and number. Whether an encoding is constructed is a property of the
/// element, not of the tag.
public struct DERTag: Hashable, Sendable, CustomStringConvertible {
    public var tagClass: DERTagClass
    public var number: UInt32

    public init(_ tagClass: DERTagClass, _ number: UInt32) {
        self.tagClass = tagClass
        self.number = number
    }

    public static func context(_ number: UInt32) -> DERTag { DERTag(.contextSpecific, number) }

    public static let boolean = DERTag(.universal, 1)
    public static let integer = DERTag(.universal, 2)
    public static let bitString = DERTag(.universal, 3)
    public static let octetString = DERTag(.universal, 4)
    public static let null = DERTag(.universal, 5)
    public static let objectIdentifier = DERTag(.universal, 6)
    public static let enumerated = DERTag(.universal, 10)
    public static let utf8String = DERTag(.universal, 12)
    public static let sequence = DERTag(.universal, 16)
    public static let set = DERTag(.universal, 17)
    public static let numericString = DERTag(.universal, 18)
    public static let printableString = DERTag(.universal, 19)
    public static let teletexString = DERTag(.universal, 20)
    public static let ia5String = DERTag(.universal, 22)
    public static let utcTime = DERTag(.universal, 23)
    public static let generalizedTime = DERTag(.universal, 24)
    public static let visibleString = DERTag(.universal, 26)
    public static let universalString = DERTag(.universal, 28)
    public static let bmpString = DERTag(.universal, 30)

    /// Universal types whose DER encoding is always primitive (X.690 §10.2 forbids constructed
    /// string encodings in DER).
    var mustBePrimitiveInDER: Bool {
        guard tagClass == .universal else { return false }
        switch number {
        case 1, 2, 3, 4, 5, 6, 9, 10, 12, 13, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30: return true
        default: return false
        }
    }

    /// Universal types whose encoding is always constructed.
    var mustBeConstructed: Bool {
        tagClass == .universal && (number == 16 || number == 17 || number == 8 || number == 11)
    }

    public var description: String {
        switch tagClass {
        case .universal:
            switch number {
            case 1: return "BOOLEAN"
            case 2: return "INTEGER"
            case 3: return "BIT STRING"
            case 4: return "OCTET STRING"
            case 5: return "NULL"
            case 6: return "OBJECT IDENTIFIER"
            case 10: return "ENUMERATED"
            case 12: return "UTF8String"
            case 16: return "SEQUENCE"
            case 17: return "SET"
            case 18: return "NumericString"
            case 19: return "PrintableString"
            case 20: return "TeletexString"
            case 22: return "IA5String"
            case 23: return "UTCTime"
            case 24: return "GeneralizedTime"
            case 26: return "VisibleString"
            case 28: return "UniversalString"
            case 30: return "BMPString"
            default: return "UNIVERSAL \(number)"
            }
        case .application: return "[APPLICATION \(number)]"
        case .contextSpecific: return "[\(number)]"
        case .private: return "[PRIVATE \(number)]"
        }
    }
}
