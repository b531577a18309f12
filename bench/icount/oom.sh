# Guest side of `make bench`'s instruction-counted pass, the OOM path at scale: guest time
# (instructions) from a process starting to allocate past its cgroup's limit to the OOM
# kill that ends it, with 100, 1,000 and 10,000 other processes in the OOMing cgroup, and no
# policy, oom_prio (victim by cgroup priority then size: it walks the cgroup's tasks), or
# oom_pick naming the allocator (it walks every process of the system for the name).  The
# allocation is the same in each mode: the differences are the decisions.  The kernel's
# listing of every task in the OOM report (vm.oom_dump_tasks) is switched off: with 10,000
# tasks it is most of the time, and it is the same whoever decides.  Run in its own boot with
# more memory (10,000 processes' stacks and page tables are ~600 MiB).
. /tests/lib.sh
grep -q '^memgov ' /proc/modules || insmod $KO
swap_off
echo 0 > /proc/sys/vm/oom_dump_tasks
# dmesg stamps (guest time, here instructions) -> us from the marker to the kill.
oom_us() {
	dmesg | sed -n 's/^\[ *\([0-9]*\.[0-9]*\)\].*\(bench-oom-start\|Killed process\).*/\1 \2/p' |
		awk '/bench-oom-start/ && t0 == "" {t0 = $1} /Killed/ && t0 != "" {printf "%d\n", ($1 - t0) * 1e6; exit}'
}
for n in 100 1000 10000; do
	line=
	for mode in kernel oom_prio walk; do
		cg_make bo
		cg_run bo forkn $n > /tmp/forkn.out
		F=$PID
		wait_for 600 grep -q children /tmp/forkn.out
		base=$(cat $CG/bo/memory.current)
		cg_run bo memhog memhog_b 30 hold
		wait_for 60 sh -c "[ \$(cat $CG/bo/memory.current) -gt $((base + 30000000)) ]"
		echo $(($(cat $CG/bo/memory.current) + 60 * 1048576)) > $CG/bo/memory.max
		P=
		case $mode in
		oom_prio) start_policy /tmp/o.log oom_prio --cgroup $CG/bo --name bench-prio && P=$PID ;;
		walk) start_policy /tmp/o.log oom_pick --cgroup $CG/bo --victim memhog_t --name bench-walk && P=$PID ;;
		esac
		dmesg -c > /dev/null
		echo "bench-oom-start" > /dev/kmsg
		cg_run bo memhog memhog_t 100 exit; wait_exit $PID 600
		us=$(oom_us)
		line="$line $mode=${us:-none}"
		echo "BENCH: icount_oom_us_${mode}_$n ${us:-none}"
		# The decision alone: the policy's OOM callback as the governor clocked it.
		if [ -n "$P" ]; then
			dec=$(memgovctl policy show bench-${mode#oom_} 2>/dev/null |
				sed -n 's/^slowest: *\([0-9]*\) ns.*/\1/p')
			echo "BENCH: icount_oom_decision_us_${mode}_$n $(awk -v n="${dec:-x}" 'BEGIN {
				if (n == "x") print "none"; else printf "%.1f\n", n / 1000 }')"
		fi
		[ -n "$P" ] && { kill -INT $P; wait_exit $P 30; }
		echo 1 > $CG/bo/cgroup.kill
		wait_for 120 sh -c "[ -z \"\$(cat $CG/bo/cgroup.procs)\" ]"
		cg_remove bo
	done
	echo "BENCH-RAW: oom with $n processes, us from the allocation's start to the kill:$line"
done
