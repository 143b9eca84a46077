#!/usr/bin/env python3
"""Drives `evident serve`'s web page in a real headless Chromium (Debian's package) over the
DevTools protocol on a pipe (--remote-debugging-pipe: no port, no extra packages), the way a
compliance officer would use it: open the page, try a wrong token and one without the read
scope (the page says what the server answered), enter the right one (origin, token name and
scopes), search, filter to denials, open a receipt's detail, filter by actor and resource, save
the search as CSV, export a bundle (.evb), download the ledger public key and the TSA roots, and
look at the page 390 pixels wide. Screenshots of each step go to --out; the downloads to
--out/downloads. Prints a JSON summary (what each step showed) for ServeTests to judge; exits
non-zero if a step fails.

    web-test.py --url http://127.0.0.1:PORT --token evt_… [--mint-token evt_…] --out DIR [--chromium PATH]
"""
import argparse, json, os, shutil, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--mint-token", help="a token without the read scope")
    ap.add_argument("--out", required=True)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    downloads = os.path.join(a.out, "downloads")
    os.makedirs(downloads, exist_ok=True)
    browser = Browser(a.chromium, window="1360,1000")
    summary = {}
    try:
        page = browser.page()
        browser.cdp.call("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads, "eventsEnabled": True})
        js, wait = page.js, page.wait
        shot = lambda name: page.shot(os.path.join(a.out, name + ".png"))
        text = lambda sel: js("document.querySelector(%s).textContent" % json.dumps(sel))
        texts = lambda sel: js("[...document.querySelectorAll(%s)].map(e => e.textContent)" % json.dumps(sel))
        state = lambda: js("document.querySelector('#token-state').dataset.state")

        def downloaded(suffix, timeout=30):
            """The one finished download whose name ends with suffix (Chromium writes .crdownload first)."""
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                done = [f for f in os.listdir(downloads) if f.endswith(suffix)]
                if done:
                    return os.path.join(downloads, done[0])
                time.sleep(0.1)
            raise TimeoutError("no download ending in %s; status line: %r" % (suffix, text("#status")))

        def use_token(value):
            js("document.querySelector('#token').value = %s; document.querySelector('#token-form button[type=submit]').click(); true" % json.dumps(value))

        def search(**fields):
            """Sets the search form's fields (the rest unchanged) and searches; waits for the answer."""
            for name, value in fields.items():
                js("document.querySelector('#q-%s').value = %s; document.querySelector('#q-%s').dispatchEvent(new Event('input', {bubbles: true})); true"
                   % (name, json.dumps(value), name))
            js("document.querySelector('#status').textContent = ''; document.querySelector('#search').click(); true")
            wait("/receipt\\(s\\)|:/.test(document.querySelector('#status').textContent)", "search results")
            return js("[...document.querySelectorAll('#results tbody tr')].map(tr => [...tr.cells].map(td => td.textContent))")

        # 1. Without a token the page asks for one and shows no data.
        page.navigate(a.url + "/")
        wait("document.readyState === 'complete' && document.querySelector('#status').textContent.length > 0", "the page")
        summary["without_token"] = {"status": text("#status"), "state": state(), "token_state": text("#token-state"),
                                    "rows": js("document.querySelectorAll('#results tbody tr').length")}
        shot("01-no-token")

        # 2. A wrong token: the server's 401 is what the page shows (rejected), and no data.
        use_token("evt_" + "A" * 43)
        wait("document.querySelector('#token-state').dataset.state === 'rejected'", "rejected token")
        summary["wrong_token"] = {"state": state(), "token_state": text("#token-state"), "status": text("#status"),
                                  "rows": js("document.querySelectorAll('#results tbody tr').length")}
        shot("02-token-rejected")

        # 3. A token without the read scope: 403, said so.
        if a.mint_token:
            use_token(a.mint_token)
            wait("document.querySelector('#token-state').dataset.state === 'forbidden'", "forbidden token")
            summary["mint_token"] = {"state": state(), "token_state": text("#token-state")}
            shot("03-token-forbidden")

        # 4. The right token (entered in the form, as a person would): origin, token state, the latest receipts.
        use_token(a.token)
        wait("document.querySelector('#token-state').dataset.state === 'valid'", "token accepted")
        summary["rows"] = wait("document.querySelectorAll('#results tbody tr').length", "search results")
        summary["checkpoints"] = wait("document.querySelectorAll('#checkpoints tbody tr').length", "checkpoints")
        summary["anchors"] = wait("document.querySelectorAll('#anchors tbody tr').length", "anchors")
        summary["token_state"] = text("#token-state")
        summary["origin"] = js("document.querySelector('#origin').hidden ? null : document.querySelector('#origin').textContent")
        summary["headers"] = texts("th")
        summary["issued"] = texts("#results tbody tr td:first-child")
        summary["log_times"] = texts("#checkpoints tbody td:nth-child(2), #anchors tbody td:nth-child(3)")
        summary["table"] = js("[...document.querySelectorAll('#results tbody tr')].map(tr => [...tr.cells].map(td => td.textContent))")
        # Hostile values from the ledger are text, never markup.
        summary["injected_elements"] = js("document.querySelectorAll('main img, main script, main [onerror]').length")
        summary["keys"] = js("[...document.querySelectorAll('#keys li')].map(li => li.dataset.keyId)")
        summary["roots"] = texts("#roots li")
        summary["wide_layout"] = js("(() => { const s = document.querySelector('#search-panel').getBoundingClientRect(), d = document.querySelector('#side').getBoundingClientRect(); return {side_right_of_search: d.left >= s.right, scroll_width: document.documentElement.scrollWidth}; })()")
        shot("04-search")

        # 5. Filter: denials only.
        rows = search(decision="deny")
        summary["deny_rows"] = len(rows)
        summary["deny_decisions"] = sorted(set(r[2] for r in rows))
        shot("05-denials")

        # 6. A receipt's detail: verification status and lineage.
        js("document.querySelector('#results tbody tr').click(); true")
        wait("!document.querySelector('#detail-panel').hidden && document.querySelectorAll('#d-checks li').length >= 3", "receipt detail")
        summary.update(js("""({
            checks: Object.fromEntries([...document.querySelectorAll('#d-checks li[data-check]')].map(li => [li.dataset.check, li.className])),
            verdict: document.querySelector('#d-checks li[data-verdict]')?.dataset.verdict,
            check_text: [...document.querySelectorAll('#d-checks li')].map(li => li.textContent),
            lineage: [...document.querySelectorAll('#d-lineage li')].map(li => li.textContent),
            detail_hash: document.querySelector('#d-hash').textContent,
            detail_summary: Object.fromEntries([...document.querySelectorAll('#d-summary dt')].map(dt => [dt.textContent, dt.nextElementSibling.textContent])),
        })"""))
        shot("06-detail")

        # 7. Actor and resource filters; Export is disabled (a bundle's scope has neither), and says why.
        summary["actor_rows"] = search(decision="", actor="agent-0")
        summary["actor_status"] = text("#status")
        summary["actor_resource_rows"] = search(resource="db:0")
        summary["export_disabled"] = js("document.querySelector('#export').disabled")
        summary["export_note"] = js("document.querySelector('#export-note').hidden ? null : document.querySelector('#export-note').textContent")
        shot("07-actor-resource")

        # 8. Save the search (actor agent-0, every page of 2) as CSV.
        search(resource="", limit="2")
        js("document.querySelector('#csv').click(); true")
        wait("document.querySelector('#status').textContent.startsWith('saved ')", "CSV")
        summary["csv_status"] = text("#status")
        csv_path = downloaded(".csv")
        with open(csv_path, "rb") as f:
            summary["csv"] = f.read().decode("utf-8")
        summary["csv_name"] = os.path.basename(csv_path)
        shot("08-csv")

        # 9. Export the denials as a bundle (a real download, named .evb).
        search(actor="", limit="100", decision="deny")
        summary["export_enabled_again"] = not js("document.querySelector('#export').disabled")
        js("document.querySelector('#export').click(); true")
        wait("document.querySelector('#status').textContent.startsWith('exported')", "export", timeout=60)
        summary["export_status"] = text("#status")
        summary["bundle"] = downloaded(".evb")
        shot("09-exported")

        # 10. What a verifier needs: the ledger public key and the TSA roots, downloaded from the page.
        js("document.querySelector('#keys button.dl-key').click(); true")
        wait("document.querySelector('#status').textContent.startsWith('saved the public key')", "public key")
        summary["public_key"] = downloaded(".pub.json")
        js("document.querySelector('#dl-roots').click(); true")
        wait("document.querySelector('#status').textContent.startsWith('saved the TSA roots')", "TSA roots")
        summary["tsa_roots"] = downloaded(".pem")
        shot("10-verify-links")

        # 11. A phone-sized window (390 px): one column, rows as labelled cards, nothing wider than the window.
        page.call("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        search(decision="")
        wait("document.querySelector('#results tbody tr') && getComputedStyle(document.querySelector('#results tbody tr')).display === 'block'", "narrow layout")
        summary["narrow"] = js("""(() => {
            const s = document.querySelector('#search-panel').getBoundingClientRect(), d = document.querySelector('#side').getBoundingClientRect();
            const td = document.querySelector('#results tbody td');
            return {viewport: window.innerWidth, scroll_width: document.documentElement.scrollWidth,
                    side_below_search: d.top >= s.bottom, row_display: getComputedStyle(document.querySelector('#results tbody tr')).display,
                    header_hidden: getComputedStyle(document.querySelector('#results thead')).display === 'none',
                    first_label: getComputedStyle(td, '::before').content};
        })()""")
        shot("11-narrow")
        js("document.querySelector('#results tbody tr').click(); true")
        wait("!document.querySelector('#detail-panel').hidden && document.querySelectorAll('#d-checks li').length >= 3", "narrow detail")
        summary["narrow_detail_scroll_width"] = js("document.documentElement.scrollWidth")
        shot("12-narrow-detail")
    finally:
        browser.close()
    print(json.dumps(summary))

if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        print("web-test: %s" % e, file=sys.stderr)
        sys.exit(1)
