# PSI policies (memgov_psi_ops): triggers made from BPF with the kernel's semantics, the
# cgroup lifecycle callbacks, the kfunc's refusals, and the watchdog on a slow handler.
. /tests/lib.sh
ensure_module
cleanup_policies
swap_on 256

# t57 (24 MiB) with a 40 MiB hog rewriting its memory: it lives through zram swap, stalled on
# memory most of the time.
cg_make t57 24M
thrash() { cg_run t57 memhog t57hog 40 loop; HOG=$PID; }

# One trigger, 100 ms of "some" memory stall within 1 s, on t57.
start_policy /tmp/pw.log psi_watch --cgroup $CG/t57 --name t57-watch
P=$PID
if memgovctl policy list | grep -q '^t57-watch .*psi'; then
	ok psi_policy_attaches_and_lists_as_psi
else
	not_ok psi_policy_attaches_and_lists_as_psi
	memgovctl policy list | sed 's/^/#   /'
fi
# Nothing runs in t57: no stall, no event, for 4 windows.
sleep 4
thrash
sleep 8
kill $HOG; wait_exit $HOG 20
kill -INT $P; wait_exit $P 20
line=$(grep '^psi_watch:' /tmp/pw.log)
n=$(echo "$line" | sed -n 's/.* watched=\([0-9]*\).*/\1/p')
gap=$(echo "$line" | sed -n 's/.* min_gap_ns=\([0-9]*\).*/\1/p')
growth=$(echo "$line" | sed -n 's/.* max_growth_us=\([0-9]*\).*/\1/p')
# 8 s of thrashing: at most one event a window (9 at most), and several.
if [ -n "$n" ] && [ "$n" -ge 3 ] && [ "$n" -le 9 ] && [ "$growth" -ge 100000 ] &&
   { [ "$n" -lt 2 ] || [ "$gap" -ge 1000000000 ]; }; then
	ok psi_trigger_fires_at_most_once_per_window_while_over "$n events, min gap $gap ns"
else
	not_ok psi_trigger_fires_at_most_once_per_window_while_over "$line"
	show /tmp/pw.log
fi

# Under: the same trigger on an idle cgroup, over 5 windows.
cg_make t57idle
start_policy /tmp/pw.log psi_watch --cgroup $CG/t57idle --name t57-idle
P=$PID
sleep 5
kill -INT $P; wait_exit $P 20
if grep -q '^psi_watch: events=0 watched=0 ' /tmp/pw.log; then
	ok psi_trigger_never_fires_while_under
else
	not_ok psi_trigger_never_fires_while_under
	show /tmp/pw.log
fi

# The kfunc's refusals, each with its own errno.
start_policy /tmp/pw.log psi_watch --cgroup $CG/t57 --probe-errors --name t57-probe
P=$PID
kill -INT $P; wait_exit $P 20
expect_field() {
	grep -q "^psi_watch: .* $1=$2\( \|$\)" /tmp/pw.log
}
if expect_field err_window_short -22 && expect_field err_window_long -22 &&
   expect_field err_threshold_zero -22 && expect_field err_threshold_over_window -22 &&
   expect_field err_resource -22 && expect_field err_no_cgroup -2 &&
   expect_field err_outside -1 && expect_field err_too_many -28 &&
   expect_field made_before_too_many 63; then
	ok psi_trigger_refusals_einval_enoent_eperm_enospc
else
	not_ok psi_trigger_refusals_einval_enoent_eperm_enospc
	show /tmp/pw.log
fi

# A handler that takes 300 ms, twice within a second (500 ms windows while thrashing): over
# the OOM ceiling (100 ms) twice, so the watchdog ejects it.  (On 2 vCPUs run round-robin its
# vCPU is given about half of that time, and only that counts: 150 ms.)
start_policy /tmp/pw.log psi_watch --cgroup $CG/t57 --window-us 500000 --threshold-us 50000 \
	--spin-us 300000 --name t57-slow
P=$PID
thrash
wait_exit $P 30
PRC=$RC
kill $HOG; wait_exit $HOG 20
if [ "$PRC" = 2 ] && memgovctl policy list | grep -q '^t57-slow .*watchdog'; then
	ok psi_slow_handler_ejected_by_the_watchdog
else
	not_ok psi_slow_handler_ejected_by_the_watchdog "rc=$PRC"
	show /tmp/pw.log
	memgovctl policy list | sed 's/^/#   /'
fi
kill -INT $P 2>/dev/null; wait_exit $P 10
# Lifecycle: a cgroup made below the policy's is announced (and gets a trigger); when it
# goes, its trigger goes and the policy is told which cgroup it was.
cg_make t57f
echo +memory > $CG/t57f/cgroup.subtree_control
start_policy /tmp/pw.log psi_watch --cgroup $CG/t57f --follow-new --name t57-follow
P=$PID
mkdir $CG/t57f/child
id=$(stat -c %i $CG/t57f/child)
sleep 0.5
rmdir $CG/t57f/child
sleep 2
kill -INT $P; wait_exit $P 20
if grep -q "^psi_watch: .* online=1 offline=1 last_offline_id=$id init_err=0 online_err=0 " /tmp/pw.log; then
	ok psi_cgroup_online_and_offline_reach_the_policy
else
	not_ok psi_cgroup_online_and_offline_reach_the_policy "child id $id"
	show /tmp/pw.log
fi

cg_remove t57 t57idle t57f
swap_off
