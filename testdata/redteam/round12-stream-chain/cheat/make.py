#!/usr/bin/env python3
"""Cheats on the base ledger's honest stream exports. Usage: cheat/make.py (writes cheat/*.evb)."""
import json, sys
sys.path.insert(0, "/tmp/rt12"); import lib
H = "/tmp/rt12/base/honest/"; O = "/tmp/rt12/cheat/"
log = lib.Log(H + "full.v5.evb")
def case(name, src, pred, **scope):
    for lay in ("v5", "v2"):
        e = lib.read(H + f"{src}.{lay}.evb")
        lib.keep_receipts(e, log, pred)
        if scope: lib.edit_scope(e, **scope)
        lib.write(e, O + f"{name}.{lay}.evb")
S = lambda r: r["stream"] == "S"
# controls (the rule should catch these)
case("ctl-first-dropped", "streamS", lambda r: not (r["seq"] == 1))
case("ctl-mid-dropped", "streamS", lambda r: r["seq"] != 3)
case("ctl-mid-dropped-fromlie", "streamS", lambda r: r["seq"] != 3, **{"from": "1970-01-01T00:00:00.000Z"})
# C1: first receipt withheld, a `from` added that every receipt of the stream satisfies
case("c1-first-dropped-from-epoch", "streamS", lambda r: r["seq"] != 1, **{"from": "1970-01-01T00:00:00.000Z"})
case("c1-first3-dropped-from-epoch", "streamS", lambda r: r["seq"] > 3, **{"from": "1970-01-01T00:00:00.000Z"})
# C1b: from = the withheld receipt's own issued_at (S#1..3 share it): the claim "from" is true, S#1 is in it
case("c1b-first-dropped-from-exact", "streamS", lambda r: r["seq"] != 1, **{"from": "2026-12-02T18:28:23.872Z"})
# C2: middle receipt withheld; an action filter that matches every receipt of the stream
case("c2-mid-dropped-action-all", "streamS", lambda r: r["seq"] != 3, action="x")
case("c2b-first-dropped-action-all", "streamS", lambda r: r["seq"] != 1, action="x")
# C2c: stream U (all allow): decision filter matching all
case("c2c-U-first-dropped-decision-all", "streamU", lambda r: r["seq"] != 1, decision="allow")
