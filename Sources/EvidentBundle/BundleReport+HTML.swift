import EvidentCore
import EvidentDER

/// `evident verify --report report.html`: one self-contained HTML file (no scripts, no external
/// resources) a regulator can read or archive: the verdict, the summary, an anchor timeline and
/// every finding.
extension BundleReport {
    public func html(bundleName: String) -> String {
        func esc(_ s: String) -> String {
            var out = ""
            for c in DisplayText.safe(s) {
                switch c {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&#39;"
                default: out.append(c)
                }
            }
            return out
        }
        let colour: String
        switch verdict {
        case .valid: colour = "#1a7f37"
        case .invalid: colour = "#cf222e"
        case .indeterminate: colour = "#9a6700"
        }
        var h = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Evidence bundle verification: \(esc(bundleName))</title>
            <style>
            body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:60em;color:#1f2328;line-height:1.45}
            h1{font-size:1.5em} h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #d0d7de}
            .verdict{display:inline-block;padding:.3em .8em;border-radius:.4em;color:#fff;background:\(colour);font-weight:600;text-transform:uppercase}
            table{border-collapse:collapse;width:100%;font-size:.92em} th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}
            th{background:#f6f8fa} code{font-family:ui-monospace,Menlo,monospace;font-size:.9em}
            .bar{height:.8em;background:#0969da;border-radius:.2em} .fail{color:#cf222e} .indet{color:#9a6700}
            </style></head><body>
            <h1>Evidence bundle <code>\(esc(bundleName))</code></h1>
            <p><span class="verdict">\(verdict.rawValue)</span></p>

            """
        if let p = firstProblem {
            h +=
                "<p class=\"\(p.isFailure ? "fail" : "indet")\"><strong>\(p.isFailure ? "First failing check" : "Undetermined check"):</strong> <code>\(esc(p.check.rawValue))</code> for \(esc(p.object)): \(esc(p.reason))</p>\n"
        }
        h += "<h2>Summary</h2>\n<table>\n"
        h += "<tr><th>Ledger</th><td><code>\(esc(summary.origin))</code></td></tr>\n"
        h +=
            "<tr><th>Selection (claimed by the unsigned manifest)</th><td>\(esc(summary.claimedScope.description))</td></tr>\n"
        h +=
            "<tr><th>Completeness</th><td class=\"\(summary.completeness.name == "proven" ? "" : "indet")\">\(esc(completenessText))</td></tr>\n"
        h +=
            "<tr><th>issued_at of the receipts</th><td>\(esc(summary.firstIssuedAt ?? "-")) to \(esc(summary.lastIssuedAt ?? "-"))</td></tr>\n"
        h +=
            "<tr><th>TSA revocation</th><td>\(summary.revocationPolicy == "none" ? "not checked where no data was given (--revocation-policy none)" : "required for every anchor")</td></tr>\n"
            + "<tr><th>Algorithm policy</th><td>\(esc(summary.algorithmPolicy))</td></tr>\n"
            + "<tr><th>Trusted (given to the verifier; nothing in the bundle is trusted)</th><td>"
            + summary.trustInputs.map { esc($0) }.joined(separator: "<br>") + "</td></tr>\n"
        h +=
            "<tr><th>Receipts</th><td>\(summary.receipts) (allow \(summary.allows), deny \(summary.denies)); unanchored \(summary.unanchored)</td></tr>\n"
        h +=
            "<tr><th>Streams</th><td>"
            + summary.streams.sorted { $0.key < $1.key }.map { "<code>\(esc($0.key))</code>: \($0.value)" }.joined(
                separator: "<br>") + "</td></tr>\n"
        h +=
            "<tr><th>Checkpoints (tree sizes)</th><td>\(summary.checkpoints.map(String.init).joined(separator: ", "))</td></tr>\n</table>\n"

        h += "<h2>Anchor timeline</h2>\n"
        if summary.anchors.isEmpty {
            h += "<p class=\"indet\">No anchors: the receipts' times are not proven by a time-stamping authority.</p>\n"
        } else {
            let maxSize = max(1, summary.anchors.map(\.treeSize).max() ?? 1)
            h +=
                "<table><tr><th>genTime (UTC)</th><th>TSA</th><th>Checkpoint</th><th>Receipts covered</th><th>Verdict</th></tr>\n"
            for a in summary.anchors.sorted(by: { ($0.genTime ?? "") < ($1.genTime ?? "") }) {
                let width = Int(Double(a.treeSize) / Double(maxSize) * 100)
                h +=
                    "<tr><td>\(esc(a.genTime ?? "?"))</td><td>\(a.tsa.map { "<code>\(esc($0))</code>" } ?? "unverified") <small>(claimed: \(esc(a.claimedTSA)))</small></td><td>size \(a.treeSize)</td>"
                h +=
                    "<td><div class=\"bar\" style=\"width:\(width)%\"></div></td><td>\(esc(a.verdict.rawValue))"
                    + a.warnings.map {
                        "<br><small>warning: DER deviation accepted: \(esc("\($0.code) at offset \($0.offset): \($0.detail)"))</small>"
                    }.joined() + "</td></tr>\n"
            }
            h += "</table>\n"
        }

        h += "<h2>Findings</h2>\n"
        if findings.isEmpty {
            h += "<p>None: every check passed.</p>\n"
        } else {
            h += "<table><tr><th>Outcome</th><th>Check</th><th>Object</th><th>Reason</th></tr>\n"
            for f in findings {
                h +=
                    "<tr class=\"\(f.isFailure ? "fail" : "indet")\"><td>\(f.isFailure ? "invalid" : "indeterminate")</td><td><code>\(esc(f.check.rawValue))</code></td><td>\(esc(f.object))</td><td>\(esc(f.reason))</td></tr>\n"
            }
            h += "</table>\n"
        }

        h +=
            "<h2>Proven time window of each receipt</h2>\n<table><tr><th>Leaf</th><th>Receipt</th><th>Issued at</th><th>Not before</th><th>Not after</th></tr>\n"
        for w in summary.windows {
            h +=
                "<tr><td>\(w.leafIndex)</td><td><code>\(esc(w.stream))#\(w.sequence)</code><br><code>\(esc(String(w.hash.prefix(16))))…</code></td>"
            h +=
                "<td>\(esc(w.issuedAt))</td><td>\(esc(w.notBefore ?? "-"))</td><td>\(esc(w.notAfter ?? "unanchored"))</td></tr>\n"
        }
        h += "</table>\n"
        if summary.windowsOmitted > 0 {
            h +=
                "<p>… and \(summary.windowsOmitted) more receipts (the first \(summary.windows.count) are listed; <code>--json</code> has the same limit).</p>\n"
        }
        h +=
            "<p><small>Made by <code>evident verify</code>, offline; trust came only from the TSA roots and ledger keys given on its command line.</small></p>\n</body></html>\n"
        return h
    }
}
