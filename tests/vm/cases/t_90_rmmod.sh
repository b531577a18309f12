# The module cannot go while a policy holds it, and goes cleanly once none does.
. /tests/lib.sh
ensure_module

start_policy /tmp/r.log noop --name holder || { not_ok setup_attach_holder "loader:"; show /tmp/r.log; }
R=$PID
if rmmod memgov > /tmp/rmmod1.out 2>&1; then
	not_ok rmmod_is_refused_while_a_policy_is_attached "rmmod succeeded with a policy attached"
else
	ok rmmod_is_refused_while_a_policy_is_attached
fi
kill $R
wait_exit $R 20
# Maps are freed after an RCU grace period; give it a moment.
i=0
while ! rmmod memgov > /tmp/rmmod2.out 2>&1; do
	i=$((i + 1))
	[ $i -ge 50 ] && break
	sleep 0.2
done
if ! grep -q '^memgov ' /proc/modules; then
	ok rmmod_succeeds_after_last_policy_detached
else
	not_ok rmmod_succeeds_after_last_policy_detached "rmmod:"
	show /tmp/rmmod2.out
fi
memgovctl status > /tmp/nomod.out 2>&1
rc=$?
if [ $rc = 3 ] && grep -q 'not loaded' /tmp/nomod.out; then
	ok memgovctl_says_module_not_loaded_after_rmmod
else
	not_ok memgovctl_says_module_not_loaded_after_rmmod "rc=$rc"
	show /tmp/nomod.out
fi
