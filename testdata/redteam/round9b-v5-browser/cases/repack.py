#!/usr/bin/env python3
"""repack.py DIR OUT [--no-digests] [--set key=jsonvalue ...] : writes DIR as a ustar bundle like
evident's (manifest.json first, then the rest in name order), recomputing manifest files digests
(unless --no-digests) and applying --set on the manifest (dotted keys), canonical JSON (sorted,
compact; fine for the ASCII members evident uses)."""
import hashlib, json, os, sys, tarfile, io
d, out = sys.argv[1], sys.argv[2]
args = sys.argv[3:]
nodig = '--no-digests' in args
sets = [a.split('=', 1) for a in args if '=' in a and not a.startswith('--no')]
files = []
for root, _, fs in os.walk(d):
    for f in fs:
        p = os.path.relpath(os.path.join(root, f), d)
        if p != 'manifest.json': files.append(p)
files.sort()
m = json.load(open(os.path.join(d, 'manifest.json')))
if not nodig:
    m['files'] = {p: hashlib.sha256(open(os.path.join(d, p), 'rb').read()).hexdigest() for p in files}
for k, v in sets:
    o = m; ks = k.split('.')
    for kk in ks[:-1]: o = o[kk]
    o[ks[-1]] = json.loads(v)
mb = json.dumps(m, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode()
with tarfile.open(out, 'w', format=tarfile.USTAR_FORMAT) as t:
    def add(name, data):
        ti = tarfile.TarInfo(name); ti.size = len(data); ti.mode = 0o644; ti.mtime = 0; ti.uid = ti.gid = 0
        ti.uname = ti.gname = ''
        t.addfile(ti, io.BytesIO(data))
    add('manifest.json', mb)
    for p in files: add(p, open(os.path.join(d, p), 'rb').read())
