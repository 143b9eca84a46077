# Revocation of the real ledger key from mid-period (self-signed), given via --ledger-key; also a rotation to key N.
import json, base64, sys
sys.path.insert(0, '/tmp/rt-pipe/cases')
from keyrec import K, real, canon, rotation, kid, npub
def revocation(frm, at):
    r = {"type":"key-revocation","key_id":real['key_id'],"from":frm,"reason":"test leak","at":at}
    r['signatures'] = [{"key_id":real['key_id'],"sig":base64.b64encode(K.sign(canon(r))).decode()}]
    return r
open('/tmp/rt-pipe/keys/rev-mid.json','w').write(canon(revocation("2026-12-02T12:21:11.645Z", "2026-12-02T12:30:00.000Z")).decode())
open('/tmp/rt-pipe/keys/rot-early.json','w').write(canon(rotation(kid(npub), "2026-11-30T00:00:00.000Z")).decode())
