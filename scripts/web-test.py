#!/usr/bin/env python3
"""Drives `evident serve`'s web page in a real headless Chromium (Debian's package) over the
DevTools protocol on a pipe (--remote-debugging-pipe: no port, no extra packages), the way a
compliance officer would use it: open the page with a token, search, filter to denials, open
a receipt's detail (verification and lineage), and press "Export bundle". Screenshots of
each step go to --out; the downloaded bundle too. Prints a JSON summary; exits non-zero if a
step fails.

    web-test.py --url http://127.0.0.1:PORT --token evt_… --out DIR [--chromium PATH]
"""
import argparse, base64, json, os, shutil, subprocess, sys, tempfile, time

class CDP:
    def __init__(self, chromium, profile):
        r_cmd, w_cmd = os.pipe()    # we write commands -> chromium reads fd 3
        r_res, w_res = os.pipe()    # chromium writes fd 4 -> we read
        def child():
            # Move both ends out of the way first: the pipes may themselves be fds 3…6.
            a, b = os.dup(r_cmd), os.dup(w_res)
            a, b = os.dup2(a, 100), os.dup2(b, 101)
            os.dup2(100, 3)
            os.dup2(101, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)
        self.proc = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--no-default-browser-check", "--remote-debugging-pipe", "--user-data-dir=" + profile, "--window-size=1360,1000",
             "about:blank"],
            preexec_fn=child, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(r_cmd)
        os.close(w_res)
        self.w = os.fdopen(w_cmd, "wb", buffering=0)
        self.r = os.fdopen(r_res, "rb", buffering=0)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read_message(self, deadline):
        while b"\0" not in self.buf:
            if time.monotonic() > deadline:
                raise TimeoutError("no message from Chromium")
            chunk = self.r.read(65536)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.w.write(json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    downloads = os.path.join(a.out, "downloads")
    os.makedirs(downloads, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="evident-chromium-")
    cdp = CDP(a.chromium, profile)
    summary = {}
    try:
        targets = cdp.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        s = cdp.call("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
        cdp.call("Page.enable", session=s)
        cdp.call("Runtime.enable", session=s)
        cdp.call("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads, "eventsEnabled": True})

        def js(expr):
            r = cdp.call("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True}, session=s)
            if "exceptionDetails" in r:
                raise RuntimeError("page script failed: %s" % r["exceptionDetails"])
            return r["result"].get("value")

        def wait(expr, what, timeout=20):
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                v = js(expr)
                if v:
                    return v
                time.sleep(0.1)
            raise TimeoutError("waited %d s for %s; status line: %r" % (timeout, what, js("document.querySelector('#status') && document.querySelector('#status').textContent")))

        def shot(name):
            data = cdp.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=s)["data"]
            path = os.path.join(a.out, name + ".png")
            with open(path, "wb") as f:
                f.write(base64.b64decode(data))
            return path

        # 1. Without a token the page asks for one and shows no data.
        cdp.call("Page.navigate", {"url": a.url + "/"}, session=s)
        wait("document.readyState === 'complete' && document.querySelector('#status').textContent.length > 0", "the page")
        summary["without_token"] = js("document.querySelector('#status').textContent")
        summary["rows_without_token"] = js("document.querySelectorAll('#results tbody tr').length")
        shot("01-no-token")

        # 2. With a token (entered in the form, as a person would), the latest receipts load.
        js("document.querySelector('#token').value = %s; document.querySelector('#token-form button').click(); true" % json.dumps(a.token))
        summary["rows"] = wait("document.querySelectorAll('#results tbody tr').length", "search results")
        summary["checkpoints"] = wait("document.querySelectorAll('#checkpoints tbody tr').length", "checkpoints")
        summary["anchors"] = js("document.querySelectorAll('#anchors tbody tr').length")
        shot("02-search")

        # 3. Filter: denials only.
        js("document.querySelector('#q-decision').value = 'deny'; document.querySelector('#search').click(); true")
        wait("[...document.querySelectorAll('#results tbody tr')].length > 0 && [...document.querySelectorAll('#results tbody tr td:nth-child(3)')].every(td => td.textContent === 'deny') && document.querySelector('#status').textContent.includes('receipt')", "deny filter")
        summary["deny_rows"] = js("document.querySelectorAll('#results tbody tr').length")
        shot("03-denials")

        # 4. A receipt's detail: verification status and lineage.
        js("document.querySelector('#results tbody tr').click(); true")
        wait("!document.querySelector('#detail-panel').hidden && document.querySelectorAll('#d-checks li').length >= 3", "receipt detail")
        summary["checks"] = js("Object.fromEntries([...document.querySelectorAll('#d-checks li[data-check]')].map(li => [li.dataset.check, li.className]))")
        summary["verdict"] = js("document.querySelector('#d-checks li[data-verdict]')?.dataset.verdict")
        summary["check_text"] = js("[...document.querySelectorAll('#d-checks li')].map(li => li.textContent)")
        summary["lineage"] = js("[...document.querySelectorAll('#d-lineage li')].map(li => li.textContent)")
        summary["detail_hash"] = js("document.querySelector('#d-hash').textContent")
        shot("04-detail")

        # 5. Export the filtered slice as a bundle (a real download).
        js("document.querySelector('#export').click(); true")
        wait("document.querySelector('#status').textContent.startsWith('exported')", "export", timeout=60)
        summary["export_status"] = js("document.querySelector('#status').textContent")
        deadline = time.monotonic() + 30
        bundle = None
        while time.monotonic() < deadline and not bundle:
            done = [f for f in os.listdir(downloads) if f.endswith(".tar")]
            bundle = os.path.join(downloads, done[0]) if done else None
            time.sleep(0.1)
        summary["bundle"] = bundle
        shot("05-exported")
    finally:
        cdp.close()
        shutil.rmtree(profile, ignore_errors=True)
    print(json.dumps(summary))

if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        print("web-test: %s" % e, file=sys.stderr)
        sys.exit(1)
