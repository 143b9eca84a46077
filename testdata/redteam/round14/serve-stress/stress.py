import json, sys, threading, random, urllib.request, subprocess, time, os
api, token, ev, d, key = sys.argv[1:6]
N = int(os.environ.get("N", "300"))
seen = {}; acked = []; lock = threading.Lock(); statuses = {}
def post(path, body, headers={}):
    headers = dict(headers)
    if path.endswith("batch"): headers["Content-Type"]="application/x-ndjson"
    req = urllib.request.Request(api + path, data=body, method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json", **headers} if "Content-Type" not in headers else {"Authorization": "Bearer " + token, **headers})
    try:
        with urllib.request.urlopen(req, timeout=60) as r: return r.status, r.read()
    except urllib.error.HTTPError as e: return e.code, e.read()
def draft(stream, i, **kw):
    x = {"stream": stream, "decision": "allow", "actor": "a", "action": "x", "resource": f"r{i}",
         "policy": {"id": "p", "version": "1", "hash": "ab"*32}}
    x.update(kw); return x
def client(cid):
    rnd = random.Random(cid)
    for i in range(N):
        s = f"s{rnd.randrange(3)}"
        k = rnd.random()
        if k < 0.5:
            st, b = post("/v1/receipts", json.dumps(draft(s, f"{cid}-{i}")).encode())
        elif k < 0.7:
            rid = f"r{cid}-{i//2}"  # repeated ids: retries
            st, b = post("/v1/receipts", json.dumps(draft(s, f"{cid}-{i//2}", request_id=rid)).encode())
        elif k < 0.8:
            rid = f"c{cid}-{i//2}"
            st, b = post("/v1/receipts", json.dumps(draft(s, f"{cid}-{i}")).encode(), {"Idempotency-Key": rid})
        elif k < 0.83:
            lines = [json.dumps(draft(f"s{rnd.randrange(3)}", f"{cid}-{i}-{j}")) for j in range(rnd.randrange(1,20))]
            st, b = post("/v1/receipts/batch", "\n".join(lines).encode())
        elif k < 0.9:
            rid = f"x{i}"  # same id, different drafts, from every client at once
            st, b = post("/v1/receipts", json.dumps(draft("s0", f"{cid}-{i}")).encode(), {"Idempotency-Key": rid})
        else:
            # a draft that fails: issued_at far in the past
            st, b = post("/v1/receipts", json.dumps(draft(s, f"{cid}-{i}", issued_at=time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time()-1.9)) + ".%03dZ" % int(((time.time()-1.9)%1)*1000))).encode())
        with lock:
            m = b[:75]
            if st >= 400 and m not in seen: seen[m]=1; print(st, b[:300])
            statuses[st] = statuses.get(st, 0) + 1
            if 200 <= st < 300:
                try:
                    j = json.loads(b)
                    if "receipts" in j: acked.extend(r["hash"] for r in j["receipts"])
                    else: acked.append(j["hash"])
                except Exception as e: print("bad body", b[:200])
def cli(cid):
    for i in range(N // 10):
        lines = "\n".join(json.dumps(draft(f"s{j%3}", f"cli{cid}-{i}-{j}")) for j in range(5)) + "\n"
        p = subprocess.run([ev, "mint", "--dir", d, "--signing-key", key, "--jsonl", "--batch", "3"], input=lines.encode(), capture_output=True)
        with lock:
            for l in p.stdout.decode().splitlines(): acked.append(json.loads(l)["hash"])
            if p.returncode: print("cli rc", p.returncode, p.stderr[:300])
ts = [threading.Thread(target=client, args=(c,)) for c in range(12)] + [threading.Thread(target=cli, args=(c,)) for c in range(2)]
[t.start() for t in ts]; [t.join() for t in ts]
print("statuses", statuses)
json.dump(acked, open("acked.json", "w"))
print("acked", len(acked), "unique", len(set(acked)))
