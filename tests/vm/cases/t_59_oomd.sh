# oomd: systemd-oomd's pressure rule in the kernel.  A leaker thrashing through swap in one
# managed cgroup is killed, alone: not the small process beside it, not the other cgroup.
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

# Bad options are refused before anything loads.
if ! oomd --cgroup $CG/t59 > /tmp/oomd.err 2>&1 && grep -q 'give --watch' /tmp/oomd.err &&
   ! oomd --watch $CG/t59/a=0 > /tmp/oomd.err 2>&1 && grep -q 'from 1 to 100' /tmp/oomd.err &&
   ! oomd --watch $CG/t59/a --window-ms 100 > /tmp/oomd.err 2>&1; then
	ok oomd_refuses_bad_options
else
	not_ok oomd_refuses_bad_options
	show /tmp/oomd.err
fi
cg_remove t59
swap_off
