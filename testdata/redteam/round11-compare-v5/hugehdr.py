# patch a tar header's size field to 8 GiB (valid checksum), data truncated
raw=open('/tmp/rt-cmp/work/s8.evb','rb').read()
import sys
for name,out,size in [(b'leaves.jsonl','r8_hugehdr.evb',b'77777777777\x00'),(b'multiproof.bin','r8_hugehdr2.evb',b'77777777777\x00'),(b'receipts.jsonl','r8_hugehdr3.evb',b'00000100000\x00')]:
    off=0
    while off<len(raw):
        if raw[off:off+len(name)+1]==name+b'\x00': break
        sz=int(raw[off+124:off+136].strip(b'\x00 ') or b'0',8); off+=512+((sz+511)//512)*512
    h=bytearray(raw[off:off+512]); h[124:136]=size; h[148:156]=b' '*8; h[148:156]=('%06o\x00 '%sum(h)).encode()
    open(out,'wb').write(raw[:off]+bytes(h)+raw[off+512:]); print(out, off)
