# Round 23 matrix: forged anchor tokens (chosen genTime fraction and accuracy, signed by the built-in
# TSA's key) x hand-built CRLs / OCSP responses. Run in W (from repro.sh). Writes case dirs NAME/
# with bundle.evb, token.tsr and data files, and cases.tsv: NAME <tab> expected <tab> opts
import sys, os; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib")); sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from rawcrl import *
from ocspraw import single
import forge
from forge import root, tsa
S = dt.datetime.strptime(os.environ["GT"][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)  # a second in the past
N = now()
def sec(k): return S + dt.timedelta(seconds=k)
def gts(k, frac): return sec(k).strftime("%Y%m%d%H%M%S") + ("." + frac if frac else "") + "Z"
Ser = tsa.cert.serial_number
cid = certid(tsa, root)
rows = []
def case(name, gentime, acc, expect, data):
    os.makedirs(name, exist_ok=True)
    forge.forge(gentime, acc, name + "/bundle.evb", name + "/token.tsr")
    opts = []
    for fn, blob in data:
        write(name + "/" + fn, blob)
        opts.append(("--crl " if fn.endswith(".pem") else "--ocsp ") + name + "/" + fn)
    rows.append("\t".join([name, expect, " ".join(opts)]))
def crl_rev(at, reason=4, exts=(), tu=None, raw_date=None):
    e = seq(integer(Ser), raw_date if raw_date is not None else utc(at), seq(reason_ext(reason), *exts)) if reason is not None else entry(Ser, at)
    return pem_crl(raw_crl(root, [e], this_update=tu or N))
def crl_clean(tu): return pem_crl(raw_crl(root, [], this_update=tu))
def oc_rev(at_raw, reason=4, tu=None, produced=None, exts=None):
    body = at_raw + ctx(0, tlv(0x0A, bytes([reason])))
    parts = [cid, tlv(0xA1, body), ocsptime(tu or N), ctx(0, ocsptime((tu or N) + dt.timedelta(days=7)))]
    if exts: parts.append(ctx(1, seq(*exts)))
    return basic([seq(*parts)], root, by="name", produced=produced or N)
def oc_good(tu, produced=None):
    return basic([single(cid, "good", this_update=tu)], root, by="name", produced=produced or tu)
gtf = lambda k, frac: tlv(0x18, gts(k, frac).encode())
# --- revocation just after genTime, various fractions / accuracies (benign: superseded)
case("a01-frac999999-acc-absent-rev-S1", gts(0, "999999"), None, "valid", [("c.pem", crl_rev(sec(1)))])
case("a02-frac9999991-acc1us-rev-S1", gts(0, "9999991"), (None, None, 1), "indeterminate", [("c.pem", crl_rev(sec(1)))])
case("a03-frac9999991-acc1us-rev-S2", gts(0, "9999991"), (None, None, 1), "valid", [("c.pem", crl_rev(sec(2)))])
case("a04-frac5-acc500ms-rev-S1", gts(0, "5"), (None, 500, None), "indeterminate", [("c.pem", crl_rev(sec(1)))])
case("a05-frac5-acc499ms999us-rev-S1", gts(0, "5"), (None, 499, 999), "valid", [("c.pem", crl_rev(sec(1)))])
case("a06-frac000001-acc999ms999us-rev-S1", gts(0, "000001"), (None, 999, 999), "indeterminate", [("c.pem", crl_rev(sec(1)))])
case("a07-nofrac-acc-empty-rev-S1", gts(0, ""), (), "valid", [("c.pem", crl_rev(sec(1)))])
case("a08-frac5-acc2s-rev-S2", gts(0, "5"), (2, None, None), "indeterminate", [("c.pem", crl_rev(sec(2)))])
case("a09-frac5-acc2s-rev-S3", gts(0, "5"), (2, None, None), "valid", [("c.pem", crl_rev(sec(3)))])
case("a10-frac5-acc2s-kc-S10", gts(0, "5"), (2, None, None), "invalid", [("c.pem", crl_rev(sec(10), reason=1))])
case("a11-frac5-acc2s-rev-S0", gts(0, "5"), (2, None, None), "invalid", [("c.pem", crl_rev(sec(0)))])
# --- clean data issued around dataFrom
case("b01-nofrac-acc0-clean-at-S", gts(0, ""), None, "valid", [("c.pem", crl_clean(sec(0)))])
case("b02-frac000001-acc0-clean-at-S", gts(0, "000001"), None, "indeterminate", [("c.pem", crl_clean(sec(0)))])
case("b03-frac0000000001-acc0-clean-at-S", gts(0, "0000000001"), None, "indeterminate", [("c.pem", crl_clean(sec(0)))])
case("b04-frac5-acc500ms-clean-at-S1", gts(0, "5"), (None, 500, None), "valid", [("c.pem", crl_clean(sec(1)))])
case("b05-frac5-acc501ms-clean-at-S1", gts(0, "5"), (None, 501, None), "indeterminate", [("c.pem", crl_clean(sec(1)))])
case("b06-ocsp-good-tu-S1-frac5-acc501ms", gts(0, "5"), (None, 501, None), "indeterminate", [("o.der", oc_good(sec(1), produced=sec(5)))])
case("b07-ocsp-good-tu-S2-frac5-acc501ms", gts(0, "5"), (None, 501, None), "valid", [("o.der", oc_good(sec(2)))])
case("b08-ocsp-good-tu-S5-produced-S1", gts(0, "5"), (None, 501, None), "indeterminate", [("o.der", oc_good(sec(5), produced=sec(1)))])
# --- OCSP revocationTime / invalidityDate / CRL revocationDate with a fraction inside the last second
case("c01-ocsp-rev-frac-S1.9-gen-S.95-acc1s", gts(0, "95"), (1, None, None), "indeterminate", [("o.der", oc_rev(gtf(1, "9")))])
case("c02-ocsp-rev-frac-S2.0001-gen-S.95-acc1s", gts(0, "95"), (1, None, None), "valid-or-indet", [("o.der", oc_rev(gtf(2, "0001")))])
case("c03-crl-inv-frac-S1.9-gen-S.95-acc1s", gts(0, "95"), (1, None, None), "indeterminate", [("c.pem", crl_rev(N, exts=[inv_ext(gtf(1, "9"))]))])
case("c04-crl-gentime-revdate-frac-S1.9-gen-S.95-acc1s", gts(0, "95"), (1, None, None), "indeterminate", [("c.pem", crl_rev(None, raw_date=gtf(1, "9")))])
case("c05-ocsp-inv-frac-S1.9-gen-S.95-acc1s", gts(0, "95"), (1, None, None), "indeterminate", [("o.der", oc_rev(ocsptime(N), exts=[inv_ext(gtf(1, "9"))]))])
case("c06-crl-gentime-revdate-S1-gen-S.95-acc1s", gts(0, "95"), (1, None, None), "indeterminate", [("c.pem", crl_rev(None, raw_date=gtf(1, "")))])
# --- huge accuracy
case("d01-acc-max-clean-now", gts(0, "5"), (9007199254, 999, 999), "indeterminate", [("c.pem", crl_clean(N))])
case("d02-acc-max-rev-now-benign", gts(0, "5"), (9007199254, 999, 999), "indeterminate", [("c.pem", crl_rev(N))])
# --- two CRLs: one revoking within accuracy (older), newer clean: must stay indeterminate
case("e01-two-crls-within-acc-then-clean", gts(0, "5"), (2, None, None), "indeterminate",
     [("c1.pem", crl_rev(sec(2), tu=sec(3))), ("c2.pem", crl_clean(N))])
case("e02-crl-within-acc-plus-ocsp-good", gts(0, "5"), (2, None, None), "indeterminate",
     [("c1.pem", crl_rev(sec(2), tu=sec(3))), ("o.der", oc_good(N))])
case("e03-ocsp-rev-within-acc-plus-crl-clean", gts(0, "5"), (2, None, None), "indeterminate",
     [("o.der", oc_rev(gtf(2, ""), produced=sec(3), tu=sec(3))), ("c2.pem", crl_clean(N))])
open("cases.tsv", "w").write("\n".join(rows) + "\n")
