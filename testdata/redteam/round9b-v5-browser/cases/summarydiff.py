#!/usr/bin/env python3
"""Compares report summaries (what each verifier says was proven) of CLI and page for every out/*.json."""
import json, glob, os
n = 0
for f in sorted(glob.glob("/work/attack19b/work/out/*.json")):
    d = json.load(open(f)); c = d["cli"]; p = (d["page"] or {}).get("report")
    if not c or not p: continue
    n += 1
    if c.get("summary") != p.get("summary"): print("DIFF", os.path.basename(f))
print(n, "reports compared")
