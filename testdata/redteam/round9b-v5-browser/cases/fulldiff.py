#!/usr/bin/env python3
"""Compares the whole findings lists (check, object, outcome) of CLI and page for every out/*.json dump."""
import json, glob, os
for f in sorted(glob.glob("/work/attack19b/work/out/*.json")):
    d = json.load(open(f)); c = d["cli"]; p = (d["page"] or {}).get("report")
    if not c or not p: continue
    fc = [(x["check"], x["object"], x["outcome"]) for x in c["findings"]]
    fp = [(x["check"], x["object"], x["outcome"]) for x in p["findings"]]
    sc, sp = c.get("summary"), p.get("summary")
    diff = []
    if fc != fp: diff.append("findings CLI=%s PAGE=%s" % (fc, fp))
    if c["verdict"] != p["verdict"]: diff.append("verdict")
    if diff: print(os.path.basename(f), *diff)
