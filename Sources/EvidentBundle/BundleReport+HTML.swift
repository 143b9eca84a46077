import EvidentLedger

/// `evident verify --report report.html`: one self-contained HTML file a regulator can read,
/// print or archive. It holds the report object (`--json`'s, receipts cut to the first
/// ``htmlRowLimit``) and the one renderer both verifiers use (Sources/verifier-web/report.js and
/// report.css, inlined: ReportAssets.generated.swift), under a Content-Security-Policy that
/// allows nothing but those two, by hash: no network, no other script.
extension BundleReport {
    /// Most receipts the HTML report lists (the rest are summarised; the CSV has them all).
    public static let htmlRowLimit = 1_000

    /// The page. `csvAvailable`: a CSV of every receipt is written beside it (the page says so).
    public func html(csvAvailable: Bool = false) throws -> String {
        // The report object as a JSON data block: `<` escaped so no string can end the block.
        var data: [UInt8] = []
        for b in try JCS.serialize(try value(windowLimit: Self.htmlRowLimit)) {
            if b == UInt8(ascii: "<") { data += Array("\\u003c".utf8) } else { data.append(b) }
        }
        let csp =
            "default-src 'none'; script-src 'sha256-\(ReportAssets.jsSHA256)'; style-src 'sha256-\(ReportAssets.cssSHA256)'"
        return """
            <!DOCTYPE html>
            <html lang="en" data-csv="\(csvAvailable ? "yes" : "no")"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(csp)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Evidence bundle verification report</title>
            <style>\(ReportAssets.css)</style>
            </head><body>
            <noscript>This report is drawn by the script inside this file (no network is used): allow scripts for this file, or read the report object below with any JSON reader.</noscript>
            <script type="application/json" id="evident-report">\(String(decoding: data, as: UTF8.self))</script>
            <script>\(ReportAssets.js)</script>
            </body></html>

            """
    }
}
