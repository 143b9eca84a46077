"use strict";
// The page around the verifier: collects the files a person gives (inputs or one drop), runs
// E.bundle.verify, shows progress, renders the report with E.report.render, and offers the
// report as JSON, the receipts as CSV and the page for printing. Nothing leaves the browser:
// the page's Content-Security-Policy (default-src 'none') forbids every fetch.
// window.evidentVerifierState is read by scripts/verifier-test.py (state, report, error).
(function (E) {
  const $ = (id) => document.getElementById(id);
  const state = { state: "idle", report: null, error: null, badInput: false };
  globalThis.evidentVerifierState = state;

  // Files dropped on the page, by role; chosen files are read from the inputs at verify time.
  const dropped = { bundle: null, roots: [], keys: [], crls: [], ocsps: [], policy: null, witnessPolicy: null };

  async function bytesOf(file) {
    return new Uint8Array(await file.arrayBuffer());
  }

  // A dropped file's role, from its name first, then from its first bytes. A file this page
  // cannot place is refused with its name (the person then uses the labelled inputs).
  async function roleOf(file) {
    const name = file.name.toLowerCase();
    if (name.endsWith(".evb") || name.endsWith(".tar")) return "bundle";
    const head = new TextDecoder("utf-8", { fatal: false }).decode(await file.slice(0, 4096).arrayBuffer());
    if (head.includes("-----BEGIN X509 CRL-----")) return "crls";
    if (head.includes("-----BEGIN CERTIFICATE-----")) return "roots";
    if (head.includes("-----BEGIN OCSP RESPONSE-----") || name.endsWith(".ocsp")) return "ocsps";
    if (name.endsWith(".crl")) return "crls";
    if (/^\s*\{/.test(head)) return "keys";
    // A witness policy (c2sp.org/tlog-policy) has a quorum line; an algorithm policy a name line.
    if (/^[ \t]*quorum[ \t]+\S/m.test(head) && /^[ \t]*(log|witness|group|quorum)[ \t]/m.test(head)) return "witnessPolicy";
    if (/^\s*(#|name\s)/m.test(head) && /\bname\s+\S/.test(head)) return "policy";
    return null;
  }

  async function onDrop(files) {
    const refused = [];
    for (const f of files) {
      const role = await roleOf(f);
      if (role === null) refused.push(f.name);
      else if (role === "bundle" || role === "policy" || role === "witnessPolicy") dropped[role] = f;
      else dropped[role].push(f);
    }
    showGiven();
    setStatus(refused.length ? "not recognised (use the labelled inputs): " + refused.join(", ") : "");
  }

  function chosen(id) {
    return Array.from($(id).files || []);
  }

  function collect() {
    const pick = (id, role) => chosen(id).concat(dropped[role]);
    const bundle = chosen("in-bundle")[0] || dropped.bundle;
    const policy = chosen("in-policy")[0] || dropped.policy;
    const witnessPolicy = chosen("in-witness-policy")[0] || dropped.witnessPolicy;
    return {
      bundle,
      roots: pick("in-roots", "roots"),
      keys: pick("in-keys", "keys"),
      crls: pick("in-crls", "crls"),
      ocsps: pick("in-ocsps", "ocsps"),
      policy,
      witnessPolicy,
    };
  }

  function showGiven() {
    const g = collect();
    const list = $("given");
    list.textContent = "";
    const add = (what, files) => {
      for (const f of files) {
        const li = document.createElement("li");
        li.textContent = what + ": " + f.name + " (" + f.size.toLocaleString("en") + " bytes)";
        list.appendChild(li);
      }
    };
    add("bundle", g.bundle ? [g.bundle] : []);
    add("TSA roots", g.roots);
    add("ledger keys", g.keys);
    add("CRL", g.crls);
    add("OCSP", g.ocsps);
    add("algorithm policy", g.policy ? [g.policy] : []);
    add("witness policy", g.witnessPolicy ? [g.witnessPolicy] : []);
  }

  function setStatus(text) {
    $("status").textContent = text;
  }

  async function named(files) {
    const out = [];
    for (const f of files) out.push({ name: f.name, bytes: await bytesOf(f) });
    return out;
  }

  async function verify() {
    const g = collect();
    if (!g.bundle) {
      setStatus("choose a bundle (.evb) first");
      return;
    }
    if (g.roots.length === 0 || g.keys.length === 0) {
      // Verification still runs: without roots or keys the verdict is indeterminate, and the
      // report says which proof was missing.
      setStatus("no " + (g.roots.length === 0 ? "TSA roots" : "ledger keys") + " given: the verdict can only be indeterminate");
    }
    Object.assign(state, { state: "running", report: null, error: null, badInput: false });
    $("verify").disabled = true;
    $("result").hidden = true;
    const bar = $("progress");
    bar.hidden = false;
    bar.value = 0;
    try {
      const report = await E.bundle.verify({
        bundle: g.bundle,
        tsaRoots: await named(g.roots),
        ledgerKeys: await named(g.keys),
        crls: await named(g.crls),
        ocsps: await named(g.ocsps),
        algorithmPolicy: g.policy ? { name: g.policy.name, bytes: await bytesOf(g.policy) } : null,
        witnessPolicy: g.witnessPolicy ? { name: g.witnessPolicy.name, bytes: await bytesOf(g.witnessPolicy) } : null,
        revocationPolicy: $("in-norevocation").checked ? "none" : "require",
        all: false,
        onProgress: (fraction, message) => {
          bar.value = fraction;
          setStatus(message);
        },
      });
      show(report);
      Object.assign(state, { state: "done", report });
      setStatus("verified: " + report.verdict);
    } catch (e) {
      Object.assign(state, { state: "error", error: String(e && e.message ? e.message : e), badInput: !!(e && e.badInput) });
      setStatus((state.badInput ? "not a bundle this verifier reads: " : "verification stopped: ") + state.error);
    } finally {
      bar.hidden = true;
      $("verify").disabled = false;
    }
  }

  function show(report) {
    const target = $("report");
    target.textContent = "";
    const rendered = E.report.render(report, { csvAvailable: true });
    if (typeof rendered === "string") {
      // The renderer escapes every value taken from the bundle; see report.js.
      target.innerHTML = rendered;
    } else {
      target.appendChild(rendered);
    }
    $("result").hidden = false;
  }

  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function baseName() {
    const b = state.report && state.report.bundle && state.report.bundle.name;
    return (b || "bundle").replace(/\.[^.]*$/, "");
  }

  // One CSV cell (RFC 4180), with a leading quote on cells a spreadsheet would run as a formula.
  function cell(v) {
    let s = v === null || v === undefined ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function receiptsCSV(report) {
    const cols = ["leaf_index", "stream", "seq", "issued_at", "decision", "actor", "action", "resource", "not_before", "not_after", "hash"];
    const rows = [cols.join(",")];
    for (const r of report.summary.receipts_windows || []) rows.push(cols.map((c) => cell(r[c])).join(","));
    return rows.join("\r\n") + "\r\n";
  }

  function wire() {
    $("verify").addEventListener("click", verify);
    $("print").addEventListener("click", () => window.print());
    $("save-json").addEventListener("click", () => download(baseName() + ".verification.json", "application/json", JSON.stringify(state.report, null, 2)));
    $("save-csv").addEventListener("click", () => download(baseName() + ".receipts.csv", "text/csv", receiptsCSV(state.report)));
    for (const id of ["in-bundle", "in-roots", "in-keys", "in-crls", "in-ocsps", "in-policy", "in-witness-policy"]) $(id).addEventListener("change", showGiven);
    const drop = $("drop");
    for (const ev of ["dragenter", "dragover"]) {
      document.addEventListener(ev, (e) => {
        e.preventDefault();
        drop.classList.add("over");
      });
    }
    document.addEventListener("dragleave", () => drop.classList.remove("over"));
    document.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      onDrop(Array.from(e.dataTransfer.files || []));
    });
    const missing = [];
    if (!globalThis.crypto || !crypto.subtle) missing.push("WebCrypto (open this file from disk or https in a current browser)");
    if (missing.length) setStatus("this browser lacks " + missing.join(", ") + ": it cannot verify");
    state.state = "ready";
  }

  E.app = { receiptsCSV, roleOf };
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
    else wire();
  }
})(globalThis.Evident = globalThis.Evident || {});
