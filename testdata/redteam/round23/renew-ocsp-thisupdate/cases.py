# OCSP responses for the renewal case. argv: lib dir. env: GT (anchor genTime), P (archive proven-at, epoch s)
import sys, os; sys.path.insert(0, sys.argv[1])
from rawcrl import *
from ocspraw import single
from cryptography.hazmat.primitives.serialization import load_pem_private_key
def ld(d):
    return (Cert(x509.load_pem_x509_certificate(open(d+"/root.pem","rb").read()), load_pem_private_key(open(d+"/root.key","rb").read(), None)),
            Cert(x509.load_pem_x509_certificate(open(d+"/tsa.pem","rb").read()), None))
root1, tsa1 = ld("tsa"); root2, tsa2 = ld("tsa2")
G = dt.datetime.strptime(os.environ["GT"][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
P = dt.datetime.fromtimestamp(int(os.environ["P"]), UTC)
N = now()
cid = certid(tsa1, root1)
def oc(name, singles, produced):
    write(name + ".der", basic(singles, root1, by="name", produced=produced))
# good as of G+5 (after the anchor's dataFrom G+2), before P; produced now (after P)
oc("o1-good-before-P-produced-after", [single(cid, "good", this_update=G + dt.timedelta(seconds=5))], N)
oc("o2-good-at-P", [single(cid, "good", this_update=P)], N)
oc("o3-good-before-P-produced-before", [single(cid, "good", this_update=G + dt.timedelta(seconds=5))], G + dt.timedelta(seconds=5))
# good as of G (before dataFrom), produced now
oc("o4-good-at-G-produced-after", [single(cid, "good", this_update=G)], N)
write("crl2.pem", pem_crl(raw_crl(root2, [], this_update=N)))
print("G", G, "P", P, "N", N)
# control: a clean CRL issued at G+5 (before P) proves nothing for the renewed anchor (it is split by thisUpdate >= P)
write("c5-clean-crl-at-G+5.pem", pem_crl(raw_crl(root1, [], this_update=G + dt.timedelta(seconds=5))))
