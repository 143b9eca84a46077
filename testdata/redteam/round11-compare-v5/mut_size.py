# covering_tree_size forgery: fold a smaller tree whose root equals root10
import sys,json; sys.path.insert(0,'.'); from mk import *
d=read_tar('g10.evb'); hs=all_leaves('g10.evb'); R=lines(d['receipts.jsonl'])
def mk(name, cov, runs, recs, proof, bl=b'', br=b''):
    e=dict(d); m=json.loads(e['manifest.json']); m['covering_tree_size']=cov
    e['manifest.json']=canon(m)
    e['leaves.jsonl']=b''.join(canon(r)+b'\n' for r in runs)
    e['receipts.jsonl']=b''.join(r+b'\n' for r in recs)
    e['multiproof.bin']=b''.join(proof)
    e['boundary/leaves.jsonl']=bl; e['boundary/receipts.jsonl']=br
    write_tar(name,e)
# n'=4, S={2,3} <- leaves 8,9 ; proof M[0,8)
assert node(mth(hs[:8]),node(hs[8],hs[9]))==mth(hs)
mk('m_cov4.evb',4,[[2,2]],[R[8],R[9]],[mth(hs[:8])])
# n'=2, S={1} can't (right is node). n'=3? root3=node(node(L0,L1),L2): L2 would need to be node -> no
# n'=4, S={0,1,2,3}? no.  n'=10 honest but covering 10 (control)
mk('m_cov10.evb',10,[[8,2]],[R[8],R[9]],[mth(hs[:8])])
