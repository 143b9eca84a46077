#!/usr/bin/env python3
"""v2: boundary S#3 proven against checkpoint 7 (not the covering 9105); v2/v5: boundary line re-serialized
(non-canonical spacing); v2: boundary proof line for S#3 kept but receipt line swapped to S#4."""
import json, sys
sys.path.insert(0, "/tmp/rt13"); import lib
H = "/tmp/rt13/base/honest/"; O = "/tmp/rt13/cheat/"
log = lib.Log(H + "full.v5.evb")
small = lib.Log.__new__(lib.Log); small.bodies = log.bodies[:7]; small.leaves = log.leaves[:7]; small.index = log.index
e = lib.read(H + "S-from-t2.v2.evb")
lib.set_lines(e, "boundary/proofs.jsonl", [lib.proof_line(small, 5)]); lib.write(e, O + "v1-boundary-proof-size7.v2.evb")
for lay in ("v5", "v2"):
    e = lib.read(H + f"S-from-t2.{lay}.evb")
    b = lib.lines(e, "boundary/receipts.jsonl")[0]
    lib.set_lines(e, "boundary/receipts.jsonl", [json.dumps(json.loads(b)).encode()])
    lib.write(e, O + f"v2-boundary-noncanonical.{lay}.evb")
e = lib.read(H + "S-from-t2.v2.evb"); lib.keep_receipts(e, log, lambda r: r["seq"] != 4)
lib.set_lines(e, "boundary/receipts.jsonl", [lib.body(log, "S", 4)]); lib.write(e, O + "v3-boundary-S4-with-S3-proof.v2.evb")
