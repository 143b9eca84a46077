#!/usr/bin/env python3
# Keep only the fork's chain: S#1, S#2 (idx 0, 2) and S#3', S#4' (idx 18, 19); drop the real S#3..S#8.
import sys; sys.path.insert(0, "/tmp/rt12"); import lib
D = "/tmp/rt12/fork/"
log = lib.Log(D + "full.v5.evb")
keep = lambda r: r["seq"] <= 2 or r["resource"].startswith("fork-")
for lay in ("v5", "v2"):
    e = lib.read(D + f"streamS.{lay}.evb"); lib.keep_receipts(e, log, keep); lib.write(e, D + f"fork-S-branch.{lay}.evb")
