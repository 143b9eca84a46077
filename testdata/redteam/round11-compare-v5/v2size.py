# v2 proofs.jsonl: claim leaf 8 as "index 2 in a tree of 4" whose path recomputes root10 (tree_size lie)
import sys,json,base64,hashlib; sys.path.insert(0,'.'); from mk import *
d=read_tar('g10v2.evb'); R=lines(d['receipts.jsonl']); hs=[leaf(r) for r in R]
b=lambda x: base64.b64encode(x).decode()
def mk(name, recs, plines, cov=None, notes=None):
    e=dict(d); e['receipts.jsonl']=b''.join(r+b'\n' for r in recs)
    e['proofs.jsonl']=b''.join(canon(p)+b'\n' for p in plines)
    m=json.loads(e['manifest.json'])
    if cov: m['covering_tree_size']=cov
    if notes:
        for s,f in notes.items(): e['checkpoints/%d.note'%s]=open(f,'rb').read()
        m['checkpoints']=['checkpoints/%d.note'%s for s in sorted(notes)]
    e['manifest.json']=canon(m); write_tar(name,e); print(name)
p=lambda r,i,path,ts: {"hash":hashlib.sha256(r).hexdigest(),"leaf_index":i,"path":[b(x) for x in path],"tree_size":ts}
mk('v2_ts4.evb',[R[8]],[p(R[8],2,[hs[9],mth(hs[:8])],4)])
mk('v2_ts4_cov4.evb',[R[8]],[p(R[8],2,[hs[9],mth(hs[:8])],4)],cov=4)
mk('v2_ts4_notes.evb',[R[8]],[p(R[8],2,[hs[9],mth(hs[:8])],4)],notes={4:'notes/G4.note',10:'notes/G10.note'})
mk('v2_ts10_i2.evb',[R[8]],[p(R[8],2,[hs[9],mth(hs[:8])],10)])
# honest control
mk('v2_ctl.evb',[R[8]],[p(R[8],8,path(8,hs),10)])
mk('v2_ctl2.evb',[R[2]],[p(R[2],2,path(2,hs),10)])
