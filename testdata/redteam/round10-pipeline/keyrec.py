# Build rotation records from the real ledger key to a fresh key N, with new_key_id either correct or forged.
import json, base64, hashlib, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization
def canon(o): return json.dumps(o, separators=(',',':'), sort_keys=True, ensure_ascii=False).encode()
def raw(pk): return pk.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
def kid(pub): return 'ed25519:' + hashlib.sha256(pub).hexdigest()[:32]
real = json.load(open('/tmp/vb/key.json'))
K = Ed25519PrivateKey.from_private_bytes(base64.b64decode(real['seed']))
N = Ed25519PrivateKey.from_private_bytes(bytes(range(32, 64)))
npub = raw(N.public_key())
def rotation(new_id, at):
    r = {"type":"key-rotation","old_key_id":real['key_id'],"new_key_id":new_id,
         "new_public_key":base64.b64encode(npub).decode(),"at":at}
    b = canon(r)
    r['signatures'] = [{"key_id":real['key_id'],"sig":base64.b64encode(K.sign(b)).decode()},
                       {"key_id":new_id,"sig":base64.b64encode(N.sign(b)).decode()}]
    return r
at = sys.argv[1] if len(sys.argv) > 1 else "2026-12-02T12:21:12.000Z"
open('/tmp/rt-pipe/keys/rot-good.json','w').write(canon(rotation(kid(npub), at)).decode())
open('/tmp/rt-pipe/keys/rot-forgedid.json','w').write(canon(rotation('ed25519:22222222222222222222222222222222', at)).decode())
print(kid(npub))
