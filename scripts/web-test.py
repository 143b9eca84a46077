#!/usr/bin/env python3
"""Drives `evident serve`'s web page in a real headless Chromium (Debian's package) over the
DevTools protocol on a pipe (--remote-debugging-pipe: no port, no extra packages), the way a
compliance officer would use it: open the page with a token, search, filter to denials, open
a receipt's detail (verification and lineage), and press "Export bundle". Screenshots of
each step go to --out; the downloaded bundle too. Prints a JSON summary; exits non-zero if a
step fails.

    web-test.py --url http://127.0.0.1:PORT --token evt_… --out DIR [--chromium PATH]
"""
import argparse, json, os, shutil, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser

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
    browser = Browser(a.chromium)
    summary = {}
    try:
        page = browser.page()
        browser.cdp.call("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads, "eventsEnabled": True})
        js, wait = page.js, page.wait
        shot = lambda name: page.shot(os.path.join(a.out, name + ".png"))

        # 1. Without a token the page asks for one and shows no data.
        page.navigate(a.url + "/")
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
        browser.close()
    print(json.dumps(summary))

if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        print("web-test: %s" % e, file=sys.stderr)
        sys.exit(1)
