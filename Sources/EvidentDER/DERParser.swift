/// A strict DER parser (X.690 §10) with an explicitly requested lenient BER mode.
///
/// The parser builds the whole element tree up front, so every structural error is found
/// before any value is interpreted, with the offset of the element at fault. Universal
/// primitive values that have one meaning whatever the schema (BOOLEAN, INTEGER, ENUMERATED,
/// BIT STRING, NULL, OBJECT IDENTIFIER, UTCTime, GeneralizedTime) are validated here too;
/// string character sets are checked when a string is read.
public enum DERParser {
    /// Parses exactly one element that spans the whole input.
    public static func parse(
        _ bytes: [UInt8], rules: DEREncodingRules = .der, limits: DERLimits = .default
    ) throws -> DERElement {
        try parseWithWarnings(bytes[...], rules: rules, limits: limits).element
    }

    /// Parses exactly one element that spans the whole input, and returns the BER deviations
    /// accepted on the way (always empty under ``DEREncodingRules/der``).
    public static func parseWithWarnings(
        _ bytes: ArraySlice<UInt8>, rules: DEREncodingRules = .der, limits: DERLimits = .default
    ) throws -> (element: DERElement, warnings: [DERWarning]) {
        guard bytes.count <= limits.maxInputSize else {
            throw DERError(
                .inputTooLarge, at: 0,
                "input is \(bytes.count) bytes, the limit is \(limits.maxInputSize)")
        }
        var state = State(input: bytes, rules: rules, limits: limits)
        var index = bytes.startIndex
        guard index < bytes.endIndex else { throw DERError(.truncated, at: 0, "empty input") }
        let element = try state.parseElement(at: &index, end: bytes.endIndex, depth: 1)
        if index != bytes.endIndex {
            throw DERError(
                .trailingData, at: index - bytes.startIndex,
                "\(bytes.endIndex - index) bytes after the end of the top-level element")
        }
        return (element, state.warnings)
    }

    struct State {
        let input: ArraySlice<UInt8>
        let rules: DEREncodingRules
        let limits: DERLimits
        var warnings: [DERWarning] = []

        func off(_ index: Int) -> Int { index - input.startIndex }

        mutating func deviation(_ code: DERError.Code, at index: Int, _ detail: String) throws {
            guard rules.level == .lenientBER else { throw DERError(code, at: off(index), detail) }
            let w = DERWarning(code: code, offset: off(index), detail: detail)
            warnings.append(w)
            rules.log?.append(w)
        }

        mutating func parseElement(at index: inout Int, end: Int, depth: Int) throws -> DERElement {
            let start = index
            guard depth <= limits.maxDepth else {
                throw DERError(.depthExceeded, at: off(start), "nesting deeper than \(limits.maxDepth) levels")
            }
            // Identifier octets (§8.1.2).
            let first = input[index]
            index += 1
            let tagClass = DERTagClass(rawValue: first >> 6)!
            let constructed = first & 0x20 != 0
            var number = UInt32(first & 0x1F)
            if number == 0x1F {
                number = 0
                var count = 0
                while true {
                    guard index < end else {
                        throw DERError(.truncated, at: off(start), "tag number runs past the end")
                    }
                    let b = input[index]
                    index += 1
                    if count == 0 && b == 0x80 {
                        throw DERError(.nonMinimalTag, at: off(start), "high tag number with a leading zero group")
                    }
                    count += 1
                    // Five base-128 groups carry 35 bits; the shift guard keeps the number in
                    // the 32 bits DERTag holds, so every tag DERWriter can write reads back.
                    guard count <= 5, number <= (UInt32.max >> 7) else {
                        throw DERError(.tagTooLarge, at: off(start), "tag number does not fit in 32 bits")
                    }
                    number = number << 7 | UInt32(b & 0x7F)
                    if b & 0x80 == 0 { break }
                }
                if number < 31 {
                    throw DERError(.nonMinimalTag, at: off(start), "tag number \(number) must use the short form")
                }
            }
            let tag = DERTag(tagClass, number)
            if tagClass == .universal && number == 0 {
                throw DERError(
                    .unexpectedEndOfContents, at: off(start), "end-of-contents outside an indefinite-length element")
            }

            // Length octets (§8.1.3, §10.1).
            guard index < end else { throw DERError(.truncated, at: off(start), "missing length octets") }
            let l0 = input[index]
            index += 1
            var indefinite = false
            var length: UInt64 = 0
            if l0 < 0x80 {
                length = UInt64(l0)
            } else if l0 == 0x80 {
                guard constructed else {
                    throw DERError(.indefiniteLength, at: off(start), "indefinite length on a primitive \(tag)")
                }
                try deviation(.indefiniteLength, at: start, "indefinite length on \(tag) (BER, not DER)")
                indefinite = true
            } else if l0 == 0xFF {
                throw DERError(.reservedLength, at: off(start), "length octet 0xFF is reserved")
            } else {
                let n = Int(l0 & 0x7F)
                guard n <= 8 else { throw DERError(.lengthTooLarge, at: off(start), "\(n) length octets") }
                guard end - index >= n else {
                    throw DERError(.truncated, at: off(start), "length octets run past the end")
                }
                var value: UInt64 = 0
                for k in 0..<n { value = value << 8 | UInt64(input[index + k]) }
                if input[index] == 0 {
                    try deviation(.nonMinimalLength, at: start, "long-form length with a leading zero octet")
                } else if value < 0x80 {
                    try deviation(.nonMinimalLength, at: start, "length \(value) must use the short form")
                }
                index += n
                length = value
            }
            // Short and long forms alike must fit what is left of the enclosing element.
            guard indefinite || length <= UInt64(end - index) else {
                throw DERError(
                    .lengthExceedsInput, at: off(start),
                    "\(tag) claims \(length) content bytes, \(end - index) remain")
            }

            // Primitive/constructed consistency for universal types (§8.1.2.5, §10.2).
            if tag.mustBeConstructed && !constructed {
                throw DERError(.primitiveConstructed, at: off(start), "\(tag) must be constructed")
            }
            if constructed && tag.mustBePrimitiveInDER {
                switch number {
                case 3, 4, 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 29, 30:
                    try deviation(.constructedPrimitive, at: start, "constructed \(tag) (BER, not DER)")
                default:
                    throw DERError(.constructedPrimitive, at: off(start), "\(tag) must be primitive")
                }
            }

            let contentStart = index
            var children: [DERElement] = []
            let contentEnd: Int
            if indefinite {
                while true {
                    guard index + 2 <= end else {
                        throw DERError(
                            .missingEndOfContents, at: off(start), "indefinite-length \(tag) has no end-of-contents")
                    }
                    if input[index] == 0 && input[index + 1] == 0 { break }
                    children.append(try parseElement(at: &index, end: end, depth: depth + 1))
                }
                contentEnd = index
                index += 2
            } else {
                contentEnd = contentStart + Int(length)
                if constructed {
                    while index < contentEnd {
                        children.append(try parseElement(at: &index, end: contentEnd, depth: depth + 1))
                    }
                }
                index = contentEnd
            }
            let element = DERElement(
                tag: tag, isConstructed: constructed, offset: off(start),
                encoded: input[start..<index], content: input[contentStart..<contentEnd],
                children: children, rules: rules)
            if !constructed && tagClass == .universal {
                try validateUniversalPrimitive(element)
            }
            return element
        }

        mutating func validateUniversalPrimitive(_ e: DERElement) throws {
            switch e.tag.number {
            case 1:
                if e.content.count == 1 && e.content.first != 0 && e.content.first != 0xFF {
                    try deviation(.invalidBoolean, at: e.offset + input.startIndex, "BOOLEAN true must be FF in DER")
                } else {
                    _ = try e.boolean()
                }
            case 2: _ = try e.integer()
            case 10: _ = try e.integer(tag: .enumerated)
            case 3: _ = try e.bitString()
            case 5: try e.null()
            case 6: _ = try e.objectIdentifier()
            case 23: _ = try e.time()
            case 24:
                if rules.level == .lenientBER, DERTime.fractionHasTrailingZeros(e.content) {
                    let w = DERWarning(
                        code: .invalidTime, offset: e.offset,
                        detail: "GeneralizedTime fraction has trailing zeros (BER, not DER)")
                    warnings.append(w)
                    rules.log?.append(w)
                }
                _ = try e.time()
            default: break
            }
        }
    }
}
