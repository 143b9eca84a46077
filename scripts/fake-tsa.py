#!/usr/bin/env python3
"""A loopback RFC 3161 responder for tests, backed by stock `openssl ts -reply`, with
misbehaving modes chosen by the URL path:

  /ok            a real reply from openssl ts -reply (config given with --config)
  /http500       HTTP 500
  /wrongtype     a real reply sent as text/html
  /garbage       200, application/timestamp-reply, random bytes
  /oversized     200, application/timestamp-reply, 2 MiB of zeros
  /timeout       accepts, then sends nothing for 60 s
  /trickle       sends a real reply one byte every 2 s
  /rejection     a TimeStampResp with status rejection (badAlg) from openssl
  /other         a valid reply, but to a different request (another imprint and nonce)
  /flaky         HTTP 503 on the first request to this path, then like /ok
  GET /files/N   the file N from --files (CRLs for long-term validation tests)
  POST /ocsp     an OCSP responder: `openssl ocsp` over --ocsp-index, signed by the CA in --ocsp-ca

Usage: fake-tsa.py --config tsa.cnf --port-file FILE [--reject-config tsa-sha512only.cnf] [--files DIR]
The configuration files are read per request, so they may be written after the server starts
(for a certificate that names the server's own port).
Listens on 127.0.0.1 on a free port, written to --port-file; stops after --max-seconds.
"""
import argparse, http.server, os, ssl, subprocess, sys, tempfile, threading, time

args = None
flaky_seen = set()
lock = threading.Lock()

def openssl_reply(query: bytes, config: str) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        q = os.path.join(d, "q.tsq"); r = os.path.join(d, "r.tsr")
        open(q, "wb").write(query)
        with lock:  # openssl increments the serial file: one at a time
            subprocess.run(["openssl", "ts", "-reply", "-config", config, "-queryfile", q, "-out", r],
                           check=True, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        return open(r, "rb").read()

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send(self, status, ctype, body, trickle=False):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if trickle:
            for b in body:
                self.wfile.write(bytes([b])); self.wfile.flush(); time.sleep(2)
        else:
            self.wfile.write(body)

    def do_GET(self):
        name = self.path[len("/files/"):] if self.path.startswith("/files/") else ""
        path = os.path.join(args.files or "", name)
        if not args.files or "/" in name or not name or not os.path.isfile(path):
            return self.send(404, "text/plain", b"not found")
        return self.send(200, "application/pkix-crl", open(path, "rb").read())

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        query = self.rfile.read(n)
        path = self.path.rstrip("/")
        if path == "/ocsp":
            if not args.ocsp_ca:
                return self.send(404, "text/plain", b"no OCSP responder")
            with tempfile.TemporaryDirectory() as d:
                q = os.path.join(d, "q.der"); r = os.path.join(d, "r.der")
                open(q, "wb").write(query)
                ca = args.ocsp_ca
                subprocess.run(["openssl", "ocsp", "-index", args.ocsp_index, "-rsigner", ca + "/ca.pem", "-rkey", ca + "/ca.key",
                                "-CA", ca + "/ca.pem", "-reqin", q, "-respout", r, "-ndays", "1"],
                               check=True, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
                return self.send(200, "application/ocsp-response", open(r, "rb").read())
        ok = "application/timestamp-reply"
        if path == "/http500":
            return self.send(500, "text/plain", b"internal error")
        if path == "/flaky":
            with lock:
                first = "flaky" not in flaky_seen
                flaky_seen.add("flaky")
            if first:
                return self.send(503, "text/plain", b"try again")
            path = "/ok"
        if path == "/timeout":
            time.sleep(60); return
        if path == "/garbage":
            return self.send(200, ok, os.urandom(300))
        if path == "/oversized":
            return self.send(200, ok, b"\0" * (2 << 20))
        if path == "/rejection":
            return self.send(200, ok, openssl_reply(query, args.reject_config))
        if path == "/other":
            with tempfile.TemporaryDirectory() as d:
                data = os.path.join(d, "x"); open(data, "wb").write(b"another document")
                q = subprocess.run(["openssl", "ts", "-query", "-data", data, "-cert"], check=True,
                                   capture_output=True).stdout
            return self.send(200, ok, openssl_reply(q, args.config))
        body = openssl_reply(query, args.config)
        if path == "/wrongtype":
            return self.send(200, "text/html", body)
        if path == "/trickle":
            return self.send(200, ok, body, trickle=True)
        if path == "/ok":
            return self.send(200, ok, body)
        self.send(404, "text/plain", b"no such mode")

def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--config", required=True)
    p.add_argument("--reject-config")
    p.add_argument("--port-file", required=True)
    p.add_argument("--files", help="directory served under GET /files/")
    p.add_argument("--ocsp-ca", help="CA directory (ca.pem, ca.key) that signs OCSP responses")
    p.add_argument("--ocsp-index", help="openssl ocsp -index database")
    p.add_argument("--tls-cert", help="also serve HTTPS with this certificate chain (PEM)")
    p.add_argument("--tls-key", help="private key of --tls-cert")
    p.add_argument("--tls-port-file", help="where the HTTPS port is written")
    p.add_argument("--max-seconds", type=int, default=600)
    args = p.parse_args()
    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            pass  # clients hanging up mid-reply is what several modes provoke
    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    tmp = args.port_file + ".tmp"
    open(tmp, "w").write(str(server.server_address[1]))
    os.rename(tmp, args.port_file)
    if args.tls_cert:
        tls = Server(("127.0.0.1", 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        tls.socket = ctx.wrap_socket(tls.socket, server_side=True)
        tmp = args.tls_port_file + ".tmp"
        open(tmp, "w").write(str(tls.server_address[1]))
        os.rename(tmp, args.tls_port_file)
        threading.Thread(target=tls.serve_forever, daemon=True).start()
    threading.Timer(args.max_seconds, lambda: os._exit(0)).start()
    server.serve_forever()

if __name__ == "__main__":
    main()
