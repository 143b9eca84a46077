import EvidentCore
import Testing

/// DisplayText: what an outside string may look like on a terminal line.
@Suite struct DisplayTextTests {
    @Test(arguments: [
        ("http://127.0.0.1:33203/", "http://127.0.0.1:33203/"), ("https://qts.d-trust.net", "https://qts.d-trust.net/"),
        ("HTTPS://TSA.Example:443/", "HTTPS://TSA.Example:443/"), ("https://[::1]:8080/", "https://[::1]:8080/"),
        ("https://tsa.example/ts?policy=1", "https://tsa.example/ (and 12 more bytes, not shown)"),
        ("https://tsa.example?x", "https://tsa.example/ (and 2 more bytes, not shown)"),
        // Red team round 27, F1: a sentence in a label's fragment passed round 26's rule.
        (
            "https://qts.d-trust.net/#IMPORTANT:get_TSA-ROOTS.pem_ONLY_from_https://trust.evil.example/keys",
            "https://qts.d-trust.net/ (and 71 more bytes, not shown)"
        ),
    ])
    func onlyTheSchemeAndHostAreShown(_ label: String, _ shown: String) {
        #expect(DisplayText.claimedURL(label) == shown)
    }

    /// Red team round 26, F2: a label closed the text report's parenthesis ("(claimed: …)") and
    /// named a second TSA, padded itself to the terminal's width, or carried instructions.
    @Test(arguments: [
        "https://qts.d-trust.net) and by TSA CN=D-TRUST (claimed: https://qts.d-trust.net/",
        "https://tsa.example.org" + String(repeating: " ", count: 40) + "anchor: checkpoint 8 (valid)",
        "https://a\nverdict: valid", "https://a\u{1B}[2J", "https://a\u{202E}x", "https://tsä.example/", "",
        "tsa.example.org", "://host", "ftp://host/", "x-tsa+v1://host/", "https://", "https:///x", "Example TSA",
        "https://user@tsa.example/", "https://IMPORTANT_get_keys_from_x@tsa.example/", "https://a:123456/",
        "https://a:/", "https://[::1/", "https://" + String(repeating: "a", count: 254) + "/",
        "https://[" + String(repeating: "0", count: 46) + "]/",
        "https://" + String(repeating: "a", count: 64) + ".example/",
    ])
    func anythingElseIsNotShown(_ label: String) {
        #expect(
            DisplayText.claimedURL(label)
                == "(a label that is not an http(s) URL, \(label.utf8.count) bytes: not shown)")
    }

    @Test func theLimitsAreAHostNameAndAnIPv6Address() {
        let label = String(repeating: "a", count: 63)
        let name = "https://" + [label, label, label, String(repeating: "a", count: 61)].joined(separator: ".")
        #expect(DisplayText.claimedURL(name) == name + "/")
        let v6 = "https://[" + String(repeating: "0", count: 45) + "]"
        #expect(DisplayText.claimedURL(v6) == v6 + "/")
    }

    @Test func controlsInvisiblesAndBlankRunsAreEscaped() {
        #expect(DisplayText.safe("a\nb\u{1B}c\u{202E}d\u{200B}e") == "a\\u{a}b\\u{1b}c\\u{202e}d\\u{200b}e")
        #expect(DisplayText.safe("café, one space") == "café, one space")
        // Red team round 27, F2: blanks padded a name to the terminal's width.
        #expect(DisplayText.safe("x\u{A0}y\u{2003}z\u{3000}") == "x\\u{a0}y\\u{2003}z\\u{3000}")
        #expect(DisplayText.safe("  indented  line") == "  indented  line")
        #expect(DisplayText.value("a   b\u{A0} c") == "a \\u{20}\\u{20}b\\u{a0} c")
        #expect(DisplayText.value("one space each") == "one space each")
        // Red team round 28, F4: format controls between single spaces padded a line too.
        #expect(DisplayText.value(" \u{1BCA0} \u{13430} ") == " \\u{1bca0} \\u{13430} ")
        #expect(DisplayText.safe("a\u{600}b\u{E0001}c\u{FE0F}") == "a\\u{600}b\\u{e0001}c\\u{fe0f}")
    }
}
