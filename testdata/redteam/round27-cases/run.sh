#!/bin/bash
# Red team round 27 (README "Round 27"), kept as a regression case: a TSA label's fragment carrying
# instructions, and a file name or stream name padded with spaces to draw a line of its own. The
# CLI's lines (the browser: run the script without NO_BROWSER).
cd "$(dirname "$0")"
export NO_BROWSER=1
bash ../round27/reports.sh 2>&1 | grep -E '^### ' | sed -E 's/ +/ /g; s/ $//'
