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

# --- the first request to the family loads the module (MODULE_ALIAS_GENL_FAMILY) ------------
# As on a host where the module is installed (DKMS or the package) and depmod ran: kmod's
# modprobe, and the aliases of what is in /lib/modules.
echo /usr/sbin/modprobe > /proc/sys/kernel/modprobe
/usr/sbin/depmod -a > /tmp/depmod.out 2>&1
memgovctl status > /tmp/auto.out 2>&1
rc=$?
if [ $rc = 0 ] && grep -q '^memgov ' /proc/modules &&
   grep -q 'net-pf-16-proto-16-family-memgov memgov' /lib/modules/$(uname -r)/modules.alias; then
	ok memgovctl_loads_the_module_through_its_family_alias
else
	not_ok memgovctl_loads_the_module_through_its_family_alias "rc=$rc"
	show /tmp/auto.out
	show /tmp/depmod.out
fi
rmmod memgov 2>/dev/null
echo /sbin/modprobe > /proc/sys/kernel/modprobe
