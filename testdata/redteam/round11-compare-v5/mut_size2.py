# covering-size forgery with both checkpoints 4 and 10 present (fold over 4 whose root equals root10)
import sys,json; sys.path.insert(0,'.'); from mk import *; from multi import cons
P=sys.argv[1] if len(sys.argv)>1 else 'g'
d=read_tar('g10.evb'); hs=all_leaves('g10.evb'); R=lines(d['receipts.jsonl'])
def mk(name,cov,runs,recs,proof,notes,consl,listed=None):
    e=dict(d); m=json.loads(e['manifest.json']); m['covering_tree_size']=cov
    for s,f in notes.items(): e['checkpoints/%d.note'%s]=open(f,'rb').read()
    m['checkpoints']=listed or ['checkpoints/%d.note'%s for s in sorted(notes)]
    e['manifest.json']=canon(m)
    e['leaves.jsonl']=b''.join(canon(r)+b'\n' for r in runs); e['receipts.jsonl']=b''.join(r+b'\n' for r in recs)
    e['multiproof.bin']=b''.join(proof); e['checkpoints/consistency.jsonl']=consl
    write_tar(name,e); print(name)
c=canon(cons('G10',4,10))+b'\n'
N={4:'notes/G4.note',10:'notes/G10.note'}
mk('m2_cov4_both.evb',4,[[2,2]],[R[8],R[9]],[mth(hs[:8])],N,c)
mk('m2_cov4_both_nocons.evb',4,[[2,2]],[R[8],R[9]],[mth(hs[:8])],N,b'')
mk('m2_cov4_only10listed.evb',4,[[2,2]],[R[8],R[9]],[mth(hs[:8])],N,c,['checkpoints/10.note'])
# cov 2: S={1} <- ? root10 right child is node -> instead tree of size 3? root3=node(node(L0,L1),L2) no.
# cov 8, S={6,7} whose root8 = node(M0-4, node(M4-6, node(L6,L7))) -> can't equal root10
# cov 4 vs partner: also claims index 3 = L9
