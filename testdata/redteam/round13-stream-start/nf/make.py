#!/usr/bin/env python3
"""Cheats on nf's NFD stream export: boundary = NFC receipt; scope relabelled NFC; NFD#2 withheld."""
import subprocess, sys
sys.path.insert(0, "/tmp/rt13"); import lib
D = "/tmp/rt13/nf/"
subprocess.run(["/tmp/rt13/evident", "export", "--dir", D + "ledger", "-o", D + "full.v5.evb", "--force", "--allow-unanchored"], check=True, capture_output=True)
log = lib.Log(D + "full.v5.evb")
NFC, NFD = "caf\u00e9", "cafe\u0301"
for lay in ("v5", "v2"):
    e = lib.read(D + f"nfd-from-t2.{lay}.evb"); lib.set_boundary(e, log, [lib.body(log, NFC, 2)]); lib.write(e, D + f"x-nfd-boundary-nfc2.{lay}.evb")
    e = lib.read(D + f"nfd-from-t2.{lay}.evb"); lib.edit_scope(e, stream=NFC); lib.write(e, D + f"x-nfd-relabel-nfc.{lay}.evb")
    e = lib.read(D + f"nfd-from-t2.{lay}.evb"); lib.keep_receipts(e, log, lambda r: r["seq"] != 2)
    lib.set_boundary(e, log, [lib.body(log, NFD, 2)]); lib.write(e, D + f"x-nfd-first-dropped-bnd-is-it.{lay}.evb")
