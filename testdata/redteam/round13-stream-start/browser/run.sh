#!/bin/bash
# Every bundle of this round through both verifiers (CLI + headless Chromium, scripts/verifier-test.py);
# vall.sh -b prints both verdicts on one line.
cd "$(dirname "$0")/.."
./vall.sh -b /tmp/rt13/base/honest/*.evb /tmp/rt13/cheat/*.evb
K2=/tmp/rt13/work/key.pub.json ./vall.sh -b /tmp/rt13/nm/*.evb /tmp/rt13/nf/*.evb
