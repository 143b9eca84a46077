# Carry a rotation record (good / forged new_key_id) in keys/journal.jsonl of p13-v5.evb
import sys; sys.path.insert(0,'/tmp/rt-pipe/cases'); from evb import *
for name in ['rot-good','rot-forgedid']:
    es = load('/tmp/rt-pipe/p13-v5.evb')
    put(es, 'keys/journal.jsonl', open(f'/tmp/rt-pipe/keys/{name}.json','rb').read() + b'\n')
    write(es, f'/tmp/rt-pipe/b/v5-journal-{name}.evb')
