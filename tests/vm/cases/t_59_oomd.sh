# oomd: systemd-oomd's pressure rule in the kernel.  A leaker thrashing through swap in one
# managed cgroup is killed, alone: not the small process beside it, not the other cgroup.
# Then the swap rule, and the no-swap and hogs workloads of make bench's race.
. /tests/lib.sh
ensure_module
cleanup_policies
swap_on 256

cg_make t59
echo +memory > $CG/t59/cgroup.subtree_control
cg_make t59/a 24M
cg_make t59/b 24M
ida=$(stat -c %i $CG/t59/a)
cg_run t59/a memhog small_a 2 hold
SMALL=$PID
cg_run t59/b memhog steady_b 8 hold
STEADY=$PID
sleep 1

# Over the limit: 20% of the time fully stalled on memory, within 1 s windows.
dmesg -c > /dev/null
start_policy /tmp/oomd.log oomd --cgroup $CG/t59 --watch $CG/t59/a --watch $CG/t59/b=20 --limit 20 --name t59-oomd
P=$PID
t0=$(cut -d' ' -f1 /proc/uptime)
cg_run t59/a memhog leaker 48 loop
LEAK=$PID
wait_for 60 dead $LEAK
t1=$(cut -d' ' -f1 /proc/uptime)
sleep 1
kill -INT $P; wait_exit $P 20
if dead $LEAK && alive $SMALL && alive $STEADY &&
   [ "$(dmesg | grep -c "policy 't59-oomd' declared an OOM in cgroup $ida:")" = 1 ] &&
   dmesg | grep -q "Memory cgroup out of memory: Killed process $LEAK (leaker)" &&
   grep -q '^oomd: events=[1-9][0-9]* declared=1 ' /tmp/oomd.log; then
	ok oomd_kills_the_leaker_alone "leaker killed $(awk -v a=$t0 -v b=$t1 'BEGIN { printf "%.1f", b - a }') s after it started"
else
	not_ok oomd_kills_the_leaker_alone
	show /tmp/oomd.log
	dmesg | grep -E 'memgov|Killed' | tail -12 | sed 's/^/#   /'
fi
kill $LEAK 2>/dev/null

# One kill answers the pressure before it: with the governor's rate limit at its least
# (oom_declare_interval_ms=100), the events of the next two windows still count the stall the
# leaker made (a trigger's growth prorates the previous window); the policy must not take them
# as a reason to kill again, and the small process left in the cgroup lives.
memgovctl config set oom_declare_interval_ms=100 > /dev/null
start_policy /tmp/oomd.log oomd --cgroup $CG/t59 --watch $CG/t59/a --limit 20 --name t59-once
P=$PID
cg_run t59/a memhog leaker 48 loop
LEAK=$PID
wait_for 60 dead $LEAK
sleep 4
kill -INT $P; wait_exit $P 20
memgovctl config set oom_declare_interval_ms=2000 > /dev/null
if dead $LEAK && alive $SMALL && alive $STEADY &&
   grep -q '^oomd: events=[1-9][0-9]* declared=1 ' /tmp/oomd.log; then
	ok oomd_one_kill_per_episode_at_the_least_rate_limit "$(sed -n 's/.*\(events=[0-9]*\).*\(stale=[0-9]*\).*/\1 \2/p' /tmp/oomd.log)"
else
	not_ok oomd_one_kill_per_episode_at_the_least_rate_limit
	show /tmp/oomd.log
	dmesg | grep -E 'memgov|Killed' | tail -12 | sed 's/^/#   /'
fi
kill $LEAK 2>/dev/null

# Under the limit (95% of the time fully stalled is more than this thrash reaches): nothing.
start_policy /tmp/oomd.log oomd --cgroup $CG/t59 --watch $CG/t59/a --limit 95 --name t59-calm
P=$PID
cg_run t59/a memhog leaker 48 loop
LEAK=$PID
sleep 6
ALIVE=0
alive $LEAK && ALIVE=1
kill -INT $P; wait_exit $P 20
if [ $ALIVE = 1 ] && grep -q '^oomd: .* declared=0 ' /tmp/oomd.log; then
	ok oomd_leaves_pressure_under_its_limit_alone
else
	not_ok oomd_leaves_pressure_under_its_limit_alone
	show /tmp/oomd.log
fi
kill $LEAK 2>/dev/null

# The swap rule (systemd-oomd's SwapUsedLimit=): a leaker growing through swap to 64 MiB
# (never an OOM on its own: 64 MiB of swap, its cgroup's memory.max 24 MiB) is killed once
# half the swap is used, in the managed cgroup using the most swap; the other keeps its own.
swap_off
swap_on 64
cg_make t59s
echo +memory > $CG/t59s/cgroup.subtree_control
cg_make t59s/a 24M
cg_make t59s/b 16M
idsa=$(stat -c %i $CG/t59s/a)
cg_run t59s/b memhog swapped_b 24 hold
HELD=$PID
sleep 2
dmesg -c > /dev/null
start_policy /tmp/oomd.log oomd --cgroup $CG/t59s --swap $CG/t59s/a --swap $CG/t59s/b \
	--swap-limit 50 --name t59-swap
P=$PID
cg_run t59s/a leaker leaker 8 100 64
LEAK=$PID
wait_for 150 dead $LEAK
USED=$(awk '/^SwapTotal/ { t = $2 } /^SwapFree/ { f = $2 } END { printf "%d", (t - f) * 100 / t }' /proc/meminfo)
sleep 1
kill -INT $P; wait_exit $P 20
if dead $LEAK && alive $HELD &&
   [ "$(dmesg | grep -c "policy 't59-swap' declared an OOM in cgroup $idsa:")" = 1 ] &&
   dmesg | grep -q "Memory cgroup out of memory: Killed process $LEAK (leaker)" &&
   grep -q '^oomd: .* declared=1 .* swap_declared=1 .* swap_used_pct_declared=\(5[0-9]\|[6-9][0-9]\|100\)$' /tmp/oomd.log; then
	ok oomd_swap_limit_kills_the_largest_swap_user "swap $(sed -n 's/.*swap_used_pct_declared=//p' /tmp/oomd.log)% used at the declaration, $USED% after the kill"
else
	not_ok oomd_swap_limit_kills_the_largest_swap_user "swap $USED% used"
	show /tmp/oomd.log
	dmesg | grep -E 'memgov|Killed' | tail -12 | sed 's/^/#   /'
fi
kill $LEAK 2>/dev/null; wait_exit $LEAK 20

# Under the swap limit the rule checks at each stall and leaves everyone alone: the same
# leaker tops out at 64 MiB (about 48 of the 64 MiB of swap with swapped_b's, under 95%).
start_policy /tmp/oomd.log oomd --cgroup $CG/t59s --swap $CG/t59s/a --swap $CG/t59s/b \
	--swap-limit 95 --name t59-swap-calm
P=$PID
cg_run t59s/a sh -c 'exec leaker leaker 8 100 64 > /tmp/leak.log'
LEAK=$PID
wait_for 150 grep -q 'leaker leaker: 64 MiB' /tmp/leak.log
sleep 4
ALIVE=0
alive $LEAK && ALIVE=1
USED=$(awk '/^SwapTotal/ { t = $2 } /^SwapFree/ { f = $2 } END { printf "%d", (t - f) * 100 / t }' /proc/meminfo)
kill -INT $P; wait_exit $P 20
if [ $ALIVE = 1 ] && alive $HELD &&
   grep -q '^oomd: .* declared=0 .* swap_checks=[1-9][0-9]* swap_declared=0 ' /tmp/oomd.log; then
	ok oomd_swap_under_its_limit_is_checked_and_left_alone "swap $USED% used"
else
	not_ok oomd_swap_under_its_limit_is_checked_and_left_alone "swap $USED% used"
	show /tmp/oomd.log
fi
cg_remove t59s
swap_off

# No swap: the leaker meets its memory.max at once; whoever kills first (the kernel's memcg
# OOM or oomd's declaration), it is the only death, and the innocent lives.
cg_make t59n 48M
cg_run t59n memhog innocent 8 hold
INNO=$PID
sleep 1
dmesg -c > /dev/null
start_policy /tmp/oomd.log oomd --cgroup $CG/t59n --watch $CG/t59n --limit 20 --name t59-noswap
P=$PID
cg_run t59n leaker leaker 4 100
LEAK=$PID
wait_for 60 dead $LEAK
sleep 3
kill -INT $P; wait_exit $P 20
KILLS=$(dmesg | grep -c 'Killed process')
BY=kernel
dmesg | grep -q "policy 't59-noswap' declared an OOM" && BY=oomd
if dead $LEAK && alive $INNO && [ "$KILLS" = 1 ] &&
   dmesg | grep -q "Killed process $LEAK (leaker)" && grep -q '^oomd: .* init_err=0 ' /tmp/oomd.log; then
	ok oomd_without_swap_the_leaker_is_the_only_death "killed by the $BY"
else
	not_ok oomd_without_swap_the_leaker_is_the_only_death "kills=$KILLS"
	show /tmp/oomd.log
	dmesg | grep -E 'memgov|Killed' | tail -12 | sed 's/^/#   /'
fi
cg_remove t59n

# Four hogs started together in a cgroup that holds three: oomd ("some" stall, as the race
# shows "full" rarely fires with several busy hogs on one CPU) kills one, and only one.
swap_on 256
cg_make t59h 56M
idh=$(stat -c %i $CG/t59h)
dmesg -c > /dev/null
start_policy /tmp/oomd.log oomd --cgroup $CG/t59h --watch $CG/t59h --limit 30 --some \
	--duration-ms 2000 --name t59-hogs
P=$PID
HOGS=
for i in 1 2 3 4; do
	cg_run t59h leaker hog$i 16 100 16
	HOGS="$HOGS $PID"
done
wait_for 90 sh -c "dmesg | grep -q 'Killed process'"
sleep 6
kill -INT $P; wait_exit $P 20
NDEAD=0
for h in $HOGS; do dead $h && NDEAD=$((NDEAD + 1)); done
# One kill, by a declared OOM (a declaration that finds room made meanwhile kills nothing).
if [ $NDEAD = 1 ] && [ "$(dmesg | grep -c 'Killed process')" = 1 ] &&
   [ "$(dmesg | grep -c "policy 't59-hogs' declared an OOM in cgroup $idh:")" -ge 1 ] &&
   dmesg | grep -q 'memgov_oom invoked oom-killer' &&
   ! dmesg | grep 'invoked oom-killer' | grep -qv 'memgov_oom invoked'; then
	ok oomd_hogs_lose_one_of_four
else
	not_ok oomd_hogs_lose_one_of_four "dead=$NDEAD"
	show /tmp/oomd.log
	dmesg | grep -E 'memgov|Killed' | tail -12 | sed 's/^/#   /'
fi
cg_remove t59h
swap_off

# Bad options are refused before anything loads.
if ! oomd --cgroup $CG/t59 > /tmp/oomd.err 2>&1 && grep -q 'give --watch' /tmp/oomd.err &&
   ! oomd --watch $CG/t59/a=0 > /tmp/oomd.err 2>&1 && grep -q 'from 1 to 100' /tmp/oomd.err &&
   ! oomd --watch $CG/t59/a --window-ms 100 > /tmp/oomd.err 2>&1 &&
   ! oomd --swap $CG/t59/a --swap-limit 0 > /tmp/oomd.err 2>&1 && grep -q 'swap-limit wants a number from 1 to 100' /tmp/oomd.err &&
   ! oomd --swap $CG/t59/nonexistent > /tmp/oomd.err 2>&1 && grep -q 'No such file' /tmp/oomd.err; then
	ok oomd_refuses_bad_options
else
	not_ok oomd_refuses_bad_options
	show /tmp/oomd.err
fi
cg_remove t59
