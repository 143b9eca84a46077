# forge-keyname.py IN OUT SIZE NAME: appends a signature line under an unknown key named NAME to
# checkpoints/SIZE.note (unsigned: any holder can) and writes VERIFY as the old derivation named it.
import sys; import os; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib')); import bundle as B, base64
src, out, size, name = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
e=B.load(src)
n=B.get(e,"checkpoints/%s.note"%size)
sig=base64.b64encode(b"\x01\x02\x03\x04"+b"\x00"*64).decode()
start=len(n[1]); line=("\u2014 %s %s"%(name,sig)).encode()
n[1]=n[1]+line+b"\n"
offset=start+len(("\u2014 %s "%name).encode()); length=len(sig)
v=B.get(e,"VERIFY")[1].decode()
anchor="checkpoint-%s-sig1.sig\n"%size
i=v.index("-in checkpoint-%s.txt -sigfile "%size+anchor)+len("-in checkpoint-%s.txt -sigfile "%size+anchor)
b="checkpoint-%s-sig2"%size; nm="checkpoints/%s.note"%size
block=(f"# Signature 2 (by a key of {name}): {length} base64 characters at byte {offset} of the note,\n"
 f"# decoding to a 4-byte key hash followed by the 64-byte Ed25519 signature:\n"
 f"openssl asn1parse -inform DER -in {nm} -offset {offset} -length {length} -noout -out {b}.b64\n"
 f"openssl base64 -d -A -in {b}.b64 -out {b}.bin\n"
 f"openssl asn1parse -inform DER -in {b}.bin -offset 4 -length 64 -noout -out {b}.sig\n"
 f"openssl pkeyutl -verify -pubin -inkey LEDGER-KEY.pem -rawin -in checkpoint-{size}.txt -sigfile {b}.sig\n")
B.get(e,"VERIFY")[1]=(v[:i]+block+v[i:]).encode()
B.fix(e); B.save(e,out)
