# Guest side of `make bench`, governor: how fast a thrashing policy is ejected with the
# default limits, and how long an OOM takes to resolve with a good policy, a policy that
# kills nothing (the kernel falls back), and no policy -- side by side in one boot.
. /tests/lib.sh
grep -q '^memgov ' /proc/modules || insmod $KO
RUNS=${BENCH_RUNS:-5}
swap_off

median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
maxof() { sort -n "$1" | tail -1; }
# dmesg timestamps (s) -> ms between the OOM report and the kill it ended with.  The stamp is
# "[%5lu.%06lu]", so it is read from inside the brackets, not as the first field.
oom_ms() {
	dmesg | sed -n 's/^\[ *\([0-9]*\.[0-9]*\)\].*\(invoked oom-killer\|Killed process\).*/\1 \2/p' |
		awk '/invoked/ && t0 == "" {t0 = $1} /Killed/ && t0 != "" {printf "%d\n", ($1 - t0) * 1000; exit}'
}

# --- OOM resolution -------------------------------------------------------------------
: > /tmp/oom_policy; : > /tmp/oom_noop; : > /tmp/oom_kernel
cg_make b90 100M
for r in $(seq 1 $RUNS); do
	for mode in policy noop kernel; do
		case $mode in
		policy) start_policy /tmp/p.log oom_pick --cgroup $CG/b90 --victim memhog_b --name bench-pick ;;
		noop) start_policy /tmp/p.log oom_pick --cgroup $CG/b90 --claim-only --name bench-noop ;;
		esac
		P=$PID
		cg_run b90 memhog memhog_a 45 hold
		cg_run b90 memhog memhog_b 30 hold
		wait_for 60 sh -c "[ \$(cat $CG/b90/memory.current) -gt 75000000 ]"
		dmesg -c > /dev/null
		cg_run b90 memhog memhog_t 40 exit; wait_exit $PID 120
		oom_ms >> /tmp/oom_$mode
		[ $mode = kernel ] || { kill $P; wait_exit $P 20; }
		echo 1 > $CG/b90/cgroup.kill
		wait_for 20 sh -c "[ -z \"\$(cat $CG/b90/cgroup.procs)\" ]"
	done
	echo "BENCH-RAW: oom round $r policy=$(tail -1 /tmp/oom_policy) noop=$(tail -1 /tmp/oom_noop) kernel=$(tail -1 /tmp/oom_kernel) ms"
done
cg_remove b90
echo "BENCH: oom_resolve_ms_policy $(median /tmp/oom_policy)"
echo "BENCH: oom_resolve_ms_noop $(median /tmp/oom_noop)"
echo "BENCH: oom_resolve_ms_kernel $(median /tmp/oom_kernel)"

# --- ejection latency from thrash onset, default limits ---------------------------------
# A policy protects cgroup a (120 MiB) under a 128 MiB parent; sibling b loops over 200 MiB in
# the 8 MiB left, through zram swap.  Under TCG its PSI full stays near 40% (below the
# default 60%), but it refaults about twice its LRU per second: over the default 100%.
swap_on 512
: > /tmp/eject
ejected=0
for r in $(seq 1 $RUNS); do
	cg_make b81 128M
	cg_make b81/a
	cg_make b81/b
	cg_run b81/a memhog memhog_a 120 hold; A=$PID
	wait_for 60 sh -c "[ \$(cat $CG/b81/a/memory.current) -gt 120000000 ]"
	start_policy /tmp/e.log faulty --fault protect-all --cgroup $CG/b81/a --name bench-protect-$r
	P=$PID
	cg_run b81/b memhog memhog_b 200 loop; B=$PID
	wait_exit $P 90
	[ "$RC" = 124 ] || ejected=$((ejected + 1))
	# The exit reason carries the onset: "... (onset at N ns)"; the record its time.
	memgovctl policy list --json > /tmp/e.json
	lat=$(sed -n "s/.*\"name\":\"bench-protect-$r\"[^}]*onset at \([0-9]*\) ns[^}]*\"time_ns\":\([0-9]*\)}.*/\1 \2/p" /tmp/e.json |
	      tail -1 | awk '{printf "%d", ($2 - $1) / 1000000}')
	[ -n "$lat" ] && echo "$lat" >> /tmp/eject
	echo "BENCH-RAW: eject round $r latency=${lat:-none} ms ($(grep -o 'exited: kind=[a-z]*' /tmp/e.log || echo 'not ejected in 90 s'); b81 $(sed -n 's/^full //p' $CG/b81/memory.pressure))"
	kill $A $B 2>/dev/null
	cg_remove b81
done
swap_off
echo "BENCH: eject_runs_ejected $ejected/$RUNS"
if [ -s /tmp/eject ]; then
	echo "BENCH: eject_latency_median_ms $(median /tmp/eject)"
	echo "BENCH: eject_latency_max_ms $(maxof /tmp/eject)"
else
	echo "BENCH: eject_latency_median_ms none"
	echo "BENCH: eject_latency_max_ms none"
fi
