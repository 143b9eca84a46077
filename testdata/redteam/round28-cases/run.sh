#!/bin/bash
# Red team round 28 (README "Round 28"), kept as a regression case: an unknown key's name in a
# checkpoint note, a TSA label's host, and format controls as padding — none reaches the derived
# VERIFY or pads the text report. The CLI's lines (the browser: run the script without NO_BROWSER).
cd "$(dirname "$0")"
export NO_BROWSER=1
bash ../round28/reports.sh 2>&1 | grep -E '^### ' | sed -E 's/ +/ /g; s/ $//'
