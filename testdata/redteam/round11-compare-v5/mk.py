# helpers: merkle + bundle tar editing
import hashlib, tarfile, io, json, base64, sys
def H(b): return hashlib.sha256(b).digest()
def leaf(d): return H(b'\x00'+d)
def node(l,r): return H(b'\x01'+l+r)
def split(n):
    k=1
    while k*2<n: k*=2
    return k
def mth(hs):
    if len(hs)==0: return H(b'')
    if len(hs)==1: return hs[0]
    k=split(len(hs)); return node(mth(hs[:k]),mth(hs[k:]))
def path(i,hs):
    n=len(hs)
    if n<=1: return []
    k=split(n)
    if i<k: return path(i,hs[:k])+[mth(hs[k:])]
    return path(i-k,hs[k:])+[mth(hs[:k])]
def multiproof(S,hs,lo=0,hi=None):
    if hi is None: hi=len(hs)
    if not any(lo<=s<hi for s in S): return [mth(hs[lo:hi])]
    if hi-lo==1: return []
    k=split(hi-lo)
    return multiproof(S,hs,lo,lo+k)+multiproof(S,hs,lo+k,hi)
def read_tar(p):
    t=tarfile.open(p); d={}
    for m in t.getmembers(): d[m.name]=t.extractfile(m).read()
    return d
def write_tar(p,d,fix_manifest=True,order=None):
    if fix_manifest and 'manifest.json' in d:
        m=json.loads(d['manifest.json'])
        m['files']={k:hashlib.sha256(v).hexdigest() for k,v in d.items() if k!='manifest.json'}
        d['manifest.json']=canon(m)
    names=order or (['manifest.json']+sorted(k for k in d if k!='manifest.json'))
    with tarfile.open(p,'w',format=tarfile.USTAR_FORMAT) as t:
        for n in names:
            ti=tarfile.TarInfo(n); ti.size=len(d[n]); ti.mode=0o644; ti.mtime=0
            t.addfile(ti,io.BytesIO(d[n]))
def canon(o): return json.dumps(o,sort_keys=True,separators=(',',':'),ensure_ascii=False).encode()
def lines(b): return [l for l in b.split(b'\n') if l]
def all_leaves(ledger_bundle):
    d=read_tar(ledger_bundle); return [leaf(l) for l in lines(d['receipts.jsonl'])]
