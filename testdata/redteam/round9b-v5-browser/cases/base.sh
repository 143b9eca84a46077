# Base ledger: 12 receipts over 3 streams (a,b,c), issued in 3 time slots; checkpoint+anchor at 6,
# then at 12 (covering). Sets T1 (a time between receipt 4 and 5) T2 (between 8 and 9).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start_tsa; new_key; L=$W/ledger; init_ledger "$L"
for i in 0 1 2 3; do mint "$L" s$((i%3)) allow act r$i; done
sleep 1.1; T1=$(date -u +%Y-%m-%dT%H:%M:%S.000Z); sleep 1.1
for i in 4 5; do mint "$L" s$((i%3)) deny act r$i; done
anchor "$L"
for i in 6 7; do mint "$L" s$((i%3)) allow act r$i; done
sleep 1.1; T2=$(date -u +%Y-%m-%dT%H:%M:%S.000Z); sleep 1.1
for i in 8 9 10 11; do mint "$L" s$((i%3)) allow act2 r$i; done
anchor "$L"
crl
# Exports and unpacked copies: $P period [T1,T2) (leaves 4..7, boundary 3 and 8), $F full log, $Q filtered --stream s1.
ev export --dir "$L" --from "$T1" --to "$T2" -o "$W/period.evb" >/dev/null
ev export --dir "$L" -o "$W/full.evb" >/dev/null
ev export --dir "$L" --stream s1 -o "$W/filtered.evb" >/dev/null
P=$W/u; F=$W/full; Q=$W/filt
unpack "$W/period.evb" "$P"; unpack "$W/full.evb" "$F"; unpack "$W/filtered.evb" "$Q"
source "$(dirname "${BASH_SOURCE[0]}")/explore.sh"
# foreign(): validly signed receipts (same key, same origin) that were never in this log: a second ledger.
foreign() { if [ ! -s "$W/l2.jsonl" ]; then init_ledger "$W/ledger2"; for i in 0 1 2; do mint "$W/ledger2" s$i allow act x$i; done
  ev receipts search --dir "$W/ledger2" --jsonl > "$W/l2.jsonl"; fi; }
