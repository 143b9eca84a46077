# Large receipts: byte-limited batches (8 MiB) and the 1 MiB line limit, on p13-pr / p13-v5.
import sys; sys.path.insert(0, '/tmp/rt-pipe/cases')
from gen2 import *
def big(n_bytes):
    def pad(line):
        r = json.loads(line)
        # scope values at most 512 bytes, keys at most 128
        sc = dict(r['scope']); k = 0
        while len(canon(sc)) < n_bytes:
            sc['k%06d' % k] = 'v' * 500; k += 1
        return sc
    return pad
def bigrange(a, b, size, badsig_at=()):
    def f(R, ctx):
        ch = []
        p = big(size)
        for i in range(a, b):
            R[i] = resign(R[i], scope=p(R[i]))
            ch.append(i)
        for i in badsig_at:
            r = json.loads(R[i]); s = bytearray(base64.b64decode(r['sig'])); s[3] ^= 4
            R[i] = R[i].replace(r['sig'].encode(), base64.b64encode(bytes(s)))
        return ch
    return f
def ws_line(i, total):
    # non-canonical padding with spaces after the opening brace to make the line exactly `total` bytes
    def f(R, ctx):
        ln = R[i]; R[i] = b'{' + b' ' * (total - len(ln)) + ln[1:]
        assert len(R[i]) == total
        return [i]
    return f
def multi(*fs):
    def f(R, ctx):
        ch = []
        for g in fs: ch += g(R, ctx)
        return ch
    return f
MiB = 1 << 20
if __name__ == '__main__':
  for src, tag in [('/tmp/rt-pipe/p13-pr.evb', 'pr'), ('/tmp/rt-pipe/p13-v5.evb', 'v5')]:
    mk(src, f'{tag}-big-60k', bigrange(0, 600, 60000, badsig_at=(0, 130, 131, 139, 140, 141, 279, 280, 281, 420, 599)))
    mk(src, f'{tag}-big-60k-b4096', bigrange(4000, 4300, 60000, badsig_at=(4095, 4096, 4100, 4200, 4299)))
    mk(src, f'{tag}-ws-1MiB-exact', ws_line(4096, MiB))
    mk(src, f'{tag}-ws-1MiB-minus1', ws_line(4096, MiB - 1))
    mk(src, f'{tag}-ws-1MiB-plus1', ws_line(4096, MiB + 1))
    mk(src, f'{tag}-ws-many-1MiB', multi(*[ws_line(i, MiB - 1) for i in range(4090, 4106)]))
    mk(src, f'{tag}-ws-8MiB-cut', multi(*[ws_line(i, MiB - 1) for i in range(0, 7)], ws_line(7, MiB - 8), bigrange(8, 12, 60000, badsig_at=(8, 9))))
