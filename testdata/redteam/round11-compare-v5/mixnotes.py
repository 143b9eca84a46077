# bundles carrying notes of two forks: does "same newest" short-circuit hide provable equivocation?
import sys,json; sys.path.insert(0,'.'); from mk import *
def add(src,out,extra):
    d=read_tar(src); m=json.loads(d['manifest.json'])
    for s,f in extra.items(): d['checkpoints/%d.note'%s]=open(f,'rb').read()
    m['checkpoints']=sorted(set(m['checkpoints'])|{'checkpoints/%d.note'%s for s in extra}); m['counts']['checkpoints']=len(m['checkpoints'])
    d['manifest.json']=canon(m); write_tar(out,d); print(out)
add('x4.evb','x4_g10.evb',{10:'notes/G10.note'})     # X's leaves (cov 4) + G10 note
add('y7.evb','y7_g10.evb',{10:'notes/G10.note'})     # Y's leaves (cov 7) + G10 note
add('g10.evb','g10_x4.evb',{4:'notes/X4.note'})
