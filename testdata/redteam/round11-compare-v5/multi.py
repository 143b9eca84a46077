# add older checkpoints + consistency proofs to an exported bundle (as export would with anchored checkpoints)
import sys,json,subprocess; sys.path.insert(0,'.'); from mk import *
def cons(d,o,n):
    j=json.loads(subprocess.run(['/tmp/rt-cmp/evident','proof','consistency',str(o),str(n),'--dir',d],capture_output=True,text=True).stdout)
    return {"new_size":n,"old_size":o,"path":j["path"]}
def build(src,out,ldir,sizes,notes,cons_pairs=None):
    d=read_tar(src); m=json.loads(d['manifest.json'])
    for s,nf in zip(sizes,notes): d['checkpoints/%d.note'%s]=open(nf,'rb').read()
    m['checkpoints']=['checkpoints/%d.note'%s for s in sorted(set(sizes)|{m['covering_tree_size']})]
    m['counts']['checkpoints']=len(m['checkpoints'])
    allsz=sorted(set(sizes)|{m['covering_tree_size']})
    pairs=cons_pairs or list(zip(allsz,allsz[1:]))
    d['checkpoints/consistency.jsonl']=b''.join(canon(cons(ldir,o,n))+b'\n' for o,n in pairs)
    d['manifest.json']=canon(m); write_tar(out,d); print(out)
if __name__=='__main__':
    build('g16.evb','g16multi.evb','G16',[4,10],['notes/G4.note','notes/G10.note'])
    build('g16s.evb','g16smulti.evb','G16',[4,10],['notes/G4.note','notes/G10.note'])
    build('g10t.evb','g10tmulti.evb','G10',[4],['notes/G4.note'])
