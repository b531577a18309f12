# oom_prio: OOM victims by cgroup priority, then by size; one process, not the cgroup.
. /tests/lib.sh
ensure_module
cleanup_policies
swap_off

# t55 (120 MiB) holds hi (priority 900), lo (100) and mid (none: inherits t55's 700).
# memhog_t in hi then asks for 30 MiB and the cgroup runs out.
cg_make t55 120M
cg_make t55/hi
cg_make t55/lo
cg_make t55/mid
start_policy /tmp/op.log oom_prio --cgroup $CG/t55 --prio $CG/t55=700 --prio $CG/t55/hi=900 \
	--prio $CG/t55/lo=100 --name t55-prio
P=$PID

scene() {	# scene "cgroup:name:MiB ..."
	local s
	PIDS=""
	for s in $1; do
		cg_run t55/${s%%:*} memhog $(echo $s | cut -d: -f2) $(echo $s | cut -d: -f3) hold
		PIDS="$PIDS $PID"
		eval "PID_$(echo $s | cut -d: -f2)=$PID"
	done
	wait_for 60 sh -c "[ \$(cat $CG/t55/memory.current) -gt $2 ]"
	dmesg -c > /dev/null
	cg_run t55/hi memhog memhog_t 30 exit
	wait_exit $PID 120
	TRC=$RC
	sleep 0.5
	dmesg > /tmp/dmesg.t55
}
clear() {
	for d in hi lo mid; do echo 1 > $CG/t55/$d/cgroup.kill; done
	wait_for 20 sh -c "[ -z \"\$(cat $CG/t55/*/cgroup.procs)\" ]"
}

# The lowest priority dies although it is the smallest; the kernel would take big_hi.
scene "hi:big_hi:50 mid:mid_a:30 lo:small_lo:15" 90000000
if [ $TRC = 0 ] && dead $PID_small_lo && alive $PID_big_hi && alive $PID_mid_a &&
   grep -q "policy 't55-prio' picks pid $PID_small_lo (small_lo)" /tmp/dmesg.t55 &&
   [ "$(grep -c 'Killed process' /tmp/dmesg.t55)" = 1 ]; then
	ok oom_prio_kills_in_the_lowest_priority_cgroup_first
else
	not_ok oom_prio_kills_in_the_lowest_priority_cgroup_first "rc=$TRC"
	grep -E 'memgov|Killed process' /tmp/dmesg.t55 | sed 's/^/#   /'
fi
clear

# Within the lowest priority, the largest process, and only that one.
scene "hi:big_hi:60 lo:lo_small:10 lo:lo_large:25" 90000000
if [ $TRC = 0 ] && dead $PID_lo_large && alive $PID_lo_small && alive $PID_big_hi &&
   [ "$(grep -c 'Killed process' /tmp/dmesg.t55)" = 1 ]; then
	ok oom_prio_kills_the_largest_process_of_that_cgroup_only
else
	not_ok oom_prio_kills_the_largest_process_of_that_cgroup_only "rc=$TRC"
	grep -E 'memgov|Killed process' /tmp/dmesg.t55 | sed 's/^/#   /'
fi
clear

# A cgroup without a priority inherits its parent's (700): below hi, above nothing here.
scene "hi:big_hi:60 mid:mid_b:40" 95000000
if [ $TRC = 0 ] && dead $PID_mid_b && alive $PID_big_hi; then
	ok oom_prio_cgroup_without_priority_inherits_its_parents
else
	not_ok oom_prio_cgroup_without_priority_inherits_its_parents "rc=$TRC"
	grep -E 'memgov|Killed process' /tmp/dmesg.t55 | sed 's/^/#   /'
fi
clear
kill $P; wait_exit $P 20
if grep -q 'oom_prio: ooms=[1-9][0-9]* kills=3 ' /tmp/op.log &&
   memgovctl policy list | grep -q '^t55-prio .*unloaded' &&
   memgovctl policy show t55-prio | grep -q 'kills 3, clamped 0, strikes 0'; then
	ok oom_prio_ran_under_the_governor_without_strikes
else
	not_ok oom_prio_ran_under_the_governor_without_strikes "loader:"
	show /tmp/op.log
fi
# The governor clocked each OOM decision: the longest is reported, and it is no more than
# the whole OOM took (the kernel's "invoked oom-killer" to its kill is after the decision).
ns=$(memgovctl policy show t55-prio | sed -n 's/^slowest: *\([0-9]*\) ns.*/\1/p')
json=$(memgovctl policy show t55-prio --json)
if [ -n "$ns" ] && [ "$ns" -gt 0 ] && [ "$ns" -lt 5000000000 ] &&
   echo "$json" | grep -q "\"slowest_ns\":$ns}"; then
	ok oom_prio_slowest_decision_is_reported "$ns ns"
else
	not_ok oom_prio_slowest_decision_is_reported "ns='$ns'"
	memgovctl policy show t55-prio | sed 's/^/#   /'
fi
cg_remove t55
