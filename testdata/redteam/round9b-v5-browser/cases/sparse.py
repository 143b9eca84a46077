#!/usr/bin/env python3
"""sparse.py DIR OUT NAME SIZE: like repack.py but entry NAME gets SIZE bytes (its real content, then a
hole of zeros), written sparsely (seek) so the bundle costs no disk; manifest digest left as in DIR."""
import hashlib, json, os, sys
d, out, big, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
files = sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs)
files.remove('manifest.json'); files = ['manifest.json'] + files
def hdr(name, size):
    h = bytearray(512)
    h[0:len(name)] = name.encode()
    h[100:108] = b'0000644\0'; h[108:116] = b'0000000\0'; h[116:124] = b'0000000\0'
    h[124:136] = ('%011o' % size).encode() + b'\0'; h[136:148] = b'00000000000\0'
    h[148:156] = b'        '; h[156:157] = b'0'; h[257:263] = b'ustar\0'; h[263:265] = b'00'
    h[148:156] = ('%06o' % sum(h)).encode() + b'\0 '
    return bytes(h)
with open(out, 'wb') as t:
    for p in files:
        data = open(os.path.join(d, p), 'rb').read()
        n = size if p == big else len(data)
        t.write(hdr(p, n)); t.write(data)
        if n > len(data): t.seek(n - len(data), 1)
        pad = (-n) % 512
        if pad: t.seek(pad, 1)
    t.write(b'\0' * 1024)
