import EvidentCore
import Testing

/// DisplayText: what an outside string may look like on a terminal line.
@Suite struct DisplayTextTests {
    @Test(arguments: [
        "http://127.0.0.1:33203/", "https://qts.d-trust.net/", "https://tsa.example/ts?policy=1.2.3&x=%20",
        "https://[::1]:8080/tsa", "http://a", "x-tsa+v1.2://host/path;p=1,q=2*!$@~_",
    ])
    func plainURLsAreShown(_ label: String) {
        #expect(DisplayText.claimedURL(label) == label)
    }

    /// Red team round 26, F2: a label closed the text report's parenthesis ("(claimed: …)") and
    /// named a second TSA, padded itself to the terminal's width, or carried instructions.
    @Test(arguments: [
        "https://qts.d-trust.net/) and by TSA CN=D-TRUST (claimed: https://qts.d-trust.net/",
        "https://tsa.example.org/" + String(repeating: " ", count: 40) + "anchor: checkpoint 8 (valid)",
        "https://a/\nverdict: valid", "https://a/\u{1B}[2J", "https://a/\u{202E}x", "https://tsa.example/\"x\"",
        "https://tsa.example/'x'", "https://tsä.example/", "", "tsa.example.org", "://host", "1http://host",
        "http://", "Example TSA", "https://a/" + String(repeating: "a", count: 247),
    ])
    func anythingElseIsNotShown(_ label: String) {
        #expect(DisplayText.claimedURL(label) == "(a label that is not a URL, \(label.utf8.count) bytes: not shown)")
    }

    @Test func theLengthLimitIs256Bytes() {
        let longest = "https://a/" + String(repeating: "a", count: 246)
        #expect(longest.utf8.count == 256 && DisplayText.claimedURL(longest) == longest)
    }

    @Test func controlsAndInvisiblesAreEscaped() {
        #expect(DisplayText.safe("a\nb\u{1B}c\u{202E}d\u{200B}e") == "a\\u{a}b\\u{1b}c\\u{202e}d\\u{200b}e")
        #expect(DisplayText.safe("café") == "café")
    }
}
