# Declared OOMs (bpf_out_of_memory() from a PSI policy): the kernel's memcg OOM path runs for
# the cgroup, memgov's OOM policies first; the governor's rules (rate limit, strikes for an
# OOM declared without pressure, shadow mode); memory.max is left as it was.
. /tests/lib.sh
ensure_module
cleanup_policies
swap_on 256

hogs() {	# hogs CGROUP NAME:MIB...
	local cg=$1 s
	shift
	HOGS=""
	for s in "$@"; do
		cg_run $cg memhog ${s%%:*} ${s##*:} loop
		HOGS="$HOGS $PID"
		eval "PID_${s%%:*}=$PID"
	done
}
declares() { dmesg | grep -c "declared an OOM in cgroup $1:"; }
# The hogs killed and gone, none left dying in t58: the kernel skips an OOM while a victim
# still dies, and on 2 vCPUs the last case's could outlive a fixed sleep into the next.
hogs_stop() {
	local h
	kill $HOGS 2>/dev/null
	for h in $HOGS; do wait_exit $h 20; done
	wait_for 20 sh -c "[ -z \"\$(cat $CG/t58/cgroup.procs)\" ]"
}

# 1. One hog thrashing through swap in 24 MiB: the policy's trigger fires, it declares, the
#    kernel's OOM killer kills the hog, and memory.max is 24 MiB again.
cg_make t58 24M
id=$(stat -c %i $CG/t58)
dmesg -c > /dev/null
start_policy /tmp/pd.log psi_watch --cgroup $CG/t58 --declare-twice --name t58-decl
P=$PID
hogs t58 hog:40
wait_for 60 dead $PID_hog
kill -INT $P; wait_exit $P 20
if dead $PID_hog && [ "$(cat $CG/t58/memory.max)" = 25165824 ] &&
   dmesg | grep -q "policy 't58-decl' declared an OOM in cgroup $id: memory some stall [0-9]* us within 1000000 us, threshold 100000 us" &&
   dmesg | grep -q "declared OOM in cgroup $id: the OOM killer killed" &&
   dmesg | grep -q "Memory cgroup out of memory: Killed process $PID_hog " &&
   grep -q '^psi_watch: .* declared=[1-9]' /tmp/pd.log; then
	ok declared_oom_runs_the_kernels_memcg_oom_and_restores_memory_max
else
	not_ok declared_oom_runs_the_kernels_memcg_oom_and_restores_memory_max "memory.max $(cat $CG/t58/memory.max)"
	show /tmp/pd.log
	dmesg | grep -E 'memgov|Killed' | tail -15 | sed 's/^/#   /'
fi
hogs_stop
# The same callback declared again at once, the first still pending: EBUSY, no second OOM.
if grep -q '^psi_watch: .* second_declare_err=-16\( \|$\)' /tmp/pd.log &&
   [ "$(declares $id)" = "$(sed -n 's/.* declared=\([0-9]*\).*/\1/p' /tmp/pd.log)" ]; then
	ok declaring_again_while_a_declared_oom_runs_is_ebusy
else
	not_ok declaring_again_while_a_declared_oom_runs_is_ebusy "declarations in dmesg: $(declares $id)"
	show /tmp/pd.log
fi

# 2. Two hogs: the first declaration kills one; the other still thrashes, but the next
#    declaration waits for oom_declare_interval_ms (2 s); then it dies too.
dmesg -c > /dev/null
start_policy /tmp/pd.log psi_watch --cgroup $CG/t58 --declare --name t58-rate
P=$PID
hogs t58 hoga:30 hogb:30
both_dead() { dead $PID_hoga && dead $PID_hogb; }
wait_for 90 both_dead
kill -INT $P; wait_exit $P 20
times=$(dmesg | sed -n "s/^\[ *\([0-9.]*\)\] memgov: policy 't58-rate' declared an OOM in cgroup $id:.*/\1/p")
gaps_ok=$(echo $times | awk '{ ok = NF >= 2; for (i = 2; i <= NF; i++) if ($i - $(i-1) < 1.99) ok = 0; print ok }')
if dead $PID_hoga && dead $PID_hogb && [ "$gaps_ok" = 1 ] &&
   grep -q '^psi_watch: .* declare_refused=[1-9]' /tmp/pd.log; then
	ok declared_ooms_are_rate_limited_per_policy "declared at: $(echo $times)"
else
	not_ok declared_ooms_are_rate_limited_per_policy "declared at: $(echo $times)"
	show /tmp/pd.log
	dmesg | grep -E 'memgov|Killed' | tail -15 | sed 's/^/#   /'
fi
hogs_stop

# 3. memory.oom.group: the kernel's path honours it, the whole cgroup goes.
echo 1 > $CG/t58/memory.oom.group
dmesg -c > /dev/null
start_policy /tmp/pd.log psi_watch --cgroup $CG/t58 --declare --name t58-group
P=$PID
hogs t58 hogc:8 hogd:30
both_gone() { dead $PID_hogc && dead $PID_hogd; }
wait_for 60 both_gone
kill -INT $P; wait_exit $P 20
# Both went in one declared OOM: every OOM of the scene is memgov's declaring thread's (a
# declaration may find room made meanwhile and kill nothing; the next one, 2 s on, acts).
if dead $PID_hogc && dead $PID_hogd && [ "$(declares $id)" -ge 1 ] &&
   dmesg | grep -q 'memgov_oom invoked oom-killer' &&
   ! dmesg | grep 'invoked oom-killer' | grep -qv 'memgov_oom invoked' &&
   [ "$(dmesg | grep -c 'declared OOM in cgroup .*: the OOM killer killed')" = 1 ]; then
	ok declared_oom_honours_memory_oom_group
else
	not_ok declared_oom_honours_memory_oom_group "declarations: $(declares $id)"
	dmesg | grep -E 'memgov|Killed' | tail -15 | sed 's/^/#   /'
fi
hogs_stop
echo 0 > $CG/t58/memory.oom.group

# 4. An OOM policy on the cgroup decides the declared OOM's victim (the small hog, not the
#    largest the kernel would pick).
dmesg -c > /dev/null
start_policy /tmp/po.log oom_pick --cgroup $CG/t58 --victim hogsmall --name t58-pick
PO=$PID
start_policy /tmp/pd.log psi_watch --cgroup $CG/t58 --declare --name t58-chain
P=$PID
hogs t58 hogsmall:4 hogbig:40
wait_for 60 dead $PID_hogsmall
sleep 1
kill -INT $P; wait_exit $P 20
kill -INT $PO; wait_exit $PO 20
if dead $PID_hogsmall && dmesg | grep -q "'t58-pick'=1 kill $PID_hogsmall (hogsmall)"; then
	ok declared_oom_asks_the_oom_policies_first
else
	not_ok declared_oom_asks_the_oom_policies_first
	dmesg | grep -E 'memgov|Killed' | tail -15 | sed 's/^/#   /'
fi
hogs_stop

# 5. Shadow mode: the declaration is recorded, nothing is killed.
dmesg -c > /dev/null
start_policy /tmp/pd.log psi_watch --cgroup $CG/t58 --declare --shadow --name t58-shadow
P=$PID
hogs t58 hogs:40
wait_for 30 sh -c "memgovctl policy list | grep -q 'would declare an OOM in cgroup $id'"
W=$?
kill -INT $P; wait_exit $P 20
if [ $W = 0 ] && alive $PID_hogs && [ "$(declares $id)" = 0 ]; then
	ok shadow_psi_policy_records_the_oom_it_would_declare
else
	not_ok shadow_psi_policy_records_the_oom_it_would_declare "wait=$W"
	memgovctl policy list | sed 's/^/#   /'
fi
hogs_stop

# 6. Nothing killable (oom_score_adj -1000): the declaration kills nothing, says so, and leaves
#    memory.max as it was; the process thrashes on.
dmesg -c > /dev/null
start_policy /tmp/pd.log psi_watch --cgroup $CG/t58 --declare --name t58-unkillable
P=$PID
hogs t58 hogu:40
echo -1000 > /proc/$PID_hogu/oom_score_adj
wait_for 30 sh -c "dmesg | grep -q 'declared OOM in cgroup $id: nothing killed'"
W=$?
kill -INT $P; wait_exit $P 20
if [ $W = 0 ] && alive $PID_hogu && [ "$(cat $CG/t58/memory.max)" = 25165824 ] &&
   dmesg | grep -q "declared OOM in cgroup $id: nothing killed: room was made meanwhile each time, or none could be killed" &&
   ! dmesg | grep -q 'Killed process'; then
	ok declared_oom_with_nothing_killable_kills_nothing_and_restores_memory_max
else
	not_ok declared_oom_with_nothing_killable_kills_nothing_and_restores_memory_max "wait=$W memory.max $(cat $CG/t58/memory.max)"
	dmesg | grep -E 'memgov|Killed|killable' | tail -15 | sed 's/^/#   /'
fi
hogs_stop
cg_remove t58

# 7. The zoo: a PSI policy that declares OOMs without pressure is struck, then ejected, and
#    kills nothing.
cg_make t58z
echo +memory > $CG/t58z/cgroup.subtree_control
mkdir $CG/t58z/keep
cg_run t58z/keep memhog keeper 4 hold
K=$PID
start_policy /tmp/pz.log faulty --fault oom-no-pressure --cgroup $CG/t58z --name t58-zoo
P=$PID
for c in a b c d e; do mkdir $CG/t58z/$c; sleep 0.3; done
wait_exit $P 20
ZRC=$RC
if [ "$ZRC" = 2 ] && grep -q 'kind=strikes' /tmp/pz.log && grep -q '^faulty: declares=[3-9] declare_err=-1$' /tmp/pz.log &&
   alive $K && dmesg | grep -q "declared an OOM in cgroup [0-9]* without pressure there (no trigger fired)"; then
	ok psi_policy_declaring_ooms_without_pressure_is_struck_then_ejected
else
	not_ok psi_policy_declaring_ooms_without_pressure_is_struck_then_ejected "rc=$ZRC"
	show /tmp/pz.log
fi
kill -INT $P 2>/dev/null
cg_remove t58z
swap_off
