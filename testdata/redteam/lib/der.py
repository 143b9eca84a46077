"""Tiny DER tree: parse, edit, re-serialise with lengths recomputed. Descends into OCTET STRINGs
(and [0] EXPLICIT) whose content is itself DER."""
def _len(n):
    if n < 0x80: return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big"); return bytes([0x80 | len(b)]) + b

class Node:
    def __init__(s, tag, value=None, children=None, encap=False):
        s.tag, s.value, s.children, s.encap = tag, value, children, encap
    def encode(s):
        body = b"".join(c.encode() for c in s.children) if s.children is not None else s.value
        return bytes([s.tag]) + _len(len(body)) + body
    def walk(s):
        yield s
        for c in s.children or []: yield from c.walk()

def _parse_one(d, i):
    tag = d[i]; i += 1
    l = d[i]; i += 1
    if l & 0x80:
        k = l & 0x7f; l = int.from_bytes(d[i:i + k], "big"); i += k
    return tag, d[i:i + l], i + l

def parse_all(d):
    out, i = [], 0
    while i < len(d):
        tag, v, i = _parse_one(d, i); out.append(_node(tag, v))
    if i != len(d): raise ValueError
    return out

def _node(tag, v):
    if tag & 0x20: return Node(tag, children=parse_all(v))
    if tag == 0x04 and v[:1] == b"\x30":
        try:
            ch = parse_all(v)
            if len(ch) == 1: return Node(tag, children=ch, encap=True)
        except Exception: pass
    return Node(tag, value=v)

def parse(d):
    (n,) = parse_all(d); return n

def integer(v):
    b = v.to_bytes((v.bit_length() + 8) // 8 or 1, "big", signed=True); return Node(0x02, value=b)
