/// The compliance page served by `evident serve` at `/` (docs/serve.md, "The web page"): the
/// ledger's origin and what the server says of the token; search receipts (stream, decision,
/// actor, action, resource, time), save a search as CSV, see one receipt's verification status
/// and lineage, the latest checkpoints and anchors; export a bundle (`.evb`) and download the
/// ledger public keys and TSA roots a verifier of it needs. Every time is shown in UTC, labelled.
/// The page, its script and its style hold no data; every datum comes from the API with the
/// bearer token the user enters (kept in the tab's sessionStorage only) and is put into the page
/// as text, never as markup. A strict Content Security Policy allows nothing but this origin's
/// own script and style (no inline script, style or event handler).
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
          <h1>Evident ledger <span id="origin" class="origin" hidden></span></h1>
          <form id="token-form" autocomplete="off">
            <label>API token <input id="token" type="password" placeholder="evt_…" size="30"></label>
            <button type="submit">Use token</button>
            <button id="forget" type="button">Forget token</button>
            <span id="token-state" data-state="missing" role="status">no token</span>
          </form>
        </header>
        <main>
          <section id="search-panel">
            <h2>Search receipts</h2>
            <form id="search-form">
              <label>Stream <input id="q-stream" name="stream"></label>
              <label>Decision <select id="q-decision" name="decision"><option value="">any</option><option>allow</option><option>deny</option></select></label>
              <label>Actor <input id="q-actor" name="actor" maxlength="512"></label>
              <label>Action <input id="q-action" name="action" maxlength="512"></label>
              <label>Resource <input id="q-resource" name="resource" maxlength="512"></label>
              <label>From (UTC) <input id="q-from" name="from" type="datetime-local" step="1"></label>
              <label>To (UTC) <input id="q-to" name="to" type="datetime-local" step="1"></label>
              <label>Per page <input id="q-limit" name="limit" type="number" min="1" max="1000" value="100"></label>
              <span class="buttons">
                <button id="search" type="submit">Search</button>
                <button id="csv" type="button">Save as CSV</button>
                <button id="export" type="button">Export bundle (.evb)</button>
              </span>
            </form>
            <p id="export-note" class="muted" hidden></p>
            <p id="status" class="muted" role="status"></p>
            <table id="results" class="cards"><thead><tr><th>Issued (UTC)</th><th>Stream #seq</th><th>Decision</th><th>Actor</th><th>Action</th><th>Resource</th><th>Receipt</th></tr></thead><tbody></tbody></table>
            <button id="more" type="button" hidden>More</button>
          </section>
          <section id="detail-panel" hidden>
            <h2>Receipt <code id="d-hash"></code></h2>
            <dl id="d-summary"></dl>
            <h3>Verification</h3>
            <ul id="d-checks"></ul>
            <h3>Lineage</h3>
            <ul id="d-lineage"></ul>
            <h3>Receipt</h3>
            <pre id="d-json"></pre>
          </section>
          <aside id="side">
            <section id="verify-panel">
              <h2>Verify an export</h2>
              <p class="muted">A bundle is verified offline (<code>evident verify BUNDLE.evb --ledger-key KEY.pub.json --tsa-roots ROOTS.pem</code>, or the browser verifier) with the ledger's public keys and the roots of the TSAs that anchored it. These are what this ledger uses and recorded; before trusting them, compare their fingerprints with the ones the ledger's operator and the TSA publish.</p>
              <h3>Ledger public keys</h3>
              <ul id="keys"></ul>
              <h3>TSA roots of the anchors</h3>
              <ul id="roots"></ul>
              <button id="dl-roots" type="button" hidden>Download TSA roots (PEM)</button>
            </section>
            <section id="log-panel">
              <h2>Latest checkpoints</h2>
              <table id="checkpoints" class="cards"><thead><tr><th>Tree size</th><th>Created (UTC)</th><th>Root</th></tr></thead><tbody></tbody></table>
              <h2>Latest anchors</h2>
              <table id="anchors" class="cards"><thead><tr><th>Tree size</th><th>TSA</th><th>Time-stamped (UTC)</th></tr></thead><tbody></tbody></table>
            </section>
          </aside>
        </main>
        </body>
        </html>

        """.utf8)

    static let css = Array(
        """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2430; background: #f6f7f9; }
        header { display: flex; flex-wrap: wrap; gap: .4em 2em; align-items: center; padding: .6em 1.2em; background: #1d2430; color: #fff; }
        header h1 { font-size: 1.2em; margin: 0; }
        header .origin { font-weight: 400; font-family: ui-monospace, monospace; font-size: .85em; margin-left: .6em; color: #cfd6e2; overflow-wrap: anywhere; }
        #token-state { display: inline-block; padding: .1em .6em; border-radius: 1em; background: #4b5565; }
        #token-state[data-state="valid"] { background: #17632a; }
        #token-state[data-state="rejected"], #token-state[data-state="forbidden"] { background: #a3161b; }
        main { display: grid; grid-template-columns: minmax(0, 1fr) 24em; gap: 1em; padding: 1em 1.2em; }
        #search-panel, #detail-panel { grid-column: 1; min-width: 0; }
        #side { grid-column: 2; grid-row: 1 / span 2; display: flex; flex-direction: column; gap: 1em; min-width: 0; }
        section { background: #fff; border: 1px solid #d8dce3; border-radius: 6px; padding: .6em 1em; }
        h2 { font-size: 1.05em; } h3 { font-size: .95em; margin-bottom: .2em; }
        form label { display: inline-block; margin: 0 .8em .4em 0; }
        .buttons { display: inline-flex; flex-wrap: wrap; gap: .4em; }
        button:disabled { cursor: not-allowed; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .25em .5em; border-bottom: 1px solid #eceef2; font-size: .92em; overflow-wrap: anywhere; }
        tbody tr.row { cursor: pointer; } tbody tr.row:hover { background: #eef3fb; }
        .deny { color: #a3161b; font-weight: 600; } .allow { color: #17632a; }
        .ok::before { content: "✔ "; color: #17632a; } .bad::before { content: "✘ "; color: #a3161b; } .wait::before { content: "… "; }
        .muted { color: #6b7380; } .error { color: #a3161b; }
        dl#d-summary { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .1em 1em; margin: 0; }
        dl#d-summary dt { color: #6b7380; } dl#d-summary dd { margin: 0; overflow-wrap: anywhere; }
        li, p { overflow-wrap: anywhere; } #keys li, #roots li { margin-bottom: .4em; }
        pre { background: #f3f4f6; padding: .6em; overflow: auto; max-height: 24em; font-size: .85em; white-space: pre-wrap; overflow-wrap: anywhere; }
        code { font-size: .9em; word-break: break-all; }
        @media (max-width: 960px) {
          main { grid-template-columns: minmax(0, 1fr); }
          #side { grid-column: 1; grid-row: auto; }
        }
        @media (max-width: 640px) {
          header { padding: .6em .8em; }
          main { padding: .6em; gap: .6em; }
          section { padding: .5em .7em; }
          form label { display: block; margin-right: 0; }
          form input, form select { width: 100%; box-sizing: border-box; }
          table.cards thead { display: none; }
          table.cards tr { display: block; padding: .3em 0; border-bottom: 1px solid #d8dce3; }
          table.cards td { display: grid; grid-template-columns: 8.5em minmax(0, 1fr); gap: .5em; border: 0; padding: .05em .2em; }
          table.cards td::before { content: attr(data-label); color: #6b7380; }
        }

        """.utf8)

    static let script = Array(
        #"""
        "use strict";
        const $ = (s) => document.querySelector(s);
        let token = sessionStorage.getItem("evident-token") || "";
        /// What /v1/ledger said of the token (name, scopes); null until it answered 200.
        let granted = null;

        // Everything below comes from the ledger and is hostile input to this page: it is put in
        // as text (textContent, text nodes, attribute values), never parsed as markup.
        function el(tag, attrs, ...children) {
          const e = document.createElement(tag);
          for (const [k, v] of Object.entries(attrs || {})) {
            if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
          }
          for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
          return e;
        }

        /// The one time formatter: the API gives RFC 3339 UTC times; shown as
        /// "2026-12-01 15:34:42.123 UTC", the full value in the tooltip. Anything else is shown as given.
        function utc(text) {
          const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,9})?Z$/.exec(String(text));
          return m ? m[1] + " " + m[2] + (m[3] || "") + " UTC" : String(text);
        }
        function timeCell(text) { return el("td", { title: String(text) }, utc(text)); }

        /// A table row whose cells carry their column's name (shown on a narrow window, where rows reflow into cards).
        function row(table, attrs, ...cells) {
          const names = [...document.querySelectorAll(table + " thead th")].map((th) => th.textContent);
          cells.forEach((td, i) => td.setAttribute("data-label", names[i] || ""));
          return el("tr", attrs, ...cells);
        }

        /// The token's state, from the server's answers only: missing (none entered), checking,
        /// valid (200: its name and scopes), forbidden (403: it lacks the read scope), rejected
        /// (401: unknown — revoked or mistyped; tokens do not expire, a removed one is refused).
        function tokenState(state, text) {
          const s = $("#token-state");
          s.dataset.state = state;
          s.textContent = text;
        }

        class APIError extends Error {
          constructor(status, code, message) { super(message); this.status = status; this.code = code; }
        }

        async function api(path, options) {
          const o = Object.assign({ headers: {} }, options || {});
          o.headers["Authorization"] = "Bearer " + token;
          let r;
          try { r = await fetch(path, o); } catch (e) { throw new APIError(0, "unreachable", "the server did not answer (" + e.message + ")"); }
          if (!r.ok) {
            let code = "http-" + r.status, message = r.status + " " + r.statusText;
            try { const j = await r.json(); if (j.error) { code = String(j.error.code); message = code + ": " + j.error.message; } } catch (_) {}
            if (r.status === 401) { granted = null; tokenState("rejected", "token rejected by the server (" + message + ")"); permissions(); }
            throw new APIError(r.status, code, message);
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
          for (const name of ["stream", "decision", "actor", "action", "resource", "limit"]) {
            const v = $("#q-" + name).value.trim();
            if (v) p.set(name, v);
          }
          for (const name of ["from", "to"]) {
            const v = $("#q-" + name).value;
            if (v) p.set(name, new Date(v + "Z").toISOString().replace(".000Z", "Z"));
          }
          return p;
        }

        /// A bundle's scope is stream, decision, action and time (docs/bundle.md): a search narrowed
        /// by actor or resource has no bundle of its own, so Export is offered only without them.
        function permissions() {
          const narrowed = ["actor", "resource"].filter((n) => $("#q-" + n).value.trim() !== "");
          const canExport = granted !== null && (granted.scopes.includes("export") || granted.scopes.includes("admin"));
          $("#export").disabled = !canExport || narrowed.length > 0;
          const note = $("#export-note");
          note.hidden = canExport && narrowed.length === 0;
          note.textContent = !canExport
            ? "Export needs a token with the export scope."
            : "A bundle covers stream, decision, action and time; clear " + narrowed.join(" and ") + " to export this search's bundle.";
        }

        let nextAfter = null;

        function resultRow(r) {
          return row("#results", { class: "row", "data-hash": r.hash, onclick: () => detail(r.hash) },
            timeCell(r.issued_at), el("td", {}, r.stream + " #" + r.seq), el("td", { class: r.decision }, r.decision),
            el("td", {}, r.actor === null ? "—" : r.actor), el("td", {}, r.action), el("td", {}, r.resource),
            el("td", {}, el("code", {}, r.hash.slice(0, 16) + "…")));
        }

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
            for (const r of j.receipts) body.append(resultRow(r));
            status(body.children.length + " receipt(s)" + (nextAfter !== null ? " (more available)" : "")
              + (j.scanned !== undefined ? "; the actor filter read " + j.scanned + " receipt(s) this time" : ""));
          } catch (e) { status(e.message, true); }
        }

        // RFC 4180: CRLF between records; a field holding a comma, quote, CR or LF is quoted, its
        // quotes doubled. A field starting with = + - @ (or tab, CR) is prefixed with ' so that a
        // spreadsheet shows it as text instead of running it as a formula.
        function csvField(v) {
          let s = v === null || v === undefined ? "" : String(v);
          if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
          return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
        }
        const csvColumns = ["issued_at", "stream", "seq", "index", "decision", "actor", "action", "resource", "key_id", "policy_id", "hash"];
        const csvMaxRows = 100000;

        function save(blob, name) {
          const a = el("a", { href: URL.createObjectURL(blob), download: name });
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(a.href), 60000);
        }

        /// Every receipt the current filters match (not only the rows shown), read page by page
        /// (Per page receipts a request, as the table does), at most csvMaxRows.
        async function saveCSV() {
          const lines = [csvColumns.join(",")];
          let after = null, truncated = false;
          try {
            for (;;) {
              status("reading receipts for CSV… " + (lines.length - 1));
              const p = filters();
              if (after !== null) p.set("after", after);
              const j = await (await api("/v1/receipts?" + p)).json();
              for (const r of j.receipts) {
                if (lines.length - 1 === csvMaxRows) { truncated = true; break; }
                lines.push(csvColumns.map((c) => csvField(r[c])).join(","));
              }
              after = j.next_after;
              if (truncated || after === null) break;
            }
          } catch (e) { status("CSV not saved: " + e.message, true); return; }
          const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
          const name = "receipts-" + stamp + ".csv";
          save(new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }), name);
          status("saved " + (lines.length - 1) + " receipt(s) to " + name + " (times in UTC)"
            + (truncated ? "; stopped at " + csvMaxRows + " rows: narrow the search, or export a bundle" : ""), truncated);
        }

        async function detail(hash) {
          try {
            const j = await (await api("/v1/receipts/" + encodeURIComponent(hash))).json();
            $("#detail-panel").hidden = false;
            $("#d-hash").textContent = j.hash;
            const summary = $("#d-summary");
            summary.replaceChildren();
            for (const [k, v] of [["Issued", utc(j.issued_at)], ["Stream", j.stream + " #" + j.seq], ["Decision", j.decision],
              ["Actor", j.actor === null ? "—" : j.actor], ["Action", j.action], ["Resource", j.resource], ["Signed by", j.key_id],
              ["Policy", j.policy_id === null ? "—" : j.policy_id]]) {
              summary.append(el("dt", {}, k), el("dd", {}, v));
            }
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
            // One column (a narrow window): the detail is below the results, so bring it into view.
            if (window.matchMedia("(max-width: 960px)").matches) $("#detail-panel").scrollIntoView();
          } catch (e) { status(e.message, true); }
        }

        async function log() {
          try {
            const c = await (await api("/v1/checkpoints?limit=5")).json();
            $("#checkpoints tbody").replaceChildren(...c.checkpoints.map((x) => row("#checkpoints", {},
              el("td", {}, x.tree_size), timeCell(x.created_at), el("td", {}, el("code", {}, x.root.slice(0, 12) + "…")))));
            const a = await (await api("/v1/anchors?limit=5")).json();
            $("#anchors tbody").replaceChildren(...a.anchors.map((x) => row("#anchors", {},
              el("td", {}, x.tree_size), el("td", {}, x.tsa), timeCell(x.gen_time))));
          } catch (e) { status(e.message, true); }
        }

        /// A file the API answers with (a bundle, a key, the roots), saved under the name the
        /// server gives when it is a plain file name, else under `fallback`.
        async function download(path, options, fallback) {
          const r = await api(path, options);
          const blob = await r.blob();
          const given = (/filename="([^"]+)"/.exec(r.headers.get("Content-Disposition") || "") || [])[1];
          const name = given && /^[A-Za-z0-9._-]{1,128}$/.test(given) && !given.startsWith(".") ? given : fallback;
          save(blob, name);
          return { response: r, name: name, size: blob.size };
        }

        async function exportBundle() {
          status("exporting…");
          const p = filters();
          const scope = {};
          for (const k of ["stream", "decision", "action", "from", "to"]) if (p.get(k)) scope[k] = p.get(k);
          try {
            const d = await download("/v1/exports", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(scope) }, "evidence.evb");
            status("exported " + d.response.headers.get("X-Evident-Receipts") + " receipt(s) to " + d.name + " (" + d.size
              + " bytes); verify it offline with the ledger public key and TSA roots (Verify an export)");
          } catch (e) { status(e.message, true); }
        }

        async function fetchFile(path, fallback, what) {
          try {
            const d = await download(path, {}, fallback);
            status("saved " + what + " to " + d.name);
          } catch (e) { status(e.message, true); }
        }

        /// The ledger's origin, what the server says of the token, the keys and TSA roots.
        async function ledgerInfo() {
          tokenState("checking", "checking token…");
          let j;
          try {
            j = await (await api("/v1/ledger")).json();
          } catch (e) {
            if (e.status === 403) tokenState("forbidden", "token refused for reading (" + e.message + ")");
            else if (e.status !== 401) tokenState("unknown", "token not checked: " + e.message);
            granted = null;
            permissions();
            return false;
          }
          granted = { name: j.token.name, scopes: j.token.scopes };
          tokenState("valid", "token " + j.token.name + " accepted: " + j.token.scopes.join(", "));
          permissions();
          const origin = $("#origin");
          origin.textContent = j.origin;
          origin.hidden = false;
          document.title = "Evident ledger " + j.origin;
          $("#keys").replaceChildren(...j.public_keys.map((k) => el("li", { "data-key-id": k.key_id },
            el("code", {}, k.key_id), k.signs_here ? " (this server signs with it) " : " ",
            el("button", { type: "button", class: "dl-key", onclick: () => fetchFile("/v1/ledger/public-key?key_id=" + encodeURIComponent(k.key_id), "ledger-key.pub.json", "the public key " + k.key_id) }, "Download"))));
          $("#roots").replaceChildren(...(j.tsa_roots.length ? j.tsa_roots.map((c) => el("li", { "data-sha256": c.sha256 },
            c.subject, el("br"), el("span", { class: "muted" }, "SHA-256 "), el("code", {}, c.sha256)))
            : [el("li", { class: "muted" }, "no anchor yet, so no TSA root recorded")]));
          $("#dl-roots").hidden = j.tsa_roots.length === 0;
          return true;
        }

        async function useToken(value) {
          token = value.trim();
          granted = null;
          // Nothing read with an earlier token stays on the page.
          for (const s of ["#results tbody", "#checkpoints tbody", "#anchors tbody", "#keys", "#roots"]) $(s).replaceChildren();
          $("#origin").hidden = true;
          $("#detail-panel").hidden = true;
          $("#dl-roots").hidden = true;
          $("#more").hidden = true;
          if (!token) {
            sessionStorage.removeItem("evident-token");
            tokenState("missing", "no token");
            permissions();
            status("enter an API token with the read scope");
            return;
          }
          sessionStorage.setItem("evident-token", token);
          if (await ledgerInfo()) { search(); log(); } else status("no data without a token the server accepts for reading", true);
        }

        document.addEventListener("DOMContentLoaded", () => {
          // A token may arrive in the fragment (never sent to the server); it is moved to
          // sessionStorage and removed from the address bar at once.
          const m = /token=([^&]+)/.exec(location.hash);
          if (m) { history.replaceState(null, "", location.pathname); token = decodeURIComponent(m[1]); }
          $("#token-form").addEventListener("submit", (e) => { e.preventDefault(); useToken($("#token").value); });
          $("#forget").addEventListener("click", () => { $("#token").value = ""; useToken(""); });
          $("#search-form").addEventListener("submit", search);
          $("#search-form").addEventListener("input", permissions);
          $("#export").addEventListener("click", exportBundle);
          $("#csv").addEventListener("click", saveCSV);
          $("#dl-roots").addEventListener("click", () => fetchFile("/v1/ledger/tsa-roots", "tsa-roots.pem", "the TSA roots"));
          $("#more").addEventListener("click", () => search(null, true));
          useToken(token);
        });

        """#.utf8)
}
