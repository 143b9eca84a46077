# structural mutations of the v5 claims (leaves/boundary/receipts) of honest bundles
import sys,json; sys.path.insert(0,'.'); from mk import *
P=sys.argv[1] if len(sys.argv)>1 else 'g'; OUT=sys.argv[2] if len(sys.argv)>2 else 'm_'
hs4=all_leaves(P+'4.evb'); R4=lines(read_tar(P+'4.evb')['receipts.jsonl'])
hs10=all_leaves('g10.evb'); R10=lines(read_tar('g10.evb')['receipts.jsonl'])
base4=read_tar(P+'4p.evb'); base10=read_tar('g10p.evb')
def mk(name, base, leaves_b, recs, proof, bl=b'', br=b'', cov=None, raw_recs=None):
    e=dict(base)
    if cov is not None:
        m=json.loads(e['manifest.json']); m['covering_tree_size']=cov; e['manifest.json']=canon(m)
    e['leaves.jsonl']=leaves_b
    e['receipts.jsonl']=raw_recs if raw_recs is not None else b''.join(r+b'\n' for r in recs)
    e['multiproof.bin']=b''.join(proof)
    e['boundary/leaves.jsonl']=bl; e['boundary/receipts.jsonl']=br
    write_tar(OUT+name+'.evb',e); print(OUT+name+'.evb')
mp=lambda S,hs: multiproof(S,hs)
# control
mk('ctl4',base4,b'[1,2]\n',[R4[1],R4[2]],mp({0,1,2,3},hs4),b'[0,1]\n[3,1]\n',R4[0]+b'\n'+R4[3]+b'\n')
# A: boundary duplicates selection index 1 with fake receipt (R4[0]); fold proof as for {1,2,3} with hash of leaf0
mk('dupA',base4,b'[1,2]\n',[R4[1],R4[2]],mp({1,2,3},hs4),b'[1,1]\n[3,1]\n',R4[0]+b'\n'+R4[3]+b'\n')
mk('dupA2',base4,b'[1,2]\n',[R4[1],R4[2]],mp({1,2,3},hs4),b'[1,1]\n[3,1]\n',R4[3]+b'\n'+R4[3]+b'\n')
# B: boundary dup with fake receipt placed first: boundary lists index 1 = fake (real leaf 0 line), main lists 1 real
mk('dupB',base4,b'[1,2]\n',[R4[1],R4[2]],mp({0,1,2,3},hs4),b'[0,1]\n[1,1]\n[3,1]\n',R4[0]+b'\n'+R4[0]+b'\n'+R4[3]+b'\n')
# C: unsorted boundary (and receipts swapped accordingly)
mk('unsortB',base4,b'[1,2]\n',[R4[1],R4[2]],mp({0,1,2,3},hs4),b'[3,1]\n[0,1]\n',R4[3]+b'\n'+R4[0]+b'\n')
# D: unsorted boundary, receipts not swapped
mk('unsortB2',base4,b'[1,2]\n',[R4[1],R4[2]],mp({0,1,2,3},hs4),b'[3,1]\n[0,1]\n',R4[0]+b'\n'+R4[3]+b'\n')
# E: overlapping runs in leaves: [0,2],[1,2] with 4 receipts R0,R1,R1?,R2
mk('overlap',base4,b'[0,2]\n[1,2]\n',[R4[0],R4[1],R4[0],R4[2]],mp({0,1,2},hs4))
mk('overlap2',base4,b'[0,2]\n[1,2]\n',[R4[0],R4[1],R4[1],R4[2]],mp({0,1,2},hs4))
mk('touch',base4,b'[0,2]\n[2,2]\n',[R4[0],R4[1],R4[2],R4[3]],[])
mk('decr',base4,b'[2,2]\n[0,2]\n',[R4[2],R4[3],R4[0],R4[1]],[])
mk('decr2',base4,b'[2,2]\n[0,2]\n',[R4[0],R4[1],R4[2],R4[3]],[])
# F: count mismatch: more receipts than indices (extra fake at end), fewer receipts
mk('extrarec',base4,b'[0,4]\n',[R4[0],R4[1],R4[2],R4[3],R4[0]],[])
mk('extraidx',base4,b'[0,4]\n',[R4[0],R4[1],R4[2]],[hs4[3]])
mk('extraidx2',base4,b'[0,4]\n',[R4[1],R4[2],R4[3]],[hs4[0]])
# G: odd encodings
mk('lead0',base4,b'[0,04]\n',R4,[])
mk('float',base4,b'[0,4.0]\n',R4,[])
mk('exp',base4,b'[0,4e0]\n',R4,[])
mk('space',base4,b'[0, 4]\n',R4,[])
mk('crlf',base4,b'[0,4]\r\n',R4,[])
mk('nonl',base4,b'[0,4]',R4,[])
mk('blank',base4,b'[0,4]\n\n',R4,[])
mk('neg',base4,b'[-1,5]\n',[R4[0]]+R4,[])
mk('zero',base4,b'[0,0]\n[0,4]\n',R4,[])
mk('big',base4,b'[0,4]\n[9007199254740991,1]\n',R4+[R4[0]],[])
mk('wrap',base4,b'[0,4]\n[18446744073709551615,1]\n',R4+[R4[0]],[])
mk('wrap2',base4,b'[0,18446744073709551617]\n',R4,[])
# H: receipts oddities
mk('recblank',base4,b'[0,4]\n',None,[],raw_recs=R4[0]+b'\n\n'+R4[1]+b'\n'+R4[2]+b'\n'+R4[3]+b'\n')
mk('recblank2',base4,b'[0,4]\n',None,[],raw_recs=R4[0]+b'\n'+R4[1]+b'\n'+R4[2]+b'\n'+R4[3]+b'\n\n')
mk('reccrlf',base4,b'[0,4]\n',None,[],raw_recs=b''.join(r+b'\r\n' for r in R4))
mk('recnonl',base4,b'[0,4]\n',None,[],raw_recs=b'\n'.join(R4))
# I: boundary lines without receipts / receipts without boundary lines
mk('bextra',base4,b'[1,2]\n',[R4[1],R4[2]],mp({0,1,2},hs4),b'[0,1]\n',R4[0]+b'\n'+R4[3]+b'\n')
mk('bextra2',base4,b'[1,2]\n',[R4[1],R4[2]],mp({0,1,2,3},hs4),b'[0,1]\n[3,1]\n',R4[0]+b'\n')
# J: boundary multi-count run
mk('brun',base4,b'[1,1]\n',[R4[1]],mp({0,1,2,3},hs4),b'[2,2]\n[0,1]\n',R4[2]+b'\n'+R4[3]+b'\n'+R4[0]+b'\n')
mk('brun2',base4,b'[2,2]\n',[R4[2],R4[3]],mp({0,1,2,3},hs4),b'[0,2]\n',R4[0]+b'\n'+R4[1]+b'\n')
