# forge-accuracy.py BUNDLE_IN BUNDLE_OUT TSA_DIR TOKEN_NAME ACC_SECONDS
# Re-signs the anchor token TOKEN_NAME with the (trusted) TSA's own key: same imprint, nonce, serial,
# genTime and TSA name, only the stated accuracy changed to ACC_SECONDS. Re-digests the manifest.
import sys, re, subprocess
import os
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tok, bundle as B
from cryptography import x509
from cryptography.hazmat.primitives import serialization
src, dst, tsadir, name, acc = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
e = B.load(src)
old = B.get(e, name)[1]
txt = subprocess.run(["openssl", "ts", "-reply", "-in", "/dev/stdin", "-text"], input=old, capture_output=True).stdout.decode()
nonce = int(re.search(r"Nonce: 0x([0-9A-Fa-f]+)", txt).group(1), 16)
serial = int(re.search(r"Serial number: 0x([0-9A-Fa-f]+)", txt).group(1), 16)
imprint = bytes.fromhex("".join(re.search(r"Message data:\n((?:\s+\d{4} - .*\n)+)", txt).group(1).split("\n")[i][11:58].replace("-", " ").replace(" ", "") for i in range(2)))
m = re.search(rb"\x18([\x0f-\x20])(\d{14}(?:\.\d+)?Z)", old)
gen = m.group(2).decode()
cert = x509.load_pem_x509_certificate(open(tsadir + "/tsa.pem", "rb").read())
key = serialization.load_pem_private_key(open(tsadir + "/tsa.key", "rb").read(), None)
signer = tok.Cert(cert, key)
tst = tok.tstinfo(imprint, serial=serial, gen_time=gen, accuracy=(acc, None, None), nonce=nonce,
                  tsa=tok.ctx(4, cert.subject.public_bytes()))
B.get(e, name)[1] = tok.response(tok.token(tst, signer))
B.fix(e); B.save(e, dst)
print("re-signed", name, "genTime", gen, "accuracy", acc, "s")
