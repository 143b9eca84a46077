# craft equivocation files against honest log H (tree 10 and 4) and run verify
import sys, subprocess, base64; sys.path.insert(0,'.'); from mk import *
E='/tmp/rt-cmp/evident'
hs=all_leaves('H10.evb')
n10=open('notes/H10.note','rb').read(); n4=open('notes/H4.note','rb').read()
b=lambda x: base64.b64encode(x).decode()
def eq(kind,na,nb,extra):
    s='evident-equivocation/v1\nkind %s\nnote %s\nnote %s\n'%(kind,b(na),b(nb))+extra
    return s
def run(name,s):
    open('eq_'+name,'w').write(s)
    r=subprocess.run([E,'verify','--equivocation','eq_'+name,'--ledger-key','k.pub.json'],capture_output=True,text=True)
    out=(r.stdout+r.stderr).strip().splitlines()
    print('%-28s rc=%d %s'%(name,r.returncode,' | '.join(o for o in out if 'trusted log keys' not in o)[:220]))
def incl(idx,al,ap,bl,bp):
    s='index %d\na-leaf %s\n'%(idx,b(al))+''.join('a-proof %s\n'%b(p) for p in ap)
    s+='b-leaf %s\n'%b(bl)+''.join('b-proof %s\n'%b(p) for p in bp)
    return s
h4=hs[:4]
# sanity: same leaf both sides -> should fail
run('same-leaf',eq('inclusion',n4,n10,incl(0,hs[0],path(0,h4),hs[0],path(0,hs))))
# internal node as leaf with short path
run('internal-node',eq('inclusion',n4,n10,incl(0,hs[0],path(0,h4),node(hs[0],hs[1]),path(0,hs)[1:])))
run('internal-node-a',eq('inclusion',n10,n4,incl(0,node(hs[0],hs[1]),path(0,hs)[1:],hs[0],path(0,h4))))
# index 8 in tree 10 : node(L8,L9) at "index 8" with path [M0-8]
run('internal-8',eq('inclusion',n10,n10,incl(8,hs[8],path(8,hs),node(hs[8],hs[9]),[mth(hs[:8])])))
# whole tree-4 root as leaf at index 0 in tree 4 with empty path vs real leaf 0
run('root-as-leaf',eq('inclusion',n4,n10,incl(0,mth(h4),[],hs[0],path(0,hs))))
# index >= size
run('idx-10-in-10',eq('inclusion',n10,n10,incl(10,hs[8],[hs[9],mth(hs[:8])],hs[0],path(0,hs))))
# index 4 in tree 4 claims: leaf? path
run('idx-4-in-4',eq('inclusion',n4,n10,incl(4,hs[2],[hs[3],node(hs[0],hs[1])],hs[4],path(4,hs))))
# negative index / huge index
run('idx-huge',eq('inclusion',n4,n10,incl(2**64-4,hs[0],path(0,h4),hs[1],path(1,hs))))
run('idx-neg',eq('inclusion',n4,n10,incl(-1,hs[0],path(0,h4),hs[1],path(1,hs))))
# same-size with same note twice
run('same-size-same',eq('same-size',n10,n10,''))
run('same-size-4-10',eq('same-size',n4,n10,''))
