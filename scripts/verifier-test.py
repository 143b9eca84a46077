#!/usr/bin/env python3
"""Runs the browser verifier (evident-verifier.html) in headless Chromium the way a regulator uses
it: open the file from disk, choose the bundle and the trust inputs in the page's file inputs,
press Verify, read the verdict. Used by BrowserVerifierTests and by BENCHMARKS.md.

    verifier-test.py corpus --html FILE --corpus DIR [--evident BIN] [--case NAME…] [--shots DIR]
        every case of DIR/manifest.tsv; prints one JSON object per case (status, first check,
        seconds) and a last summary line; exits 1 on any disagreement with the manifest, or, with
        --evident, with `evident verify --json` on the same inputs (verdict, first check, and the
        report's summary: what both verifiers say was proven must be the same)
    verifier-test.py verify --html FILE --bundle B [--tsa-roots P…] [--ledger-key K…] [--crl C…]
                            [--ocsp O…] [--algorithm-policy F] [--policy WITNESS-POLICY] [--revocation-policy none]
                            [--pdf OUT.pdf]
        one bundle; prints the report object as JSON (and, with --pdf, the page printed to PDF)

    verifier-test.py render --report R.html [--pdf OUT.pdf]
        opens a report written by `evident verify --report` and prints how long it took to render
        (and its size); with --pdf, prints it to PDF (A4, the report's print style sheet)

Exit statuses of a case follow `evident verify`: 0 valid, 1 invalid, 3 indeterminate, 2 bad input
(the page says it is not a bundle it reads).
"""
import argparse, json, os, shlex, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser

STATUS = {"valid": 0, "invalid": 1, "indeterminate": 3}
INPUTS = {"--tsa-roots": "#in-roots", "--ledger-key": "#in-keys", "--crl": "#in-crls", "--ocsp": "#in-ocsps",
          "--algorithm-policy": "#in-policy", "--policy": "#in-witness-policy"}


def parse_options(options, base):
    """The manifest's command-line options as the page's inputs: {selector: [paths]}, revocation."""
    files, revocation = {}, "require"
    words = shlex.split(options)
    i = 0
    while i < len(words):
        w = words[i]
        if w == "--revocation-policy":
            revocation = words[i + 1]
        elif w in INPUTS:
            files.setdefault(INPUTS[w], []).append(os.path.join(base, words[i + 1]))
        else:
            raise ValueError("option %r has no input in the page" % w)
        i += 2
    return files, revocation


def run_one(page, html, bundle, files, revocation, timeout):
    """Loads the page afresh, gives it the files, verifies; returns (status, report or error)."""
    page.navigate("file://" + os.path.abspath(html),
                  ready="document.readyState === 'complete' && globalThis.evidentVerifierState && evidentVerifierState.state === 'ready'")
    page.set_files("#in-bundle", [bundle])
    for selector, paths in files.items():
        page.set_files(selector, paths)
    if revocation == "none":
        page.js("document.querySelector('#in-norevocation').checked = true")
    page.js("document.querySelector('#verify').click(); true")
    page.wait("['done', 'error'].includes(evidentVerifierState.state)", "the verdict of " + os.path.basename(bundle), timeout=timeout)
    st = page.js("({state: evidentVerifierState.state, error: evidentVerifierState.error, badInput: evidentVerifierState.badInput})")
    if st["state"] == "error":
        return (2 if st["badInput"] else None), st["error"]
    return STATUS.get(page.js("evidentVerifierState.report.verdict")), page.js("evidentVerifierState.report")


# The members of the report's summary both verifiers must agree on (docs/verification.md,
# "Report fields"); the rest (verified_at, the implementation's name) naturally differ.
SUMMARY_MEMBERS = ["origin", "receipts", "allow", "deny", "streams", "checkpoints", "leaves", "first_issued_at",
                   "last_issued_at", "completeness", "unanchored", "revocation_policy", "algorithm_policy",
                   "selection_claimed", "trust_inputs", "claimed", "instructions"]


def compare_with_cli(evident, bundle, options, base, browser_report):
    """Differences between the CLI's report and the browser's, as a list of strings."""
    r = subprocess.run([evident, "verify", bundle, "--json"] + shlex.split(options), cwd=base, capture_output=True)
    if r.returncode == 2:
        return [] if browser_report is None else ["the CLI says bad input: %s" % r.stderr.decode(errors="replace").strip()]
    if browser_report is None:
        return ["the browser says bad input, the CLI exits %d" % r.returncode]
    cli = json.loads(r.stdout)
    diffs = []
    if cli["verdict"] != browser_report.get("verdict"):
        diffs.append("verdict: cli %s, browser %s" % (cli["verdict"], browser_report.get("verdict")))
    cf = [(f["check"], f["outcome"]) for f in cli.get("findings", [])]
    bf = [(f.get("check"), f.get("outcome")) for f in browser_report.get("findings", [])]
    if cf != bf:
        diffs.append("findings: cli %s, browser %s" % (cf[:5], bf[:5]))
    cs, bs = cli.get("summary", {}), browser_report.get("summary", {})
    for m in SUMMARY_MEMBERS:
        if cs.get(m) != bs.get(m):
            diffs.append("summary.%s: cli %s, browser %s" % (m, json.dumps(cs.get(m))[:300], json.dumps(bs.get(m))[:300]))
    strip = lambda anchors: [{k: a.get(k) for k in ("tree_size", "gen_time", "existed_by", "tsa", "tsa_claimed", "verdict")} for a in anchors or []]
    if strip(cs.get("anchors")) != strip(bs.get("anchors")):
        diffs.append("summary.anchors: cli %s, browser %s" % (strip(cs.get("anchors")), strip(bs.get("anchors"))))
    # The witness policy applied (docs/verification.md, "Report fields"): the whole object.
    if "witnesses" in cli and cli.get("witnesses") != browser_report.get("witnesses"):
        diffs.append("witnesses: cli %s, browser %s" % (json.dumps(cli.get("witnesses"))[:300], json.dumps(browser_report.get("witnesses"))[:300]))
    win = lambda ws: [{k: w.get(k) for k in ("hash", "leaf_index", "not_before", "not_after", "decision", "actor", "action", "resource")} for w in ws or []]
    if win(cs.get("receipts_windows")) != win(bs.get("receipts_windows")):
        diffs.append("summary.receipts_windows differ")
    return diffs


def read_manifest(corpus):
    with open(os.path.join(corpus, "manifest.tsv"), encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, l.split("\t"))) for l in lines[1:]]


def corpus(a):
    cases = read_manifest(a.corpus)
    if a.case:
        cases = [c for c in cases if c["case"] in a.case]
    disagreements = 0
    with Browser() as b:
        page = b.page()
        for c in cases:
            files, revocation = parse_options(c.get("options", ""), a.corpus)
            started = time.monotonic()
            status, out = run_one(page, a.html, os.path.join(a.corpus, c["bundle"]), files, revocation, a.timeout)
            first = "-"
            if isinstance(out, dict):
                findings = out.get("findings") or []
                first = findings[0]["check"] if findings else "-"
            want_status, want_check = int(c["status"]), c["check"]
            agree = status == want_status and (want_status == 2 or first == want_check)
            row = {"case": c["case"], "status": status, "check": first, "expected_status": want_status,
                   "expected_check": want_check, "seconds": round(time.monotonic() - started, 3)}
            if a.evident:
                row["cli_differences"] = compare_with_cli(a.evident, c["bundle"], c.get("options", ""), a.corpus,
                                                          out if isinstance(out, dict) else None)
                agree = agree and not row["cli_differences"]
            row["agree"] = agree
            disagreements += not agree
            if not isinstance(out, dict):
                row["error"] = out
            if a.shots:
                os.makedirs(a.shots, exist_ok=True)
                page.shot(os.path.join(a.shots, c["case"] + ".png"))
            print(json.dumps(row), flush=True)
    print(json.dumps({"cases": len(cases), "disagreements": disagreements}))
    return 1 if disagreements else 0


def renderer_peak_rss_kb(root_pid):
    """The largest peak RSS (VmHWM) among Chromium's renderer processes under root_pid."""
    children, peak = {}, 0
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    children.setdefault(int(f.read().rsplit(")", 1)[1].split()[1]), []).append(int(d))
            except OSError:
                pass
    todo, seen = [root_pid], []
    while todo:
        pid = todo.pop()
        seen.append(pid)
        todo.extend(children.get(pid, []))
    for pid in seen:
        try:
            cmd = open("/proc/%d/cmdline" % pid, "rb").read()
            if b"--type=renderer" not in cmd:
                continue
            for line in open("/proc/%d/status" % pid):
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
    return peak


def verify(a):
    files = {}
    for opt, selector in (("tsa_roots", "#in-roots"), ("ledger_key", "#in-keys"), ("crl", "#in-crls"), ("ocsp", "#in-ocsps"),
                          ("algorithm_policy", "#in-policy"), ("policy", "#in-witness-policy")):
        if getattr(a, opt):
            files[selector] = getattr(a, opt)
    with Browser() as b:
        page = b.page()
        started = time.monotonic()
        status, out = run_one(page, a.html, a.bundle, files, a.revocation_policy, a.timeout)
        seconds = time.monotonic() - started
        memory = page.js("performance.memory ? performance.memory.usedJSHeapSize : null")
        peak = renderer_peak_rss_kb(b.cdp.proc.pid)
        if a.pdf:
            page.pdf(a.pdf)
        if a.shot:
            page.shot(a.shot)
    print(json.dumps({"status": status, "seconds": round(seconds, 3), "js_heap_used": memory, "renderer_peak_rss_kb": peak,
                      "report" if isinstance(out, dict) else "error": out}))
    return 0 if status in (0, 1, 2, 3) else 1


def render(a):
    with Browser() as b:
        page = b.page()
        started = time.monotonic()
        page.navigate("file://" + os.path.abspath(a.report),
                      ready="document.readyState === 'complete' && document.querySelectorAll('section').length > 3")
        seconds = time.monotonic() - started
        rows = page.js("document.querySelectorAll('tr').length")
        if a.pdf:
            page.pdf(a.pdf)
    print(json.dumps({"seconds": round(seconds, 3), "bytes": os.path.getsize(a.report), "table_rows": rows}))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("--html", required=True)
    c.add_argument("--corpus", required=True)
    c.add_argument("--case", action="append")
    c.add_argument("--evident", help="also compare with this evident binary's verify --json")
    c.add_argument("--shots")
    c.add_argument("--timeout", type=float, default=60)
    v = sub.add_parser("verify")
    v.add_argument("--html", required=True)
    v.add_argument("--bundle", required=True)
    v.add_argument("--tsa-roots", action="append")
    v.add_argument("--ledger-key", action="append")
    v.add_argument("--crl", action="append")
    v.add_argument("--ocsp", action="append")
    v.add_argument("--algorithm-policy", action="append")
    v.add_argument("--policy", action="append", help="a witness policy (c2sp.org/tlog-policy)")
    v.add_argument("--revocation-policy", default="require")
    v.add_argument("--pdf")
    v.add_argument("--shot")
    v.add_argument("--timeout", type=float, default=600)
    r = sub.add_parser("render")
    r.add_argument("--report", required=True)
    r.add_argument("--pdf")
    a = ap.parse_args()
    sys.exit({"corpus": corpus, "verify": verify, "render": render}[a.cmd](a))


if __name__ == "__main__":
    try:
        main()
    except (RuntimeError, TimeoutError, EOFError, ValueError, OSError) as e:
        print("verifier-test: %s" % e, file=sys.stderr)
        sys.exit(2)
