# Guest side of `make bench`, hook overhead: page-fault throughput inside a memcg with the
# module not loaded, loaded with nothing attached, and loaded with trivial policies on
# every hook.  The three are measured round by round, in the order unloaded, idle, trivial
# in odd rounds and the reverse in even ones: the guest's speed drifts by a few percent over
# minutes under TCG, and a fixed order would charge that drift to whichever runs last.
. /tests/lib.sh
ROUNDS=${BENCH_ROUNDS:-15}
MS=${BENCH_MS:-3000}
cg_make bench
run_one() {
	cg_run bench faultbench 16 $MS > /tmp/fb.out
	wait_exit $PID 120
	sed -n 's/.*: \([0-9]*\) faults\/s/\1/p' /tmp/fb.out
}
N= O=
policies_off() {
	[ -n "$N" ] && { kill $N $O; wait_exit $N 20; wait_exit $O 20; }
	N= O=
}
measure() {
	case $1 in
	unloaded)
		policies_off
		grep -q '^memgov ' /proc/modules && rmmod memgov ;;
	idle)
		policies_off
		grep -q '^memgov ' /proc/modules || insmod $KO ;;
	trivial)
		grep -q '^memgov ' /proc/modules || insmod $KO
		if [ -z "$N" ]; then
			start_policy /tmp/noop.log noop --name bench-noop; N=$PID
			start_policy /tmp/oom.log oom_pick --pass --name bench-oom; O=$PID
		fi ;;
	esac
	run_one >> /tmp/$1
}
: > /tmp/unloaded; : > /tmp/idle; : > /tmp/trivial
faultbench 16 1000 > /dev/null	# warm up: page cache, slab, THP off path
for r in $(seq 1 $ROUNDS); do
	if [ $((r % 2)) = 1 ]; then order="unloaded idle trivial"; else order="trivial idle unloaded"; fi
	for v in $order; do measure $v; done
	echo "BENCH-RAW: round $r unloaded=$(tail -1 /tmp/unloaded) idle=$(tail -1 /tmp/idle) trivial=$(tail -1 /tmp/trivial)"
done
policies_off
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
u=$(median /tmp/unloaded); i=$(median /tmp/idle); t=$(median /tmp/trivial)
echo "BENCH: fault_rate_unloaded $u"
echo "BENCH: fault_rate_idle $i"
echo "BENCH: fault_rate_trivial $t"
echo "BENCH: fault_ratio_idle $(awk -v a=$i -v b=$u 'BEGIN {printf "%.3f", a / b}')"
echo "BENCH: fault_ratio_trivial $(awk -v a=$t -v b=$u 'BEGIN {printf "%.3f", a / b}')"
