"use strict";
// The one renderer of a bundle verification report (docs/verification.md, "Report fields"):
// `evident verify --report` and the browser verifier both render the same report object with
// it, so their reports say the same thing by construction. Everything in the object that came
// from the bundle is hostile input: it only ever reaches the page as text nodes (never markup).
(function (E) {
  var MAX_ROWS = 1000;

  // ---- small helpers -------------------------------------------------------------------
  // DisplayText.safe (Sources/EvidentCore/DisplayText.swift): every control character, line or
  // paragraph separator, bidirectional mark or override and invisible code point is written as
  // a visible \u{hex}, so a signed value can neither reorder what the page shows around it (an
  // RLO turned "payments:\u{202e}redro-lla-evorppa" into "payments:approve-all-order" on screen:
  // red team round 14) nor pass for another name. Applied to every text node the page draws.
  // Also every control, format, separator (but U+0020) and default-ignorable code point (red team round 28, F4).
  var UNSAFE_CLASS = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}\p{Default_Ignorable_Code_Point}]$/u;
  function isUnsafe(v) {
    if (v > 0x20 && v < 0x7f) return false;
    if (v !== 0x20 && UNSAFE_CLASS.test(String.fromCodePoint(v))) return true;
    return v <= 0x1f || (v >= 0x7f && v <= 0x9f) || v === 0x2028 || v === 0x2029 || v === 0x061c || v === 0x200e ||
      v === 0x200f || (v >= 0x202a && v <= 0x202e) || (v >= 0x2066 && v <= 0x2069) || v === 0x00ad || v === 0x034f ||
      v === 0x115f || v === 0x1160 || v === 0x17b4 || v === 0x17b5 || (v >= 0x180b && v <= 0x180f) || (v >= 0x200b && v <= 0x200d) ||
      (v >= 0x2060 && v <= 0x2065) || (v >= 0x206a && v <= 0x206f) || v === 0x2800 || v === 0x3164 || (v >= 0xfe00 && v <= 0xfe0f) ||
      v === 0xfeff || v === 0xffa0 || (v >= 0xfff0 && v <= 0xfffb) || (v >= 0x1d173 && v <= 0x1d17a) || (v >= 0xe0000 && v <= 0xe007f) ||
      (v >= 0xe0100 && v <= 0xe01ef);
  }
  // (A page collapses runs of blanks, so DisplayText.value's rule for terminal lines is not needed here.)
  function safe(s) {
    var out = "";
    for (var ch of s) { var v = ch.codePointAt(0); out += isUnsafe(v) ? "\\u{" + v.toString(16) + "}" : ch; }
    return out;
  }
  function el(tag, cls, children) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (children !== undefined) append(e, children);
    return e;
  }
  function append(parent, c) {
    if (c === null || c === undefined) return parent;
    if (Array.isArray(c)) { for (var i = 0; i < c.length; i++) append(parent, c[i]); return parent; }
    if (typeof c === "string" || typeof c === "number") parent.appendChild(document.createTextNode(safe(String(c))));
    else parent.appendChild(c);
    return parent;
  }
  function code(s) { return el("code", null, s === null || s === undefined ? "-" : String(s)); }
  function num(n) {
    if (typeof n !== "number" || !isFinite(n)) return "?";
    var s = String(Math.trunc(n)), out = "";
    while (s.length > 3) { out = "," + s.slice(-3) + out; s = s.slice(0, -3); }
    return s + out;
  }
  function plural(n, one, many) { return num(n) + " " + (n === 1 ? one : many); }
  // "2026-12-01T15:34:42.894Z" -> "2026-12-01 15:34:42.894 UTC"; anything else as given.
  function time(s) {
    if (typeof s !== "string") return "-";
    var m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z$/.exec(s);
    return m ? m[1] + " " + m[2] + " UTC" : s;
  }
  function str(v) { return typeof v === "string" ? v : v === null || v === undefined ? "-" : JSON.stringify(v); }
  function table(cls, headers, rows) {
    var t = el("table", cls);
    var tr = el("tr");
    headers.forEach(function (h) { tr.appendChild(el("th", null, h)); });
    t.appendChild(el("thead", null, tr));
    var body = el("tbody");
    rows.forEach(function (r) {
      var row = el("tr", r.cls || null);
      if (r.full !== undefined) {
        // One cell across the whole row (what belongs to the row above it).
        var td = el("td", null, r.full);
        td.colSpan = headers.length;
        row.appendChild(td);
      } else {
        (r.cells || r).forEach(function (c) { row.appendChild(el("td", null, c)); });
      }
      body.appendChild(row);
    });
    t.appendChild(body);
    return t;
  }
  function withId(e, id) { if (id) e.id = id; return e; }
  function dl(pairs) {
    var d = el("dl", "er-facts");
    pairs.forEach(function (p) {
      if (!p) return;
      d.appendChild(el("dt", null, p[0]));
      d.appendChild(el("dd", p[2] || null, p[1]));
    });
    return d;
  }
  function claimedTag() { return el("span", "er-claimed-tag", "claimed by the bundle, not verified"); }

  // ---- what the report says ------------------------------------------------------------
  var VERDICT_LABEL = { valid: "VALID", invalid: "NOT VALID", indeterminate: "NOT PROVEN" };

  function ledgerKeys(s) {
    return (s.trust_inputs || []).filter(function (t) { return t.kind === "ledger-key"; })
      .map(function (t) { return t.key_id; });
  }
  // The latest time a valid anchor proves: every covered receipt existed no later than it.
  function latestProof(s) {
    var latest = null;
    // No bound at all when a valid anchor's time cannot be written (BundleReport.verdictSentence).
    if ((s.anchors || []).some(function (a) { return a.verdict === "valid" && !a.existed_by; })) return null;
    (s.receipts_windows || []).forEach(function (w) { if (w.not_after && (!latest || w.not_after > latest)) latest = w.not_after; });
    if (latest && !s.receipts_windows_omitted) return latest;
    (s.anchors || []).forEach(function (a) {
      if (a.verdict === "valid" && a.existed_by && (!latest || a.existed_by > latest)) latest = a.existed_by;
    });
    return latest;
  }

  // The verdict in one plain sentence.
  function sentence(r) {
    var s = r.summary || {};
    var origin = s.origin || "(unknown)";
    var first = (r.findings || [])[0];
    if (r.verdict === "valid") {
      var keys = ledgerKeys(s), latest = latestProof(s);
      var out = "These " + plural(s.receipts, "receipt", "receipts") + " of ledger " + origin +
        ", issued between " + time(s.first_issued_at) + " and " + time(s.last_issued_at) +
        ", were signed by " + (keys.length === 1 ? "key " : "one of the keys ") + keys.join(", ") +
        (keys.length === 1 ? " or a key it was rotated to" : " or a key they were rotated to") +
        (latest ? " and existed no later than " + time(latest) : "");
      if (s.unanchored > 0) out += "; " + plural(s.unanchored, "receipt is", "receipts are") + " not covered by an anchor";
      return out + ".";
    }
    if (r.verdict === "invalid") {
      return "This bundle is NOT valid: the check \u201c" + (first ? first.check : "?") + "\u201d failed for " +
        (first ? first.object : "?") + " (" + (first ? first.reason : "") + "). Nothing in it is proven; " +
        "what it claims is shown below only as a claim.";
    }
    var msg = "Nothing in this bundle failed, but it is NOT proven valid: " +
      plural((r.findings || []).length + (s.findings_omitted || 0), "check", "checks") + " could not be decided" +
      (first ? " (first: \u201c" + first.check + "\u201d for " + first.object + ": " + first.reason + ")" : "");
    if (s.unanchored > 0) msg += "; " + plural(s.unanchored, "receipt is", "receipts are") + " not covered by an anchor";
    return msg + ".";
  }

  // Advice addressed to the person reading the report (who cannot run the ledger's commands).
  function advice(f) {
    var c = f.check, indet = f.outcome === "indeterminate", why = f.reason || "";
    if (c === "anchor-coverage")
      return "This bundle was exported before its receipts were anchored: ask the sender for a bundle exported after `evident anchor`.";
    if (c === "anchor" && indet && why.indexOf("not among the roots you gave") >= 0)
      return "Check that you gave the right TSA root; if you trust the TSA named, get its root certificate from the TSA itself, never from the bundle.";
    if (c === "anchor" && indet && why.indexOf("revocation") >= 0)
      return "Get the TSA's CRL or OCSP response issued after the anchor's time (from the TSA or the sender) and give it to the verifier.";
    if (indet && (c === "checkpoint-signature" || c === "receipt-key" || c === "keys"))
      return "Ask the ledger's operator for the public key (or key record) this names, check its fingerprint with them, and give it to the verifier.";
    if (indet && c === "completeness")
      return "Ask the sender for a bundle exported once a newer checkpoint covers a receipt issued after the period, or for the whole log.";
    if (indet && c === "receipt-time") return "Ask the sender for a bundle that carries the anchors its receipts reference.";
    if (indet && c === "witness-policy")
      return "Ask the sender for a bundle whose covering checkpoint the witnesses of your policy cosigned (exported after they cosigned it), and check that the policy you gave is the one you mean to apply.";
    if (indet) return "Ask the sender for the missing evidence this names, or give it to the verifier.";
    if (c === "anchor" && why.indexOf("revoked") >= 0)
      return "Do not rely on the time this anchor claims: the TSA's certificate was revoked (the finding says when and why), so its time-stamp proves nothing, whether or not the bundle was altered. Ask the sender for the same checkpoint anchored by another TSA.";
    return "Do not rely on this bundle: it was altered or is not what it claims to be. Tell the sender which check failed and ask for the original.";
  }

  var SCOPE_NAMES = { stream: "stream", decision: "decision", action: "action" };

  function proven(r) {
    var s = r.summary || {}, yes = [], no = [];
    var failedChecks = {};
    (r.findings || []).forEach(function (f) { failedChecks[f.check] = true; });
    if (r.verdict === "invalid") {
      no.push("Nothing: a check failed, so no statement about these receipts is proven by this bundle.");
      return { yes: yes, no: no };
    }
    var sigOk = !failedChecks["receipt-signature"] && !failedChecks["receipt-key"] && !failedChecks["checkpoint-signature"] && !failedChecks["keys"];
    if (s.receipts > 0 && sigOk)
      yes.push(plural(s.receipts, "receipt was", "receipts were") + " signed by a ledger key you gave, and none was changed since.");
    else no.push("That every receipt was signed by a ledger key you gave (see the findings).");
    if (!failedChecks["inclusion"] && !failedChecks["consistency"] && (s.checkpoints || []).length)
      yes.push("Every receipt is in the ledger's append-only log, as of a checkpoint signed by the ledger (inclusion proofs), and the checkpoints extend one another (consistency proofs).");
    var anchored = s.receipts - (s.unanchored || 0);
    if (anchored > 0 && !failedChecks["anchor"] && !failedChecks["receipt-time"])
      yes.push(plural(anchored, "receipt", "receipts") + " existed no later than the time-stamp (from a TSA you trust) on a checkpoint covering them" +
        (latestProof(s) ? " \u2014 at the latest " + time(latestProof(s)) : "") + ".");
    if (s.unanchored > 0) no.push("When " + plural(s.unanchored, "receipt", "receipts") + " existed: no time-stamp anchor covers them.");
    if (failedChecks["anchor"]) no.push("The time of the anchors listed as not valid below.");
    if (s.completeness === "proven") yes.push("The bundle holds every receipt of the selection (completeness proven).");
    else if (s.completeness === "not-claimed")
      no.push("That the bundle holds every receipt of the selection: it is filtered (by stream, decision or action), so receipts matching the filter but left out cannot be ruled out.");
    else no.push("That the bundle holds every receipt of the selection (completeness not proven).");
    var w = r.witnesses;
    if (w && w.policy && w.quorum_met === true && !failedChecks["witness-policy"])
      yes.push("The covering checkpoint was cosigned by enough witnesses of the policy you gave (" + w.policy.file + "): " +
        "witnesses vouch that they were shown this checkpoint consistent with everything of this log they saw before (no split view).");
    else if (w && w.policy)
      no.push("That the ledger showed everyone the same log (no split view): the covering checkpoint does not meet the witness policy you gave.");
    else
      no.push("That the ledger showed everyone the same log (no split view): no witness policy was applied.");
    if (s.revocation_policy === "none")
      no.push("That no TSA certificate was revoked: revocation was not checked where no data was given (policy \u201cnone\u201d).");
    no.push("That the receipts' contents (decisions, actors, actions, resources) are true: the proof is that the ledger recorded them, not that they happened.");
    return { yes: yes, no: no };
  }

  function selection(s) {
    var c = s.selection_claimed || {};
    var filters = [];
    Object.keys(SCOPE_NAMES).forEach(function (k) { if (c[k] !== null && c[k] !== undefined) filters.push(SCOPE_NAMES[k] + " = " + str(c[k])); });
    var comp = s.completeness === "proven"
      ? ["Proven: every receipt of this period in the ledger's log" +
          (s.leaves ? " (log positions " + num(s.leaves[0]) + " to " + num(s.leaves[1]) + ")" : "") + " is in the bundle.", "er-good"]
      : s.completeness === "not-claimed"
        ? ["Not proven (a filtered selection is never proven complete).", "er-warn"]
        : ["Not proven.", "er-warn"];
    return [
      el("p", "er-note", "The selection is stated by the bundle's manifest (not signed); every receipt was checked against it."),
      dl([
        ["Period asked for", (c.from ? time(c.from) : "the start of the log") + " up to (not including) " + (c.to ? time(c.to) : "the newest checkpoint")],
        ["Filters", filters.length ? filters.join(", ") : "none (every receipt of the period)"],
        ["Completeness", comp[0], comp[1]],
        ["Receipts issued", time(s.first_issued_at) + " to " + time(s.last_issued_at)],
      ]),
    ];
  }

  function trustInputs(s) {
    var rows = (s.trust_inputs || []).map(function (t) {
      var what = t.kind === "tsa-root" ? ["TSA root certificate", t.subject]
        : t.kind === "ledger-key" ? ["Ledger public key", t.key_id]
          : t.kind === "key-record" ? ["Key " + t.record + " record", t.key_id]
            : t.kind === "crl" ? ["CRL (revocation list)", t.issuer || "(issuer not named)"]
              : t.kind === "ocsp" ? ["OCSP response", t.issuer || "(responder not named)"]
                : t.kind === "witness-policy" ? ["Witness policy", t.file]
                : [str(t.kind), ""];
      return [what[0], code(what[1]), code(t.sha256)];
    });
    return [
      el("p", null, "Trust comes only from these inputs, given to the verifier; nothing inside the bundle is trusted. Compare each SHA-256 fingerprint with the one its owner publishes."),
      rows.length ? table("er-table", ["Input", "Identity", "SHA-256 fingerprint"], rows) : el("p", "er-warn", "None."),
    ];
  }

  // The bundle's VERIFY file against the text derived from its checkpoints and anchors
  // (Instructions.statement): unsigned, never evidence; a difference is a warning.
  function instructions(i) {
    var status = i && i.status;
    if (status === "derived") return "the text this verifier derives from the bundle's checkpoints and anchors (unsigned; not evidence)";
    if (status === "absent") return "none in the bundle";
    if (status === "differs") {
      return el("span", "er-warn", "Not the text derived from this bundle's checkpoints and anchors (first difference at line " + str(i.line) +
        "): edited, or written by another version of the exporter. It is unsigned and not evidence: do not follow it; follow docs/verification.md.");
    }
    return "not compared (the checks stopped before it, or a token could not be read)";
  }

  // The witness policy applied (`verify --policy`): its statement and the cosigners verified.
  function witnesses(w) {
    var out = [el("p", w.policy ? (w.quorum_met === true ? "er-good" : "er-warn") : null, str(w.statement))];
    if (w.cosigners && w.cosigners.length) {
      out.push(table("er-table", ["Witness (as the policy names it)", "Key name", "Cosigned at (as the witness states)"],
        w.cosigners.map(function (c) { return [str(c.name), code(c.key), time(c.timestamp)]; })));
    }
    return out;
  }

  function anchors(s) {
    var list = s.anchors || [];
    if (!list.length) return [el("p", "er-warn", "No anchors: no time-stamping authority proves when these receipts existed.")];
    var rows = [];
    list.forEach(function (a) {
      rows.push({
        cls: a.verdict === "valid" ? null : "er-row-bad",
        cells: [
          "the first " + plural(a.tree_size, "receipt", "receipts") + " of the log",
          [a.tsa ? code(a.tsa) : el("span", "er-warn", "not verified"), el("div", "er-small", ["label ", claimedTag(), ": ", str(a.tsa_claimed)])],
          a.existed_by && a.existed_by !== a.gen_time
            ? [time(a.gen_time), el("div", "er-small", ["existed by ", time(a.existed_by), " (genTime plus the token's accuracy)"])]
            : time(a.gen_time),
          [a.verdict].concat((a.warnings || []).map(function (w) { return el("div", "er-small", "accepted encoding deviation: " + str(w)); })),
        ],
      });
      // Its RFC 4998 evidence records (bundle format v4), right under it.
      if (a.evidence_records && a.evidence_records.length) rows.push({ full: evidenceRecords(a.evidence_records) });
    });
    return [table("er-table", ["Checkpoint covering", "Time-stamping authority (from its certificate)", "Time-stamp (genTime)", "Result"], rows)];
  }

  // An anchor's evidence records: what each proves (when the anchor existed, until when the proof
  // holds without another renewal) and its archive time-stamps, the initial one and each renewal.
  function evidenceRecords(list) {
    var out = [];
    list.forEach(function (e) {
      var head = ["Evidence record ", code(e.record), " (slot " + num(e.slot) + "): "];
      if (e.verdict === "valid" && e.proven_at) {
        head.push(el("span", "er-good", "proves this anchor existed by " + time(e.proven_at)),
          e.proven_until ? "; proven until " + time(e.proven_until) + " (renew before then)" : "; no end date known");
      } else {
        head.push(el("span", "er-warn", e.verdict + ": proves nothing for this anchor"), " (see the findings)");
      }
      out.push(el("div", null, head));
      var ts = e.time_stamps || [];
      if (ts.length) {
        out.push(table("er-table er-compact er-small", ["Archive time-stamp", "Hash", "genTime", "Time-stamping authority (from its certificate)", "Result"],
          ts.map(function (t) {
            return {
              cls: t.verdict === "valid" ? null : t.verdict === "invalid" ? "er-row-bad" : "er-row-warn",
              cells: [str(t.kind), str(t.hash_algorithm), time(t.gen_time), t.tsa ? code(t.tsa) : el("span", "er-warn", "not verified"), str(t.verdict)],
            };
          })));
      }
    });
    return out;
  }

  function findings(r) {
    var s = r.summary || {}, list = r.findings || [];
    if (!list.length) return [el("p", "er-good", "None: every check passed.")];
    var out = [table("er-table", ["Result", "Check", "Object", "Reason"], list.map(function (f) {
      return { cls: f.outcome === "invalid" ? "er-row-bad" : "er-row-warn", cells: [f.outcome === "invalid" ? "failed" : "undecided", code(f.check), str(f.object), str(f.reason)] };
    }))];
    if (s.findings_omitted > 0) out.push(el("p", "er-note", "\u2026 and " + plural(s.findings_omitted, "more finding", "more findings") + " (not listed)."));
    return out;
  }

  function receipts(s, opts, verdict) {
    var rows = (s.receipts_windows || []).slice(0, MAX_ROWS);
    var total = s.receipts || 0;
    var out = [];
    if (verdict !== "valid" && rows.length)
      out.push(el("p", "er-warn", "The verdict is " + verdict.toUpperCase() + ": these receipts are listed as the verifier read them, " +
        "and what the Findings name is not proven about them."));
    var streams = Object.keys(s.streams || {}).sort();
    out.push(el("div", "er-columns", [
      table("er-table er-compact", ["Stream", "Receipts"], streams.map(function (k) { return [code(k), num(s.streams[k])]; })
        .concat([[el("strong", null, "all"), el("strong", null, num(total))]])),
      table("er-table er-compact", ["Decision", "Receipts"], [["allow", num(s.allow)], ["deny", num(s.deny)]]),
    ]));
    var shown = rows.length, more = total - shown;
    if (more > 0) {
      out.push(el("p", "er-note", "The first " + num(shown) + " of " + num(total) + " receipts are listed" +
        (opts.csvAvailable ? "; the full list is in the CSV file beside this report." : "; ask for the full list as CSV (`evident verify --report-csv FILE`).")));
    } else if (opts.csvAvailable) {
      out.push(el("p", "er-note", "The same list is in the CSV file beside this report."));
    }
    if (!rows.length) return out;
    out.push(table("er-table er-receipts", ["Log position", "Stream #", "Issued at", "Decision", "Action", "Resource", "Actor", "Existed no earlier than", "Existed no later than"],
      rows.map(function (w) {
        return {
          cls: w.decision === "deny" ? "er-row-deny" : null,
          cells: [w.leaf_index === null ? el("span", "er-warn", "not proven") : num(w.leaf_index), [code(w.stream), " #" + num(w.seq)], time(w.issued_at), str(w.decision), str(w.action), str(w.resource), str(w.actor),
            w.not_before ? time(w.not_before) : "-", w.not_after ? time(w.not_after) : el("span", "er-warn", "not anchored")],
        };
      })));
    return out;
  }

  function claimed(c) {
    var counts = c.counts && typeof c.counts === "object" ? c.counts : {};
    var period = c.period && typeof c.period === "object" ? c.period : {};
    var scope = c.scope && typeof c.scope === "object" ? c.scope : {};
    return [
      el("p", "er-warn", "Everything in this section is what the bundle's unsigned manifest says about itself. It is NOT verified: it only helps you tell the sender which bundle failed."),
      dl([
        ["Ledger", str(c.origin)],
        ["Created at", time(c.created_at)],
        ["Receipts", str(counts.receipts)],
        ["Streams, checkpoints, anchors", str(counts.streams) + ", " + str(counts.checkpoints) + ", " + str(counts.anchors)],
        ["Receipts issued", time(period.first_issued_at) + " to " + time(period.last_issued_at)],
        ["Selection", "from " + str(scope.from) + " to " + str(scope.to) + "; stream " + str(scope.stream) + ", decision " + str(scope.decision) + ", action " + str(scope.action)],
        ["Newest checkpoint covers", str(c.covering_tree_size) + " receipts of the log"],
        ["Anchors", (c.anchors || []).length ? (c.anchors || []).map(function (a) { return "checkpoint " + str(a.tree_size) + " by " + str(a.tsa); }).join("; ") : "none"],
      ]),
    ];
  }

  var GLOSSARY = [
    ["Receipt", "A record the ledger signed when something was decided: who (actor) did what (action) on what (resource), allowed or denied, and when (issued at)."],
    ["Ledger key", "The Ed25519 key the ledger signs receipts and checkpoints with. Its key id (ed25519:\u2026) names it; its SHA-256 fingerprint identifies it exactly."],
    ["Log, log position", "The ledger appends every receipt to one append-only log; a receipt's position counts from 0."],
    ["Checkpoint", "A statement signed by the ledger: \u201cmy log holds N receipts, summarised by this hash\u201d."],
    ["Inclusion proof", "A short list of hashes proving that one receipt is in the log summarised by a checkpoint."],
    ["Consistency proof", "Hashes proving that a later checkpoint's log extends an earlier one's: nothing was removed or rewritten."],
    ["Anchor", "A time-stamp by an independent time-stamping authority (TSA) on a checkpoint: every receipt it covers existed at that time."],
    ["Time-stamp token, genTime", "The TSA's signed statement (RFC 3161); genTime is the time it states, checked against the TSA's certificate and the root you trust."],
    ["Evidence record, renewal", "An RFC 4998 record of later time-stamps over an anchor's files, made before the anchor's TSA certificate or algorithms expire: it proves the anchor existed at its first time-stamp, so the anchor is judged then rather than today. Each renewal extends the proof to its own certificate's expiry."],
    ["Completeness", "Proof that the bundle holds every receipt of the period asked for, not just some of them."],
    ["Claimed", "Stated by the bundle itself without proof: shown so you can identify it, never relied on."],
    ["Valid / not valid / not proven", "Valid: every check passed with the inputs you gave. Not valid: a check failed. Not proven (indeterminate): nothing failed, but some evidence or trust input was missing."],
  ];

  function render(r, options) {
    var opts = options || {};
    var s = (r && r.summary) || {};
    var verdict = r && VERDICT_LABEL[r.verdict] ? r.verdict : "indeterminate";
    var bundle = (r && r.bundle) || {};
    var root = el("div", "evident-report er-" + verdict);

    // Repeated on every printed page (report.css).
    root.appendChild(el("div", "er-page-header", [
      el("span", null, "Evidence bundle verification \u2014 "), code(bundle.name), " \u2014 ",
      el("strong", "er-verdict-word", VERDICT_LABEL[verdict]),
    ]));
    var content = el("div", "er-content");
    // The layout table repeats a spacer under the page header on each printed page.
    var layout = el("table", "er-layout", [
      el("thead", null, el("tr", null, el("td", null, el("div", "er-header-space")))),
      el("tbody", null, el("tr", null, el("td", null, content))),
    ]);
    root.appendChild(layout);

    content.appendChild(el("h1", null, ["Evidence bundle ", code(bundle.name)]));
    content.appendChild(el("div", "er-verdict", [
      el("div", "er-verdict-label", VERDICT_LABEL[verdict] + (verdict === "indeterminate" ? " (indeterminate)" : "")),
      el("p", "er-sentence", sentence(r || {})),
    ]));
    var seen = {}, adv = [];
    (r.findings || []).slice(0, 20).forEach(function (f) { var a = advice(f); if (!seen[a]) { seen[a] = true; adv.push(el("li", null, a)); } });
    if (adv.length) content.appendChild(el("div", "er-advice", [el("strong", null, "What you can do"), el("ul", null, adv)]));

    var p = proven(r);
    content.appendChild(withId(el("section", "er-section", [el("h2", null, "What was proven, and what was not"),
      el("div", "er-columns", [
        el("div", null, [el("h3", null, "Proven"), p.yes.length ? el("ul", "er-yes", p.yes.map(function (t) { return el("li", null, t); })) : el("p", null, "Nothing.")]),
        el("div", null, [el("h3", null, "Not proven"), el("ul", "er-no", p.no.map(function (t) { return el("li", null, t); }))]),
      ])]), "er-proven"));
    content.appendChild(withId(el("section", "er-section", [el("h2", null, "Selection")].concat(selection(s))), "er-selection"));
    content.appendChild(withId(el("section", "er-section", [el("h2", null, "Trust inputs")].concat(trustInputs(s))), "er-trust"));
    var verifier = r.verifier || {};
    content.appendChild(withId(el("section", "er-section", [el("h2", null, "This verification"), dl([
      ["Verifier", str(verifier.implementation) + " " + str(verifier.version)],
      ["Verified at", time(r.verified_at)],
      ["Bundle file", [code(bundle.name), " (" + plural(bundle.size, "byte", "bytes") + ")"]],
      ["Bundle SHA-256", code(bundle.sha256)],
      // The origin is the manifest's until a checkpoint signed under it verified (red team round 29).
      ["Ledger", (s.checkpoints || []).length ? code(s.origin) : [code(s.origin), " ", claimedTag(), " (no checkpoint verified under a key you gave)"]],
      ["TSA revocation", s.revocation_policy === "none" ? "not checked where no revocation data was given (policy \u201cnone\u201d)" : "required for every anchor"],
      ["Algorithm policy", str(s.algorithm_policy)],
      ["Instructions (VERIFY file)", instructions(s.instructions)],
    ])]), "er-verification"));
    if (r.witnesses) content.appendChild(withId(el("section", "er-section", [el("h2", null, "Witnesses")].concat(witnesses(r.witnesses))), "er-witnesses"));
    content.appendChild(withId(el("section", "er-section", [el("h2", null, "Time-stamp anchors")].concat(anchors(s))), "er-anchors"));
    content.appendChild(withId(el("section", "er-section", [el("h2", null, "Findings")].concat(findings(r))), "er-findings"));
    content.appendChild(withId(el("section", "er-section", [el("h2", null, "Receipts")].concat(receipts(s, opts, verdict))), "er-receipts"));
    if (verdict !== "valid" && s.claimed && typeof s.claimed === "object")
      content.appendChild(withId(el("section", "er-section er-claimed", [el("h2", null, ["What the bundle claims ", claimedTag()])].concat(claimed(s.claimed))), "er-claimed"));
    var gl = el("dl", "er-glossary");
    GLOSSARY.forEach(function (g) { gl.appendChild(el("dt", null, g[0])); gl.appendChild(el("dd", null, g[1])); });
    content.appendChild(withId(el("section", "er-section", [el("h2", null, "Glossary"), gl]), "er-glossary"));
    return root;
  }

  E.report = { render: render, sentence: sentence, advice: advice, safe: safe, MAX_ROWS: MAX_ROWS };

  // A report page written by `evident verify --report`: the report object is in the page.
  if (typeof document !== "undefined") {
    var data = document.getElementById("evident-report");
    if (data && data.type === "application/json") {
      var report = JSON.parse(data.textContent);
      var csv = document.documentElement.getAttribute("data-csv") === "yes";
      document.title = "Evidence bundle " + ((report.bundle && report.bundle.name) || "") + " \u2014 " + (VERDICT_LABEL[report.verdict] || "?");
      document.body.appendChild(render(report, { csvAvailable: csv }));
    }
  }
})(globalThis.Evident = globalThis.Evident || {});
