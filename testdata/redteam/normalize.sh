#!/usr/bin/env bash
# Runs one red-team case and prints its "### COMMAND -> exit N" lines with the binary, the work
# directory and the TSA's port replaced, so the result can be compared with expected.txt.
set -euo pipefail
case_dir=$1
bash "$case_dir/run.sh" 2>&1 | grep -E '^### ' \
  | sed -E "s|${EVIDENT}||g; s|/tmp/evident-redteam\.[A-Za-z0-9]+|W|g; s|http://127\.0\.0\.1:[0-9]+/|TSA/|g; s|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z|TIME|g"
