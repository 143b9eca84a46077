"""Helpers: read a bundle (tar), edit entries, rewrite manifest 'files' digests, write tar."""
import tarfile, io, json, hashlib, sys

def load(path):
    t = tarfile.open(path, 'r:')
    entries = []
    for m in t.getmembers():
        entries.append([m.name, t.extractfile(m).read()])
    return entries

def get(entries, name):
    for n, d in entries:
        if n == name: return d
    raise KeyError(name)

def put(entries, name, data):
    for e in entries:
        if e[0] == name: e[1] = data; return
    entries.append([name, data])

def canon(obj):
    return json.dumps(obj, separators=(',', ':'), sort_keys=True, ensure_ascii=False).encode()

def fix_manifest(entries, counts_receipts=None):
    m = json.loads(get(entries, 'manifest.json'))
    files = {}
    for n, d in entries:
        if n == 'manifest.json': continue
        files[n] = hashlib.sha256(d).hexdigest()
    m['files'] = files
    if counts_receipts is not None:
        m['counts']['receipts'] = counts_receipts
    put(entries, 'manifest.json', canon(m))

def write(entries, path, fix=True, counts_receipts=None):
    if fix: fix_manifest(entries, counts_receipts)
    man = [e for e in entries if e[0] == 'manifest.json']
    rest = sorted([e for e in entries if e[0] != 'manifest.json'], key=lambda e: e[0].encode())
    with tarfile.open(path, 'w', format=tarfile.USTAR_FORMAT) as t:
        for n, d in man + rest:
            ti = tarfile.TarInfo(n); ti.size = len(d); ti.mode = 0o644; ti.mtime = 0
            ti.uid = ti.gid = 0; ti.uname = ti.gname = ''
            t.addfile(ti, io.BytesIO(d))

def lines(b):
    # split receipts.jsonl into lines (without newline); returns list, trailing newline flag
    if not b: return [], True
    nl = b.endswith(b'\n')
    ls = b.split(b'\n')
    if nl: ls = ls[:-1]
    return ls, nl

def join(ls, nl=True):
    return b'\n'.join(ls) + (b'\n' if nl and ls else b'')
