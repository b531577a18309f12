# Hostile policies: what a policy author tries to get around the governor, and that each
# rule holds (issue 13's threat model).  Each case names what the attacker tries.
. /tests/lib.sh
ensure_module
cleanup_policies
P=/sys/module/memgov/parameters

# --- a policy whose cgroup is removed governs nothing: it is detached with a record -------
cg_make t84rm
start_policy /tmp/rm.log noop --cgroup $CG/t84rm --name zoo-rmdir ||
	{ not_ok setup_rmdir "loader:"; show /tmp/rm.log; }
RM=$PID
rmdir $CG/t84rm
wait_exit $RM 20
if [ $RC = 2 ] && grep -q 'exited: kind=cgroup-removed reason="its cgroup was removed"' /tmp/rm.log &&
   memgovctl stats --json | grep -q '"exit_cgroup_removed":1'; then
	ok policy_of_a_removed_cgroup_exits_with_kind_cgroup_removed
else
	not_ok policy_of_a_removed_cgroup_exits_with_kind_cgroup_removed "rc=$RC"
	show /tmp/rm.log
fi

# --- module parameters are no way around the limits' ranges ------------------------------
cc() { memgovctl stats --json | sed -n 's/.*"config_changes":\([0-9]*\).*/\1/p'; }
c0=$(cc)
echo 0 > $P/strikes_max 2> /tmp/param.err
rc=$?
v=$(cat $P/strikes_max)
echo 4 > $P/strikes_max
if [ $rc != 0 ] && [ "$v" = 3 ] && memgovctl config show | grep -Eq '^strikes_max +4$' &&
   [ "$(cc)" = $((c0 + 1)) ] && dmesg | grep -q 'config: strikes_max = 0 refused: out of range 1..1000'; then
	ok module_parameter_writes_are_range_checked_logged_and_counted
else
	not_ok module_parameter_writes_are_range_checked_logged_and_counted "rc=$rc before=$v changes $c0 -> $(cc)"
	show /tmp/param.err
fi
echo 3 > $P/strikes_max

# --- a sleepable callback would sleep inside a probe with preemption off -----------------
faulty --fault sleepable --name zoo-sleepy > /tmp/sl.log 2>&1
rc=$?
if [ $rc != 0 ] && grep -q 'attach to unsupported member memcg_charged of struct memgov_memcg_ops' /tmp/sl.log &&
   dmesg | grep -q "refused sleepable program 'faulty_sleepy_c' for a callback: callbacks run in atomic context"; then
	ok sleepable_callback_is_refused_by_the_verifier_with_a_reason
else
	not_ok sleepable_callback_is_refused_by_the_verifier_with_a_reason "rc=$rc"
	show /tmp/sl.log
fi

# --- another struct_ops type (TCP congestion control, softirq) calling memgov's kfuncs -----
faulty --fault foreign-kfunc > /tmp/fk.log 2>&1
rc=$?
if [ $rc != 0 ] && grep -q 'calling kernel function bpf_memgov_error is not allowed' /tmp/fk.log; then
	ok foreign_struct_ops_program_cannot_call_memgov_kfuncs
else
	not_ok foreign_struct_ops_program_cannot_call_memgov_kfuncs "rc=$rc"
	show /tmp/fk.log
fi

# --- a directory outside cgroup2 whose inode number is the root cgroup's id -------------
noop --cgroup /tmp --name zoo-tmp > /tmp/tmpcg.log 2>&1
rc=$?
if [ $rc = 1 ] && grep -q 'cgroup /tmp: not a cgroup v2 directory' /tmp/tmpcg.log &&
   ! memgovctl policy list | grep -q '^zoo-tmp '; then
	ok loader_refuses_a_directory_that_is_not_a_cgroup2_directory
else
	not_ok loader_refuses_a_directory_that_is_not_a_cgroup2_directory "rc=$rc"
	show /tmp/tmpcg.log
fi

# --- CAP_BPF without CAP_SYS_ADMIN (a delegated BPF token would give no more) ------------
# Loaded with every capability (libbpf needs CAP_SYS_ADMIN to read module BTF), attached
# after dropping CAP_SYS_ADMIN (21): what a process handed the loaded maps would hold.
MEMGOV_LOADER_DROP_CAPS=21 noop --name zoo-nocap > /tmp/nocap.log 2>&1
rc=$?
if [ $rc = 1 ] && grep -q 'lacks CAP_SYS_ADMIN' /tmp/nocap.log &&
   dmesg | grep -q "policy 'zoo-nocap' refused: attaching needs CAP_SYS_ADMIN in the initial user namespace"; then
	ok attach_without_cap_sys_admin_is_refused
else
	not_ok attach_without_cap_sys_admin_is_refused "rc=$rc"
	show /tmp/nocap.log
fi

# --- reclaiming outside its own subtree, and the root --------------------------------------
cg_make t84
cg_make t84/mine
cg_make t84/other
other=$(stat -c %i $CG/t84/other)
start_policy /tmp/ro.log faulty --fault reclaim-outside --other $other --cgroup $CG/t84/mine \
	--name zoo-reclaim || { not_ok setup_reclaim_outside "loader:"; show /tmp/ro.log; }
R=$PID
cg_run t84/mine memhog memhog_r 8 exit; W=$PID
wait_exit $W 60
sleep 1
kill $R; wait_exit $R 20
# -1 is -EPERM
if grep -q 'faulty: jobs=[1-9][0-9]* reclaim_err_root=-1 reclaim_err_other=-1' /tmp/ro.log; then
	ok reclaim_kfunc_refuses_the_root_and_cgroups_outside_the_policy_subtree
else
	not_ok reclaim_kfunc_refuses_the_root_and_cgroups_outside_the_policy_subtree "loader:"
	show /tmp/ro.log
fi
cg_remove t84

# --- a job that goes on after its policy gave up -------------------------------------------
# The bpf_wq job reclaims in the policy's own cgroup, calls bpf_memgov_error() after three
# rounds and requeues itself: from the ejection on, every call must find no policy (-ESRCH).
cg_make t84w
start_policy /tmp/wq.log faulty --fault wq-after-eject --cgroup $CG/t84w --name zoo-late-job ||
	{ not_ok setup_wq_after_eject "loader:"; show /tmp/wq.log; }
L=$PID
cg_run t84w memhog memhog_w 8 hold; W=$PID
wait_exit $L 60
if [ $RC = 2 ] && grep -q 'exited: kind=error' /tmp/wq.log &&
   grep -Eq '^faulty: ok=([3-9]|[1-9][0-9]+) esrch=[1-9][0-9]* late_ok=0$' /tmp/wq.log; then
	ok bpf_wq_job_of_an_ejected_policy_is_refused_by_every_kfunc
	grep '^faulty:' /tmp/wq.log | sed 's/^/# /'
else
	not_ok bpf_wq_job_of_an_ejected_policy_is_refused_by_every_kfunc "rc=$RC"
	show /tmp/wq.log
	kill $L 2>/dev/null
fi
kill $W; wait_exit $W 20
cg_remove t84w

# --- a softirq timer that asks "who is running here?" inside a callback it interrupted -----
# The policy's charge callbacks spin ~0.5 ms; its per-CPU timer fires every 0.5 ms and asks
# bpf_memgov_self() (self == 0 resolves the same way).  It must learn nothing, however often
# it lands inside a callback (overlap), while the callback itself gets its handle.  The
# budget is lifted: this scene is about identity, not time.
memgovctl config set memcg_budget_us=10000000 > /dev/null
cg_make t84t
start_policy /tmp/ts.log faulty --fault timer-self --spin 4000 --cgroup $CG/t84t \
	--name zoo-timer-self || { not_ok setup_timer_self "loader:"; show /tmp/ts.log; }
T=$PID
i=0
while [ $i -lt 8 ]; do
	cg_run t84t memhog memhog_t 16 exit; W=$PID
	wait_exit $W 60
	i=$((i + 1))
done
kill $T; wait_exit $T 20
memgovctl config set memcg_budget_us=100000 > /dev/null
if grep -Eq '^faulty: ticks=[1-9][0-9]* overlap=[1-9][0-9]* stolen=0 self_in_callback=[1-9][0-9]*$' /tmp/ts.log; then
	ok timer_interrupting_a_callback_cannot_act_as_its_policy
	grep '^faulty:' /tmp/ts.log | sed 's/^/# /'
else
	not_ok timer_interrupting_a_callback_cannot_act_as_its_policy "rc=$RC"
	show /tmp/ts.log
fi
cg_remove t84t

# --- slow work hidden in the calls it guesses are not clocked ------------------------------
# About 5 ms a call under TCG, in 15 of every 16 charges: each call spans a tick or more, and
# every such call now counts in the budget, whichever calls the clock samples.
cg_make t85 64M
start_policy /tmp/us.log faulty --fault unclocked-slow --spin 40000 --cgroup $CG/t85 \
	--name zoo-unclocked || { not_ok setup_unclocked_slow "loader:"; show /tmp/us.log; }
U=$PID
cg_run t85 memhog memhog_u 16 loop3; W=$PID
wait_exit $U 120
if [ $RC = 2 ] && grep -q "exited: kind=watchdog" /tmp/us.log; then
	ok slow_work_in_unclocked_calls_is_ejected_by_the_watchdog
else
	not_ok slow_work_in_unclocked_calls_is_ejected_by_the_watchdog "rc=$RC"
	show /tmp/us.log
fi
kill $W 2>/dev/null; wait_exit $W 20
cg_remove t85

# --- the longest delay (2 s, not clamped) on every charge of the machine -----------------
# Without a delay budget every task, this shell included, would sleep 2 s per page fault for
# as long as the policy stays attached.
cg_make t87
start_policy /tmp/md.log faulty --fault max-delay --name zoo-max-delay ||
	{ not_ok setup_max_delay "loader:"; show /tmp/md.log; }
M=$PID
cg_run t87 memhog memhog_d1 2 exit; D1=$PID
cg_run t87 memhog memhog_d2 2 exit; D2=$PID
cg_run t87 memhog memhog_d3 2 exit; D3=$PID
wait_exit $M 60
if [ $RC = 2 ] && grep -q 'exited: kind=watchdog reason="imposed [0-9]* ms of charge delay in 1000 ms, over the 4000 ms budget' /tmp/md.log; then
	ok maximal_delay_on_every_charge_is_ejected_over_the_delay_budget
else
	not_ok maximal_delay_on_every_charge_is_ejected_over_the_delay_budget "rc=$RC"
	show /tmp/md.log
	kill $M 2>/dev/null
fi
bad=
for d in $D1 $D2 $D3; do
	wait_exit $d 60
	[ $RC = 0 ] || bad="$bad $d:$RC"
done
if [ -z "$bad" ]; then
	ok tasks_run_at_full_speed_again_after_the_delaying_policy_is_ejected
else
	not_ok tasks_run_at_full_speed_again_after_the_delaying_policy_is_ejected "$bad"
fi
cg_remove t87

# --- hard protection for every cgroup under a limit: reclaim would turn into OOM kills -----
# Both children protected at their usage: without the rule, the first charge over t88's
# limit finds nothing to reclaim and the kernel kills (memhog_pa, the largest: innocent).
# With it, the OOM suspends the protection, the kernel reclaims, the policy earns a strike.
swap_on 512
cg_make t88 128M
cg_make t88/a
cg_make t88/b
cg_run t88/a memhog memhog_pa 90 hold; A=$PID
wait_for 60 sh -c "[ \$(cat $CG/t88/a/memory.current) -gt 94000000 ]"
start_policy /tmp/pa.log faulty --fault protect-all --cgroup $CG/t88 --name zoo-protect-oom ||
	{ not_ok setup_protect_oom "loader:"; show /tmp/pa.log; }
PA=$PID
dmesg -c > /dev/null
cg_run t88/b memhog memhog_pb 80 loop3 > /tmp/pb.out; B=$PID
wait_exit $B 300
brc=$RC
dmesg > /tmp/dmesg.t88
if [ $brc = 0 ] && alive $A && ! grep -q 'Killed process' /tmp/dmesg.t88 &&
   grep -q 'memcg protection in force is suspended' /tmp/dmesg.t88 &&
   grep -q "policy 'zoo-protect-oom' strike 1 of 3: its protection was in force during an OOM in cgroup" /tmp/dmesg.t88; then
	ok oom_under_protection_suspends_it_and_strikes_instead_of_killing
else
	not_ok oom_under_protection_suspends_it_and_strikes_instead_of_killing "memhog_pb rc=$brc"
	grep -E 'memgov|Killed process' /tmp/dmesg.t88 | tail -20 | sed 's/^/#   /'
	show /tmp/pa.log
fi
kill $PA 2>/dev/null; wait_exit $PA 20
kill $A; wait_exit $A 20
cg_remove t88
swap_off

# --- low protection for the whole system under global pressure -----------------------------
# The system scope reads the root cgroup's memory.pressure (6.12's /proc/pressure/memory
# cannot be read from the kernel).  The limit is set low for this machine, as an
# administrator would; the policy at the root has no cgroup scopes, only the system's.
swap_on 512
# The policy's callbacks run for every cgroup in every reclaim pass of the whole machine:
# its time budget can eject it first (seen once: 101.7 ms of 100).  This scene is about the
# system's thrash scope, so the budget is lifted for it.
memgovctl config set psi_full_pct=20 memcg_budget_us=1000000 > /dev/null
cg_make t86
cg_make t86/a
cg_make t86/b
cg_run t86/a memhog memhog_a 300 hold; A=$PID
wait_for 60 sh -c "[ \$(cat $CG/t86/a/memory.current) -gt 300000000 ]"
start_policy /tmp/sys.log faulty --fault protect-low-all --name zoo-protect-system ||
	{ not_ok setup_protect_system "loader:"; show /tmp/sys.log; }
S=$PID
cg_run t86/b memhog memhog_b 600 loop3 > /tmp/b.out; W=$PID
wait_exit $S 180
if [ $RC = 2 ] && grep -q 'exited: kind=thrash reason="memory pressure .* in the system while it protected' /tmp/sys.log; then
	ok whole_system_protection_under_global_pressure_is_thrash_ejected
else
	not_ok whole_system_protection_under_global_pressure_is_thrash_ejected "rc=$RC"
	show /tmp/sys.log
	grep -E 'some|full' $CG/memory.pressure | sed 's/^/#   /'
	kill $S 2>/dev/null
fi
wait_exit $W 300
if [ $RC = 0 ] && alive $A; then
	ok system_recovers_and_nothing_is_killed_after_system_protection_ejected
else
	not_ok system_recovers_and_nothing_is_killed_after_system_protection_ejected "rc=$RC"
	show /tmp/b.out
fi
kill $A; wait_exit $A 20
memgovctl config set psi_full_pct=60 memcg_budget_us=100000 > /dev/null
cg_remove t86
swap_off
cleanup_policies
