# Global OOM (1 GiB guest, no swap) with a policy at the root: resolved, nothing hangs.
. /tests/lib.sh
ensure_module
cleanup_policies
swap_off

start_policy /tmp/g.log oom_pick --victim memhog_g1 --name global-pick
G=$PID
memhog memhog_g1 96 hold > /dev/null & G1=$!
wait_for 60 sh -c "grep -q '^VmRSS: *9[0-9][0-9][0-9][0-9] kB' /proc/$G1/status"
dmesg -c > /dev/null
memhog memhog_gt 2000 exit > /dev/null & GT=$!
wait_exit $GT 300
grc=$RC
dmesg > /tmp/dmesg.global
if [ $grc != 124 ] && dead $G1 && dead $GT &&
   grep -q "policy 'global-pick' picks pid $G1 (memhog_g1)" /tmp/dmesg.global &&
   grep -q "Out of memory: Killed process $G1 (memhog_g1)" /tmp/dmesg.global &&
   grep -q "Killed process $GT (memhog_gt)" /tmp/dmesg.global && alive $G; then
	ok global_oom_with_root_policy_resolves_without_hang
else
	not_ok global_oom_with_root_policy_resolves_without_hang "rc=$grc g1=$(dead $G1 && echo dead) gt=$(dead $GT && echo dead)"
	grep -E 'memgov|Killed process' /tmp/dmesg.global | sed 's/^/#   /'
fi
kill $G 2>/dev/null; wait_exit $G 20
cleanup_policies
