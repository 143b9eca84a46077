#!/usr/bin/env python3
"""Load generator for `evident serve` (stdlib only).

N client threads, each with its own keep-alive connection to one of the given servers
(client i -> server i mod len), mint single receipts as fast as the servers answer for the
given duration (closed loop), or at a fixed total offered rate (--rate, open loop: each
client sends on a schedule and latency counts from the scheduled time).

Prints one JSON object: requests, acknowledged, status counts, throughput, latency
quantiles (ms) of acknowledged requests; writes each acknowledged receipt hash to --acked.
"""
import argparse, http.client, json, threading, time, urllib.parse

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", action="append", required=True, help="http://HOST:PORT (repeatable)")
    ap.add_argument("--token", required=True)
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--rate", type=float, default=0, help="total offered requests/s (0: closed loop)")
    ap.add_argument("--streams", type=int, default=16)
    ap.add_argument("--acked", required=True, help="file for acknowledged receipt hashes")
    ap.add_argument("--acked-by-server", help="also write each server's acknowledged hashes to PREFIX.N (N: its --server position)")
    ap.add_argument("--get", help="instead of minting, GET this path (the client's own ceiling: try /healthz)")
    a = ap.parse_args()

    lock = threading.Lock()
    latencies, acked, statuses = [], [], {}
    start = time.monotonic()
    stop_at = start + a.seconds

    def client(i):
        u = urllib.parse.urlparse(a.server[i % len(a.server)])
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        headers = {"Authorization": "Bearer " + a.token, "Content-Type": "application/json"}
        n = 0
        my_lat, my_acked, my_status = [], [], {}
        interval = a.clients / a.rate if a.rate > 0 else 0
        next_at = start + (i * interval / a.clients if interval else 0)
        while True:
            if interval:
                now = time.monotonic()
                if next_at > now:
                    time.sleep(next_at - now)
                t0 = next_at
                next_at += interval
            else:
                t0 = time.monotonic()
            if t0 >= stop_at:
                break
            body = json.dumps({"stream": "load-%d" % ((i + n) % a.streams), "decision": "deny" if n % 7 == 0 else "allow",
                               "actor": "client-%d" % i, "action": "tool.call", "resource": "r-%d-%d" % (i, n),
                               "policy": {"id": "load", "version": "1", "hash": "c" * 64}})
            n += 1
            try:
                if a.get:
                    conn.request("GET", a.get, headers=headers)
                else:
                    conn.request("POST", "/v1/receipts", body=body, headers=headers)
                r = conn.getresponse()
                data = r.read()
                status = r.status
            except Exception as e:  # connection trouble: count it, reconnect
                status = "error:" + type(e).__name__
                conn.close()
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
                time.sleep(0.05)
            t1 = time.monotonic()
            my_status[status] = my_status.get(status, 0) + 1
            if status == 201 or (a.get and status == 200):
                my_lat.append(t1 - t0)
                if not a.get:
                    my_acked.append((i % len(a.server), json.loads(data)["hash"]))
            elif status == 503 or status == 429:
                time.sleep(0.05)
        with lock:
            latencies.extend(my_lat)
            acked.extend(my_acked)
            for k, v in my_status.items():
                statuses[str(k)] = statuses.get(str(k), 0) + v

    threads = [threading.Thread(target=client, args=(i,)) for i in range(a.clients)]
    for t in threads: t.start()
    for t in threads: t.join()
    elapsed = time.monotonic() - start
    latencies.sort()
    q = lambda p: round(latencies[min(len(latencies) - 1, max(0, int(p * len(latencies) + 0.999999) - 1))] * 1000, 2) if latencies else None
    with open(a.acked, "w") as f:
        f.write("".join(h + "\n" for _, h in acked))
    if a.acked_by_server:
        for n in range(len(a.server)):
            with open("%s.%d" % (a.acked_by_server, n), "w") as f:
                f.write("".join(h + "\n" for s, h in acked if s == n))
    print(json.dumps({"servers": len(a.server), "clients": a.clients, "seconds": round(elapsed, 1), "offered_rate": a.rate or None,
                      "requests": sum(statuses.values()), "acknowledged": len(acked), "statuses": statuses,
                      "acknowledged_per_second": round(len(acked) / elapsed, 1),
                      "latency_ms": {"p50": q(0.50), "p95": q(0.95), "p99": q(0.99), "max": q(1.0)}}))

if __name__ == "__main__":
    main()
