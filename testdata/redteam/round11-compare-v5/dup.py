# duplicate tar entries / mixed layouts / version tampering on honest g10 (+partner g4)
import sys,json,tarfile,io,hashlib; sys.path.insert(0,'.'); from mk import *
src=sys.argv[1] if len(sys.argv)>1 else 'g10.evb'; pre=sys.argv[2] if len(sys.argv)>2 else 'd_'
d=read_tar(src); R=lines(d['receipts.jsonl']); hs=[leaf(r) for r in R]
v2=read_tar(src.replace('.evb','v2.evb')) if src.startswith('g10') else None
def raw_tar(p,entries):
    with tarfile.open(p,'w',format=tarfile.USTAR_FORMAT) as t:
        for n,b in entries:
            ti=tarfile.TarInfo(n); ti.size=len(b); ti.mode=0o644; ti.mtime=0; t.addfile(ti,io.BytesIO(b))
    print(p)
def order(e): return [('manifest.json',e['manifest.json'])]+sorted((k,v) for k,v in e.items() if k!='manifest.json')
fakeR=list(R); fakeR[2]=R[3]  # claim leaf 3's data at index 2
fake_rec=b''.join(r+b'\n' for r in fakeR)
# fake fold data: S = {0..9} but with swapped data -> root mismatch; instead, a fake set S={2} with leaf=R[3]? root can't match
ent=order(d)
# dup receipts.jsonl: honest first, fake second / fake first, honest second
raw_tar(pre+'rec_hf.evb',ent+[('receipts.jsonl',fake_rec)])
raw_tar(pre+'rec_fh.evb',[(n,(fake_rec if n=='receipts.jsonl' else b)) for n,b in ent]+[('receipts.jsonl',d['receipts.jsonl'])])
# dup leaves.jsonl pair: fold set A = honest [0,10]; set B = [2,1] w/ receipts R[3], multiproof for {2} from honest leaves -> root mismatch for B
mpB=b''.join(multiproof({2},hs))
setB={'leaves.jsonl':b'[2,1]\n','receipts.jsonl':R[3]+b'\n','multiproof.bin':mpB}
raw_tar(pre+'set_hB.evb',ent+list(setB.items()))
raw_tar(pre+'set_Bh.evb',[(n,setB.get(n,b)) for n,b in ent]+[(k,d[k]) for k in setB])
# two manifests
m=json.loads(d['manifest.json']); m2=dict(m); m2['covering_tree_size']=4
raw_tar(pre+'man2.evb',ent+[('manifest.json',canon(m2))])
# ./-prefixed names duplicate
raw_tar(pre+'dotslash.evb',ent+[('./receipts.jsonl',fake_rec)])
raw_tar(pre+'dotslash2.evb',[(n,(fake_rec if n=='receipts.jsonl' else b)) for n,b in ent]+[('./receipts.jsonl',d['receipts.jsonl'])])
if v2:
    # mixed: v5 files + v2 proofs.jsonl with version 2 / 5
    e=dict(d); e['proofs.jsonl']=v2['proofs.jsonl']; e['boundary/proofs.jsonl']=b''
    for ver in (2,5):
        mm=json.loads(e['manifest.json']); mm['version']=ver; e['manifest.json']=canon(mm); write_tar(pre+'mixed_v%d.evb'%ver,dict(e)); print(pre+'mixed_v%d.evb'%ver)
    e=dict(v2); mm=json.loads(e['manifest.json']); mm['version']=5; e['manifest.json']=canon(mm); write_tar(pre+'v2as5.evb',e); print(pre+'v2as5.evb')
    e=dict(d); mm=json.loads(e['manifest.json']); mm['version']=2; e['manifest.json']=canon(mm); write_tar(pre+'v5as2.evb',e); print(pre+'v5as2.evb')
    # mixed with fake v2 proof for index 2 (proofs.jsonl honest except line 2 leaf_index 3?)
