/// RFC 8785 JSON Canonicalization Scheme (JCS).
///
/// ```swift
/// let canonical = try JCS.canonicalize(Array(#"{"b": 1.50, "a": [true, 1e30]}"#.utf8))
/// // {"a":[true,1e+30],"b":1.5}
/// ```
///
/// Parsing is strict I-JSON (RFC 7493) under explicit ``JCSLimits``; see docs/jcs.md for every
/// rule and error code.
public enum JCS {
    /// Parses one JSON text (RFC 8259 §2) into a value, refusing everything RFC 8785 cannot
    /// canonicalise and everything that is not JSON.
    public static func parse(_ bytes: [UInt8], limits: JCSLimits = .default) throws -> JCSValue {
        var parser = JCSParser(bytes, limits: limits)
        return try parser.parseDocument()
    }

    /// The canonical UTF-8 bytes of a value.
    public static func serialize(_ value: JCSValue) throws -> [UInt8] {
        try JCSSerializer.serialize(value)
    }

    /// Parses `bytes` and returns their canonical form.
    public static func canonicalize(_ bytes: [UInt8], limits: JCSLimits = .default) throws -> [UInt8] {
        try serialize(parse(bytes, limits: limits))
    }

    /// ECMAScript's string for a double (RFC 8785 §3.2.2.3); nil for NaN and ±infinity.
    public static func numberString(_ value: Double) -> String? {
        ECMAScriptNumber.format(value)
    }
}
