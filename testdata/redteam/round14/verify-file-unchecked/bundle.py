"""tar/manifest helpers (from scripts/conformance-bundles.py)."""
import hashlib, json, os, sys

BLOCK = 512


def read_tar(path):
    data = open(path, "rb").read()
    entries, pos = [], 0
    while pos + BLOCK <= len(data):
        h = data[pos:pos + BLOCK]
        if h == b"\0" * BLOCK:
            break
        name = h[0:100].split(b"\0")[0].decode()
        size = int(h[124:136].split(b"\0")[0].strip() or b"0", 8)
        entries.append([name, data[pos + BLOCK:pos + BLOCK + size]])
        pos += BLOCK + (size + BLOCK - 1) // BLOCK * BLOCK
    return entries


def header(name, size):
    h = bytearray(BLOCK)
    h[0:len(name)] = name.encode()
    h[100:108] = b"0000644\0"
    h[108:116] = b"0000000\0"
    h[116:124] = b"0000000\0"
    h[124:136] = ("%011o" % size).encode() + b"\0"
    h[136:148] = b"00000000000\0"
    h[148:156] = b" " * 8
    h[156] = ord("0")
    h[257:263] = b"ustar\0"
    h[263:265] = b"00"
    h[148:156] = ("%06o" % sum(h)).encode() + b"\0 "
    return bytes(h)


def write_tar(entries, path):
    with open(path, "wb") as f:
        for name, data in entries:
            f.write(header(name, len(data)) + data + b"\0" * ((BLOCK - len(data) % BLOCK) % BLOCK))
        f.write(b"\0" * 1024)


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def get(entries, name):
    return next(e for e in entries if e[0] == name)


def lines(entries, name):
    return [l for l in get(entries, name)[1].split(b"\n") if l]


def set_lines(entries, name, ls):
    get(entries, name)[1] = b"".join(l + b"\n" for l in ls)


def manifest(entries):
    return json.loads(get(entries, "manifest.json")[1])


def set_manifest(entries, m):
    get(entries, "manifest.json")[1] = canonical(m) + b"\n"


def fix(entries):
    """What a forger does after editing: the manifest's digests and receipt count made to match."""
    m = manifest(entries)
    m["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in entries if n != "manifest.json"}
    m["counts"]["receipts"] = len(lines(entries, "receipts.jsonl"))
    set_manifest(entries, m)
    return entries


def load(path):
    return read_tar(path)

def save(entries, path, sort=True):
    if sort:
        entries.sort(key=lambda x: (x[0] != "manifest.json", x[0]))
    write_tar(entries, path)
