# Guest side of `make bench`'s instruction-counted pass (the VM runs under QEMU -icount, its
# clock following executed instructions): what a page fault costs, in guest nanoseconds,
# which are instructions, with the module not loaded, loaded and idle, trivial policies on
# every hook, and one hook at a time (the charge hook also with its policy on another
# cgroup: probe and lookup without the call).  A fixed amount of work per measurement (faultbench
# -n), after one unmeasured run of the same in the same setup.  Prints "BENCH-NS: SETUP
# NS_PER_FAULT" lines; the host runs this VM three times and compares.
. /tests/lib.sh
MIB=${BENCH_ICOUNT_MIB:-16}
ROUNDS=${BENCH_ICOUNT_ROUNDS:-8}
SETUPS="unloaded idle trivial charge charge_elsewhere uncharge protect events"
cg_make bench
P=
policies_off() {
	for p in $P; do kill -INT $p; done
	for p in $P; do wait_exit $p 30; done
	P=
}
setup() {
	local i=0
	policies_off
	if [ $1 = unloaded ]; then
		# The last policy's maps hold the module until their RCU-deferred release.
		while grep -q '^memgov ' /proc/modules && ! rmmod memgov 2>/dev/null; do
			i=$((i + 1))
			[ $i -lt 300 ] || { echo "BENCH-ERROR: memgov.ko cannot be unloaded"; return 1; }
			sleep 0.1
		done
		return 0
	fi
	grep -q '^memgov ' /proc/modules || insmod $KO
	case $1 in
	idle) ;;
	trivial)
		start_policy /tmp/hb1.log noop --name bench-noop && P="$PID"
		start_policy /tmp/hb2.log oom_pick --pass --name bench-oom && P="$P $PID" ;;
	charge_elsewhere)
		# The probe fires on every charge, but no policy governs the faulting cgroup: the
		# hook's own cost (probe, lookup), without the call into BPF and its timing.
		cg_make bench-other
		start_policy /tmp/hb1.log hookbench --hook charge --cgroup $CG/bench-other \
			--name bench-elsewhere && P="$PID" ;;
	events)
		start_policy /tmp/hb1.log hookbench --hook events --name bench-events && P="$PID"
		# A cgroup coming online calls the policy, whose event read switches counting on.
		mkdir -p $CG/bench-online && rmdir $CG/bench-online
		sleep 0.5 ;;
	*)
		start_policy /tmp/hb1.log hookbench --hook $1 --name bench-$1 && P="$PID" ;;
	esac
	[ $1 = idle ] || [ -n "$P" ] || { echo "BENCH-ERROR: the $1 policies did not attach"; return 1; }
}
measure() {
	cg_run bench faultbench -n $MIB $ROUNDS > /tmp/fb.out
	wait_exit $PID 600
	sed -n 's/.*: \([0-9.]*\) ns\/fault/\1/p' /tmp/fb.out
}
# Settle: the first faults after boot cost more (deferred boot work runs meanwhile, and
# its instructions count too).
for i in 1 2 3; do measure > /dev/null; done
line=
for s in $SETUPS; do
	setup $s || continue
	measure > /dev/null	# warm: the cgroup's per-CPU caches, page tables, slabs
	ns=$(measure)
	echo "BENCH-NS: $s $ns"
	line="$line $s=$ns"
done
policies_off
echo "BENCH-RAW: icount ns/fault:$line"
