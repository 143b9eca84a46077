#!/usr/bin/env python3
"""cmp.py NAME BUNDLE EXPECT [extra key/flags via env]: runs `evident verify --json` and the page headless on
the same inputs; prints one TSV line: name, CLI verdict/first check, page verdict/first check, result.
EXPECT: 'valid' for an honest control, 'lie' (anything but valid is held), or 'undecided' (W2-style)."""
import json, os, subprocess, sys
B = "/work/attack19b/work/base"; WK = "/work/attack19b/work"
name, bundle, expect = sys.argv[1:4]
key = os.environ.get("KEY", B + "/key.pub.json")
args = ["--tsa-roots", B + "/tsa/root.pem", "--crl", B + "/crl.pem", "--ledger-key", key]
def first(r):
    bad = [f for f in r.get("findings", []) if f.get("outcome") in ("invalid", "indeterminate")] or r.get("findings", [])
    if not bad: return "-"
    f = bad[0]; return "%s(%s)" % (f.get("check"), f.get("object") or "")
try:
    c = subprocess.run([WK + "/evident", "verify", bundle, "--json"] + args, capture_output=True, text=True, timeout=120)
    try: cr = json.loads(c.stdout); cv = cr["verdict"]; cf = first(cr)
    except Exception: cr = None; cv = "rc%d" % c.returncode; cf = (c.stderr or c.stdout).strip().splitlines()[-1][:90] if (c.stderr or c.stdout).strip() else "-"
except subprocess.TimeoutExpired: cv, cf, cr = "timeout", "-", None
p = subprocess.run(["python3", "/work/attack19b/src/scripts/verifier-test.py", "verify", "--html", WK + "/evident-verifier.html", "--bundle", bundle] + args, capture_output=True, text=True, timeout=300)
try:
    pj = json.loads(p.stdout); pr = pj.get("report") or {}; pv = pr.get("verdict") or ("status%s" % pj.get("status")); pf = first(pr) if pr else str(pj.get("error", ""))[:90]
except Exception: pj = None; pv = "rc%d" % p.returncode; pf = (p.stderr or p.stdout).strip()[-120:]
if os.environ.get("DUMP"):
    json.dump({"cli": cr, "page": pj}, open(WK + "/out/%s.json" % name, "w"), indent=1)
res = "held"
if expect != "valid" and ("valid" in (cv, pv)): res = "BREAK"
if expect == "valid" and not (cv == pv == "valid"): res = "CHECK"
if (cv, cf) != (pv, pf) and not (cv.startswith("rc") and pv.startswith("status")): res = ("DISAGREE" if res == "held" else res + "+DISAGREE")
if cv.startswith("rc") and pv.startswith("status") and cv[2:] != pv[6:]: res = "DISAGREE"
if expect == "valid" and res == "held": res = "control"
print("\t".join([name, cv + " " + cf, pv + " " + pf, res]), flush=True)
