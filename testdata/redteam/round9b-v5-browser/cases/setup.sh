# Builds the base ledger once into /work/attack19b/work/base (persistent), for cmp.sh runs.
export EVIDENT=/work/attack19b/work/evident KEEP=1
source /work/attack19b/work/cases/base.sh
trap - EXIT
rm -rf /work/attack19b/work/base; cp -r "$W" /work/attack19b/work/base
kill $tsa_pid
echo "T1=$T1 T2=$T2" > /work/attack19b/work/base/times
