#!/usr/bin/env python3
"""Merkle helpers (RFC 9162) for crafting v5 bundles.
mp.py proof FULL_RECEIPTS TREE_SIZE IDX,IDX,... > multiproof.bin   (honest multi-proof for an index set)
mp.py root FULL_RECEIPTS TREE_SIZE                                    (MTH hex)"""
import hashlib, sys
def H(b): return hashlib.sha256(b).digest()
def leaf(d): return H(b'\x00' + d)
def node(l, r): return H(b'\x01' + l + r)
def split(w):
    k = 1
    while k * 2 < w: k *= 2
    return k
def mth(L, s, e):
    if e - s == 1: return L[s]
    m = s + split(e - s)
    return node(mth(L, s, m), mth(L, m, e))
def proof(L, n, S):
    S = set(S); out = []
    def walk(s, e):
        if not any(s <= i < e for i in S): out.append(mth(L, s, e)); return
        if e - s == 1: return
        m = s + split(e - s); walk(s, m); walk(m, e)
    walk(0, n); return out
def lines(p): return [l for l in open(p, 'rb').read().split(b'\n') if l]
if __name__ == '__main__':
    cmd = sys.argv[1]
    L = [leaf(x) for x in lines(sys.argv[2])]
    n = int(sys.argv[3])
    if cmd == 'proof':
        S = [int(x) for x in sys.argv[4].split(',') if x]
        sys.stdout.buffer.write(b''.join(proof(L, n, S)))
    elif cmd == 'root':
        print(mth(L, 0, n).hex())
