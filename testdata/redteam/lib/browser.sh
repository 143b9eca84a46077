# browser B [verifier-test args...]: runs the browser verifier on bundle B (relative to $W), prints its verdict.
BROWSER_HTML=""
browser() {
  [ -n "${NO_BROWSER:-}" ] && return 0
  if [ -z "$BROWSER_HTML" ]; then BROWSER_HTML="$W/page.html"; "$EV" verifier-html -o "$BROWSER_HTML" >/dev/null 2>&1; fi
  local b=$1; shift
  local out
  out=$(cd "$LIB/../../.." && timeout 300 python3 scripts/verifier-test.py verify --html "$BROWSER_HTML" --bundle "$W/$b" "$@" 2>&1)
  printf '%s' "$out" | python3 -c '
import json,sys
b=sys.argv[1]
try:
  d=json.loads(sys.stdin.read())
except Exception as e:
  print("### browser", b, "-> unparsed output"); sys.exit()
r=d.get("report") or {}
f=(r.get("findings") or [{}])[0] if isinstance(r, dict) else {}
print("### browser", b, " ".join(a.replace(sys.argv[2]+"/","") for a in sys.argv[3:]), "-> exit", d.get("status"), "verdict", r.get("verdict") if isinstance(r,dict) else d.get("error"))
if f: print("    first finding:", json.dumps(f)[:400])
' "$b" "$W" "$@"
  return 0
}
