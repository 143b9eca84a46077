# synthetic honest logs: forged-but-valid notes (we hold the key) + v5 bundles from a template
import sys,json; sys.path.insert(0,'.'); from mk import *; from signnote import note
T=read_tar('/tmp/rt-cmp/work/g4.evb')
def bundle(out, size, root, S_runs, recs, proof, bl=b'', br=b'', extra=None, fix=True):
    e={k:v for k,v in T.items() if not k.startswith('checkpoints/')}
    m=json.loads(e['manifest.json']); m['covering_tree_size']=size
    m['checkpoints']=['checkpoints/%d.note'%size]; e['manifest.json']=canon(m)
    e['checkpoints/%d.note'%size]=note(size,root); e['checkpoints/consistency.jsonl']=b''
    e['leaves.jsonl']=S_runs if isinstance(S_runs,bytes) else b''.join(canon(r)+b'\n' for r in S_runs)
    e['receipts.jsonl']=recs if isinstance(recs,bytes) else b''.join(r+b'\n' for r in recs)
    e['multiproof.bin']=proof if isinstance(proof,bytes) else b''.join(proof)
    e['boundary/leaves.jsonl']=bl; e['boundary/receipts.jsonl']=br
    if extra: e.update(extra)
    write_tar(out,e,fix_manifest=fix)
if __name__=='__main__':
    data=[b'leaf %d'%i for i in range(8)]; hs=[leaf(x) for x in data]
    bundle('s8.evb',8,mth(hs),[[0,8]],data,[])
    bundle('s5.evb',5,mth(hs[:5]),[[0,5]],data[:5],[])
    fork=data[:3]+[b'fork %d'%i for i in range(3,8)]; fh=[leaf(x) for x in fork]
    bundle('s8fork6.evb',6,mth(fh[:6]),[[0,6]],fork[:6],[])
