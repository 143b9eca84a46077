# forge C2SP notes with the test key (we hold it): sign(size, root, journal_line)
import json,base64,hashlib
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
K=json.load(open('/tmp/rt-cmp/work/k.json')); sk=Ed25519PrivateKey.from_private_bytes(base64.b64decode(K['seed']))
pub=base64.b64decode(K['public_key']); ORIGIN='example.org/x'
kh=hashlib.sha256(ORIGIN.encode()+b'\n\x01'+pub).digest()[:4]
JL='evident-key-journal 0 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='
def note(size,root,journal=JL,origin=ORIGIN):
    body=('%s\n%d\n%s\n'%(origin,size,base64.b64encode(root).decode())+(journal+'\n' if journal else '')).encode()
    sig=sk.sign(body)
    return body+b'\n'+('\u2014 %s %s\n'%(origin,base64.b64encode(kh+sig).decode())).encode()
if __name__=='__main__':
    g=open('notes/G4.note','rb').read()
    r=base64.b64decode(g.split(b'\n')[2])
    print(note(4,r)==g)
