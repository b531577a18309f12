# Guest side of `make bench`, hook overhead: page-fault throughput inside a memcg with the
# module not loaded, loaded with nothing attached, and loaded with trivial policies on
# every hook, interleaved round by round so that drift hits all three alike.
. /tests/lib.sh
ROUNDS=${BENCH_ROUNDS:-11}
MS=${BENCH_MS:-3000}
cg_make bench
run_one() {
	cg_run bench faultbench 16 $MS > /tmp/fb.out
	wait_exit $PID 120
	sed -n 's/.*: \([0-9]*\) faults\/s/\1/p' /tmp/fb.out
}
: > /tmp/unloaded; : > /tmp/idle; : > /tmp/trivial
faultbench 16 1000 > /dev/null	# warm up: page cache, slab, THP off path
for r in $(seq 1 $ROUNDS); do
	grep -q '^memgov ' /proc/modules && rmmod memgov
	run_one >> /tmp/unloaded
	insmod $KO
	run_one >> /tmp/idle
	start_policy /tmp/noop.log noop --name bench-noop; N=$PID
	start_policy /tmp/oom.log oom_pick --pass --name bench-oom; O=$PID
	run_one >> /tmp/trivial
	kill $N $O; wait_exit $N 20; wait_exit $O 20
	echo "BENCH-RAW: round $r unloaded=$(tail -1 /tmp/unloaded) idle=$(tail -1 /tmp/idle) trivial=$(tail -1 /tmp/trivial)"
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
u=$(median /tmp/unloaded); i=$(median /tmp/idle); t=$(median /tmp/trivial)
echo "BENCH: fault_rate_unloaded $u"
echo "BENCH: fault_rate_idle $i"
echo "BENCH: fault_rate_trivial $t"
echo "BENCH: fault_ratio_idle $(awk -v a=$i -v b=$u 'BEGIN {printf "%.3f", a / b}')"
echo "BENCH: fault_ratio_trivial $(awk -v a=$t -v b=$u 'BEGIN {printf "%.3f", a / b}')"
