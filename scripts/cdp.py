"""Headless Chromium (Debian's package) over the DevTools protocol on a pipe
(--remote-debugging-pipe: no port, no extra packages). Shared by scripts/web-test.py (the
`evident serve` page) and scripts/verifier-test.py (the browser verifier, its corpus run and the
report's print test).

    with Browser() as b:
        page = b.page()
        page.navigate("file:///…")
        page.js("document.title")
"""
import base64, json, os, shutil, subprocess, tempfile, time

class CDP:
    def __init__(self, chromium, profile, window="1360,1000"):
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
             "--no-default-browser-check", "--remote-debugging-pipe", "--user-data-dir=" + profile, "--window-size=" + window,
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


class Page:
    """One attached tab: evaluate, wait, screenshot, print."""
    def __init__(self, cdp, session):
        self.cdp, self.s = cdp, session

    def call(self, method, params=None, timeout=30):
        return self.cdp.call(method, params, session=self.s, timeout=timeout)

    def navigate(self, url, ready="document.readyState === 'complete'", timeout=20):
        self.call("Page.navigate", {"url": url})
        self.wait(ready, "the page " + url, timeout=timeout)

    def js(self, expr, timeout=30):
        r = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in r:
            raise RuntimeError("page script failed: %s" % r["exceptionDetails"])
        return r["result"].get("value")

    def wait(self, expr, what, timeout=20, status="document.querySelector('#status') && document.querySelector('#status').textContent"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            v = self.js(expr)
            if v:
                return v
            time.sleep(0.05)
        raise TimeoutError("waited %d s for %s; status line: %r" % (timeout, what, self.js(status)))

    def set_files(self, selector, paths):
        doc = self.call("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = self.call("DOM.querySelector", {"nodeId": doc, "selector": selector})["nodeId"]
        if not node:
            raise RuntimeError("no element " + selector)
        self.call("DOM.setFileInputFiles", {"nodeId": node, "files": [os.path.abspath(p) for p in paths]})

    def shot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        return path

    def pdf(self, path, timeout=60):
        r = self.call("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True,
                                          "displayHeaderFooter": False}, timeout=timeout)
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["data"]))
        return path


class Browser:
    """A headless Chromium with a private profile, closed (and its profile removed) on exit."""
    def __init__(self, chromium=None, window="1360,1000"):
        self.profile = tempfile.mkdtemp(prefix="evident-chromium-")
        self.cdp = CDP(chromium or shutil.which("chromium") or "/usr/bin/chromium", self.profile, window)

    def page(self):
        targets = self.cdp.call("Target.getTargets")["targetInfos"]
        t = next(t for t in targets if t["type"] == "page")
        s = self.cdp.call("Target.attachToTarget", {"targetId": t["targetId"], "flatten": True})["sessionId"]
        p = Page(self.cdp, s)
        p.call("Page.enable")
        p.call("Runtime.enable")
        p.call("DOM.enable")
        return p

    def close(self):
        self.cdp.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
