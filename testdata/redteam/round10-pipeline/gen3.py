# Unusual issued_at values (pre-1970 with milliseconds, year 0, far future), re-signed, at and around batch boundaries.
import sys; sys.path.insert(0, '/tmp/rt-pipe/cases')
from gen2 import *
TIMES = ['1969-12-31T23:59:59.999Z','1969-12-31T23:59:59.001Z','1969-12-31T23:59:59.500Z','1960-06-15T08:09:10.011Z',
         '0000-01-01T00:00:00.000Z','0000-03-01T00:00:00.001Z','0001-01-01T00:00:00.001Z','1900-02-28T23:59:59.999Z',
         '1899-12-31T23:59:59.999Z','2400-02-29T12:00:00.100Z','2100-02-28T23:59:59.010Z','1970-01-01T00:00:00.001Z',
         '1583-01-01T00:00:00.000Z','1582-10-10T00:00:00.000Z','9999-12-31T23:59:59.999Z','0999-12-31T23:59:59.999Z']
def weird(R, ctx):
    idx = [4090,4091,4092,4093,4094,4095,4096,4097,4098,8191,8192,8193,12287,12288,0,12999]
    for i, t in zip(idx, TIMES): R[i] = resign(R[i], issued_at=t)
    return idx
def weird_anch(R, ctx):
    idx = [4090,4091,4092,4093,4094,4095,4096,4097,4098,8191,8192,8193,12287,12288,0,12999]
    for i, t in zip(idx, TIMES): R[i] = resign(R[i], issued_at=t, anchor=ctx['tsr'])
    return idx
def weird_exp(R, ctx):
    idx = [4095,4096,4097]
    for i, t in zip(idx, ['1969-12-31T23:59:59.999Z','2026-12-02T12:21:11.000Z','9999-12-31T23:59:59.999Z']): R[i] = resign(R[i], expires_at=t)
    return idx
if __name__ == '__main__':
  for src, tag in [('/tmp/rt-pipe/p13-pr.evb', 'pr'), ('/tmp/rt-pipe/p13-v5.evb', 'v5')]:
    mk(src, f'{tag}-t-weird', weird)
    mk(src, f'{tag}-t-weirdanch', weird_anch)
    mk(src, f'{tag}-t-expires', weird_exp)
