#!/usr/bin/env bash
# Red team round 20: `ts verify --in-list` with a line "token<TAB>request" and --data / --digest.
# The request stood in for the data the verifier named, silently: the token of other.txt, listed
# with its own request, was "valid" for contract.pdf. Now refused (exit 2) naming the line; the
# single-token form says invalid (the imprint).
set -uo pipefail
export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source "$(cd "$(dirname "$0")/../../lib" && pwd)/common.sh"; set +e
start_tsa; cd "$W"
echo "the contract the verifier cares about" > contract.pdf
echo "something else entirely" > other.txt
mkdir out; "$EV" stamp other.txt --tsa "$TSA" --tsa-roots root.pem -o out >/dev/null
printf 'out/other.txt.tsr\tout/other.txt.tsq\n' > list.txt
HEADN=3
run "$EV" ts verify --in out/other.txt.tsr --data contract.pdf --tsa-roots root.pem
run "$EV" ts verify --in-list list.txt --data contract.pdf --tsa-roots root.pem
run "$EV" ts verify --in-list list.txt --digest "$(sha256sum contract.pdf | cut -c1-64)" --tsa-roots root.pem
run "$EV" ts verify --in-list list.txt --tsa-roots root.pem
