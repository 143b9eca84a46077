# honest variant of fuzzfork.py (arg3 set): one log, two sizes, random selections: must never say equivocation
import sys,random,subprocess; sys.path.insert(0,'.'); from mk import *; from synth import bundle
HONEST=len(sys.argv)>3
E='/tmp/rt-cmp/evident'; random.seed(int(sys.argv[1]) if len(sys.argv)>1 else 1)
def runs(S):
    S=sorted(S); out=[]
    for i in S:
        if out and out[-1][0]+out[-1][1]==i: out[-1][1]+=1
        else: out.append([i,1])
    return out
bad=0
for it in range(int(sys.argv[2]) if len(sys.argv)>2 else 60):
    na=random.randint(1,300); nb=random.randint(1,300)
    if na==nb: nb+=1
    f=10**9 if HONEST else random.randint(0,min(na,nb)-1)
    A=[b'a%d'%i if i>=f else b'c%d'%i for i in range(na)]; B=[b'b%d'%i if i>=f else b'c%d'%i for i in range(nb)]
    ha=[leaf(x) for x in A]; hb=[leaf(x) for x in B]
    SA=set(random.sample(range(na),random.randint(1,na))); SB=set(random.sample(range(nb),random.randint(1,nb)))
    for nm,S,D,h,n in (('fa.evb',SA,A,ha,na),('fb.evb',SB,B,hb,nb)):
        bundle(nm,n,mth(h),runs(S),[D[i] for i in sorted(S)],multiproof(S,h))
    expect=1 if any(i>=f for i in SA&SB) else 3
    r=subprocess.run([E,'checkpoint','compare','fa.evb','fb.evb','--ledger-key','k.pub.json','-o','ff.eq','--force'],capture_output=True,text=True)
    v=None
    if r.returncode==1:
        v=subprocess.run([E,'verify','--equivocation','ff.eq','--ledger-key','k.pub.json'],capture_output=True,text=True).returncode
    ok=(r.returncode==expect) and (v in (None,0))
    if not ok:
        bad+=1; print('MISMATCH',na,nb,f,sorted(SA)[:10],sorted(SB)[:10],'rc',r.returncode,'expect',expect,'verify',v,r.stdout[:200],r.stderr[:200])
print('done, mismatches:',bad)
