#!/usr/bin/env bash
# Baseline: honest v5 full, period and filtered bundles verify valid; a repack by repack.py is neutral.
source "$(dirname "$0")/base.sh"
for b in full period filtered; do verify "$W/$b.evb"; want 0; done
mk same "$P"; fin same; want 0
