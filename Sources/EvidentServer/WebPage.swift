/// The compliance page served by `evident serve` at `/`: search receipts, see one receipt's
/// verification status and lineage, the latest checkpoints and anchors, and export a bundle.
/// The page, its script and its style hold no data; every datum comes from the API with the
/// bearer token the user enters (kept in the tab's sessionStorage only). A strict Content
/// Security Policy allows nothing but this origin's own script and style.
enum WebPage {
    static let securityHeaders: [(name: String, value: String)] = [
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
    ]

    static let html = Array(
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Evident ledger</title>
        <link rel="stylesheet" href="/app.css">
        <script src="/app.js" defer></script>
        </head>
        <body>
        <header>
          <h1>Evident ledger</h1>
          <form id="token-form" autocomplete="off">
            <label>API token <input id="token" type="password" placeholder="evt_…" size="30"></label>
            <button type="submit">Use token</button>
            <span id="who" class="muted"></span>
          </form>
        </header>
        <main>
          <section id="search-panel">
            <h2>Search receipts</h2>
            <form id="search-form">
              <label>Stream <input id="q-stream" name="stream"></label>
              <label>Decision <select id="q-decision" name="decision"><option value="">any</option><option>allow</option><option>deny</option></select></label>
              <label>Action <input id="q-action" name="action"></label>
              <label>From <input id="q-from" name="from" type="datetime-local" step="1"></label>
              <label>To <input id="q-to" name="to" type="datetime-local" step="1"></label>
              <label>Limit <input id="q-limit" name="limit" type="number" min="1" max="1000" value="100"></label>
              <button id="search" type="submit">Search</button>
              <button id="export" type="button">Export bundle</button>
            </form>
            <p id="status" class="muted" role="status"></p>
            <table id="results"><thead><tr><th>Issued</th><th>Stream #seq</th><th>Decision</th><th>Action</th><th>Resource</th><th>Receipt</th></tr></thead><tbody></tbody></table>
            <button id="more" type="button" hidden>More</button>
          </section>
          <section id="detail-panel" hidden>
            <h2>Receipt <code id="d-hash"></code></h2>
            <h3>Verification</h3>
            <ul id="d-checks"></ul>
            <h3>Lineage</h3>
            <ul id="d-lineage"></ul>
            <h3>Receipt</h3>
            <pre id="d-json"></pre>
          </section>
          <section id="log-panel">
            <h2>Latest checkpoints</h2>
            <table id="checkpoints"><thead><tr><th>Tree size</th><th>Created</th><th>Root</th></tr></thead><tbody></tbody></table>
            <h2>Latest anchors</h2>
            <table id="anchors"><thead><tr><th>Tree size</th><th>TSA</th><th>genTime</th></tr></thead><tbody></tbody></table>
          </section>
        </main>
        </body>
        </html>

        """.utf8)

    static let css = Array(
        """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2430; background: #f6f7f9; }
        header { display: flex; gap: 2em; align-items: center; padding: .6em 1.2em; background: #1d2430; color: #fff; }
        header h1 { font-size: 1.2em; margin: 0; }
        main { display: grid; grid-template-columns: 1fr 22em; gap: 1em; padding: 1em 1.2em; }
        #search-panel, #detail-panel { grid-column: 1; }
        #log-panel { grid-column: 2; grid-row: 1 / span 2; }
        section { background: #fff; border: 1px solid #d8dce3; border-radius: 6px; padding: .6em 1em; }
        h2 { font-size: 1.05em; } h3 { font-size: .95em; margin-bottom: .2em; }
        form label { display: inline-block; margin: 0 .8em .4em 0; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .25em .5em; border-bottom: 1px solid #eceef2; font-size: .92em; }
        tbody tr.row { cursor: pointer; } tbody tr.row:hover { background: #eef3fb; }
        .deny { color: #a3161b; font-weight: 600; } .allow { color: #17632a; }
        .ok::before { content: "✔ "; color: #17632a; } .bad::before { content: "✘ "; color: #a3161b; } .wait::before { content: "… "; }
        .muted { color: #6b7380; } .error { color: #a3161b; }
        pre { background: #f3f4f6; padding: .6em; overflow: auto; max-height: 24em; font-size: .85em; }
        code { font-size: .9em; word-break: break-all; }

        """.utf8)

    static let script = Array(
        """
        "use strict";
        const $ = (s) => document.querySelector(s);
        let token = sessionStorage.getItem("evident-token") || "";

        function el(tag, attrs, ...children) {
          const e = document.createElement(tag);
          for (const [k, v] of Object.entries(attrs || {})) {
            if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
          }
          for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
          return e;
        }

        async function api(path, options) {
          const o = Object.assign({ headers: {} }, options || {});
          o.headers["Authorization"] = "Bearer " + token;
          const r = await fetch(path, o);
          if (!r.ok) {
            let message = r.status + " " + r.statusText;
            try { const j = await r.json(); if (j.error) message = j.error.code + ": " + j.error.message; } catch (_) {}
            throw new Error(message);
          }
          return r;
        }

        function status(text, isError) {
          const s = $("#status");
          s.textContent = text;
          s.className = isError ? "error" : "muted";
        }

        function filters() {
          const p = new URLSearchParams();
          for (const name of ["stream", "decision", "action", "limit"]) {
            const v = $("#q-" + name).value.trim();
            if (v) p.set(name, v);
          }
          for (const name of ["from", "to"]) {
            const v = $("#q-" + name).value;
            if (v) p.set(name, new Date(v + "Z").toISOString().replace(".000Z", "Z"));
          }
          return p;
        }

        let nextAfter = null;

        async function search(ev, more) {
          if (ev) ev.preventDefault();
          status("searching…");
          try {
            const p = filters();
            if (more && nextAfter !== null) p.set("after", nextAfter);
            const j = await (await api("/v1/receipts?" + p)).json();
            const body = $("#results tbody");
            if (!more) body.replaceChildren();
            nextAfter = j.next_after;
            $("#more").hidden = nextAfter === null;
            for (const r of j.receipts) {
              body.append(el("tr", { class: "row", "data-hash": r.hash, onclick: () => detail(r.hash) },
                el("td", {}, r.issued_at), el("td", {}, r.stream + " #" + r.seq), el("td", { class: r.decision }, r.decision),
                el("td", {}, r.action), el("td", {}, r.resource), el("td", {}, el("code", {}, r.hash.slice(0, 16) + "…"))));
            }
            status(body.children.length + " receipt(s)" + (nextAfter !== null ? " (more available)" : ""));
          } catch (e) { status(e.message, true); }
        }

        async function detail(hash) {
          try {
            const j = await (await api("/v1/receipts/" + hash)).json();
            $("#detail-panel").hidden = false;
            $("#d-hash").textContent = j.hash;
            const checks = $("#d-checks");
            checks.replaceChildren();
            checks.append(el("li", { class: { valid: "ok", invalid: "bad" }[j.verification.verdict] || "wait", "data-verdict": j.verification.verdict },
              "verdict: " + j.verification.verdict));
            for (const c of j.verification.checks) {
              const cls = { passed: "ok", failed: "bad" }[c.outcome] || "wait";
              checks.append(el("li", { class: cls, "data-check": c.check }, c.check + ": " + c.outcome + (c.detail ? " (" + c.detail + ")" : "")));
            }
            const lineage = $("#d-lineage");
            lineage.replaceChildren();
            if (j.lineage.previous) {
              lineage.append(el("li", {}, "previous in " + j.stream + ": ",
                el("a", { href: "#", onclick: (e) => { e.preventDefault(); detail(j.lineage.previous.hash); } }, "#" + j.lineage.previous.seq + " " + j.lineage.previous.hash.slice(0, 16) + "…")));
            } else {
              lineage.append(el("li", { class: "muted" }, "first receipt of " + j.stream));
            }
            for (const p of j.lineage.parents) {
              lineage.append(el("li", {}, "parent: ", p.in_ledger
                ? el("a", { href: "#", onclick: (e) => { e.preventDefault(); detail(p.hash); } }, p.hash.slice(0, 16) + "…")
                : el("code", {}, p.hash.slice(0, 16) + "… (not in this ledger)")));
            }
            $("#d-json").textContent = JSON.stringify(j.receipt, null, 2);
          } catch (e) { status(e.message, true); }
        }

        async function log() {
          try {
            const c = await (await api("/v1/checkpoints?limit=5")).json();
            const cb = $("#checkpoints tbody");
            cb.replaceChildren(...c.checkpoints.map((x) => el("tr", {}, el("td", {}, x.tree_size), el("td", {}, x.created_at), el("td", {}, el("code", {}, x.root.slice(0, 12) + "…")))));
            const a = await (await api("/v1/anchors?limit=5")).json();
            const ab = $("#anchors tbody");
            ab.replaceChildren(...a.anchors.map((x) => el("tr", {}, el("td", {}, x.tree_size), el("td", {}, x.tsa), el("td", {}, x.gen_time))));
          } catch (e) { status(e.message, true); }
        }

        async function exportBundle() {
          status("exporting…");
          const p = filters();
          const scope = {};
          for (const k of ["stream", "decision", "action", "from", "to"]) if (p.get(k)) scope[k] = p.get(k);
          try {
            const r = await api("/v1/exports", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(scope) });
            const blob = await r.blob();
            const name = (/filename="([^"]+)"/.exec(r.headers.get("Content-Disposition") || "") || [])[1] || "evidence.tar";
            const a = el("a", { href: URL.createObjectURL(blob), download: name });
            document.body.append(a);
            a.click();
            a.remove();
            status("exported " + r.headers.get("X-Evident-Receipts") + " receipt(s) to " + name + " (" + blob.size + " bytes); verify it offline with `evident verify`");
          } catch (e) { status(e.message, true); }
        }

        function useToken(value) {
          token = value.trim();
          sessionStorage.setItem("evident-token", token);
          $("#who").textContent = token ? "token set" : "";
          if (token) { search(); log(); }
        }

        document.addEventListener("DOMContentLoaded", () => {
          // A token may arrive in the fragment (never sent to the server); it is moved to
          // sessionStorage and removed from the address bar at once.
          const m = /token=([^&]+)/.exec(location.hash);
          if (m) { history.replaceState(null, "", location.pathname); token = decodeURIComponent(m[1]); }
          $("#token-form").addEventListener("submit", (e) => { e.preventDefault(); useToken($("#token").value); });
          $("#search-form").addEventListener("submit", search);
          $("#export").addEventListener("click", exportBundle);
          $("#more").addEventListener("click", () => search(null, true));
          if (token) useToken(token); else status("enter an API token with the read scope");
        });

        """.utf8)
}
