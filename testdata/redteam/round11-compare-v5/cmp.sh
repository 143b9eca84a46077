#!/bin/bash
# cmp.sh A B [tag]: run compare, print rc + first line; if rc=1 run verify on the proof
E=/tmp/rt-cmp/evident
o=/tmp/rt-cmp/work/out_${3:-x}.eq
rm -f $o
out=$(timeout 60 $E checkpoint compare "$1" "$2" --ledger-key /tmp/rt-cmp/work/k.pub.json -o $o --force 2>&1); rc=$?
printf "%-40s rc=%s %s\n" "$1 $2" $rc "$(echo "$out" | head -1 | cut -c1-200)"
if [ $rc = 1 ] && [ -s $o ]; then v=$($E verify --equivocation $o --ledger-key /tmp/rt-cmp/work/k.pub.json 2>&1 | grep -v 'trusted log keys' | head -1 | cut -c1-160); echo "   VERIFY rc=$? $v"; fi
