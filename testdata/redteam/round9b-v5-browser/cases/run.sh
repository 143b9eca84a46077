#!/bin/bash
# Runs every bundle of att/list.tsv through both verifiers (cmp.py); output: out/results.tsv
cd /work/attack19b/work; mkdir -p out; : > ${OUTF:=out/results.tsv}
while IFS=$'\t' read -r name expect key; do
  case "$expect" in valid) e=valid;; undecided) e=lie;; *) e=lie;; esac
  [ "$expect" = "valid?" ] && e=valid
  KEY=$key DUMP=1 python3 cases/cmp.py "$name" "${ATT:-att}/$name.evb" "$e" | sed "s/\$/\t$expect/" | tee -a $OUTF
done < "${1:-att/list.tsv}"
