# Guest side of the packages' boot test: systemd is PID 1, the files the memgov and
# memgov-dkms packages installed are at their paths, and memgov-limits.service and
# memgov-policy@boot-noop.service were enabled.  Runs as a unit after multi-user.target.
. /tests/lib.sh
prop() { systemctl show -p "$2" --value "$1"; }

# --- at boot: the module loaded by the units, the limits file applied, the policy attached ---
if [ "$(prop memgov-limits.service ActiveState)" = active ] && grep -q '^memgov ' /proc/modules &&
   [ "$(cat /sys/module/memgov/parameters/strikes_max)" = 5 ]; then
	ok limits_unit_loads_the_module_and_applies_limits_conf_at_boot
else
	not_ok limits_unit_loads_the_module_and_applies_limits_conf_at_boot \
		"state $(prop memgov-limits.service ActiveState), strikes_max \
$(cat /sys/module/memgov/parameters/strikes_max 2>&1)"
	journalctl -b -o cat -u memgov-limits.service | sed 's/^/#   /'
fi
if [ "$(prop memgov-policy@boot-noop.service ActiveState)" = active ] &&
   memgovctl policy list | grep -q '^boot-noop .* attached'; then
	ok policy_unit_attaches_its_policy_at_boot
else
	not_ok policy_unit_attaches_its_policy_at_boot \
		"state $(prop memgov-policy@boot-noop.service ActiveState)"
	journalctl -b -o cat -u memgov-policy@boot-noop.service | sed 's/^/#   /'
	memgovctl policy list | sed 's/^/#   /'
fi
# Ordered after the limits: the policy's loader started once the limits were applied.
lim=$(prop memgov-limits.service ExecMainExitTimestampMonotonic)
pol=$(prop memgov-policy@boot-noop.service ExecMainStartTimestampMonotonic)
if [ -n "$lim" ] && [ -n "$pol" ] && [ "$lim" -gt 0 ] && [ "$pol" -ge "$lim" ]; then
	ok policy_unit_starts_after_the_limits_are_applied
else
	not_ok policy_unit_starts_after_the_limits_are_applied "limits done at '$lim' us, policy at '$pol' us"
fi

# --- an ejected policy (loader status 2): failed, its exit record kept, not restarted ------
echo +memory > $CG/cgroup.subtree_control
cg_make boot
systemctl start memgov-policy@boot-error.service
wait_for 60 sh -c "memgovctl policy list | grep -q '^boot-error .* attached'"
cg_run boot memhog memhog_boot 4 exit; W=$PID
wait_for 60 sh -c "[ \"\$(systemctl show -p ActiveState --value memgov-policy@boot-error.service)\" = failed ]"
# Past RestartSec=5s: a restart would have happened by now.
sleep 7
st=$(prop memgov-policy@boot-error.service ActiveState)
status=$(prop memgov-policy@boot-error.service ExecMainStatus)
restarts=$(prop memgov-policy@boot-error.service NRestarts)
if [ "$st" = failed ] && [ "$status" = 2 ] && [ "$restarts" = 0 ] &&
   journalctl -b -o cat -u memgov-policy@boot-error.service |
	grep -q "policy 'boot-error' (link [0-9]*) exited: kind=error" &&
   memgovctl policy list | grep -q '^boot-error .* exited  *error: '; then
	ok ejected_policy_unit_fails_with_status_2_and_is_not_restarted
else
	not_ok ejected_policy_unit_fails_with_status_2_and_is_not_restarted \
		"state $st, status $status, restarts $restarts"
	journalctl -b -o cat -u memgov-policy@boot-error.service | sed 's/^/#   /'
fi
wait_exit $W 60
cg_remove boot

# --- Type=notify: `systemctl start` succeeds once attached, fails when the attach fails ------
systemctl start memgov-policy@boot-nocg.service
rc=$?
if [ $rc != 0 ] && [ "$(prop memgov-policy@boot-nocg.service ActiveState)" != active ] &&
   ! memgovctl policy list | grep -q '^boot-nocg '; then
	ok systemctl_start_fails_when_the_policy_cannot_attach
else
	not_ok systemctl_start_fails_when_the_policy_cannot_attach \
		"rc=$rc, state $(prop memgov-policy@boot-nocg.service ActiveState)"
	journalctl -b -o cat -u memgov-policy@boot-nocg.service | sed 's/^/#   /'
fi
systemctl stop memgov-policy@boot-nocg.service

# --- a loader that fails (status 1) is restarted ---------------------------------------
systemctl start memgov-policy@boot-broken.service
wait_for 30 sh -c "[ \"\$(systemctl show -p NRestarts --value memgov-policy@boot-broken.service)\" -ge 1 ]"
restarts=$(prop memgov-policy@boot-broken.service NRestarts)
if [ "${restarts:-0}" -ge 1 ] &&
   journalctl -b -o cat -u memgov-policy@boot-broken.service | grep -q "no loader 'nosuch'"; then
	ok failing_policy_unit_is_restarted
else
	not_ok failing_policy_unit_is_restarted "restarts ${restarts:-none}"
	journalctl -b -o cat -u memgov-policy@boot-broken.service | sed 's/^/#   /'
fi
systemctl stop memgov-policy@boot-broken.service

# --- stopping the unit detaches the policy cleanly -------------------------------------
systemctl stop memgov-policy@boot-noop.service
if [ "$(prop memgov-policy@boot-noop.service ActiveState)" = inactive ] &&
   [ "$(prop memgov-policy@boot-noop.service Result)" = success ] &&
   ! memgovctl policy list | grep -q '^boot-noop .* attached'; then
	ok stopping_the_policy_unit_detaches_it
else
	not_ok stopping_the_policy_unit_detaches_it \
		"state $(prop memgov-policy@boot-noop.service ActiveState), result \
$(prop memgov-policy@boot-noop.service Result)"
	memgovctl policy list | sed 's/^/#   /'
fi
dmesg_check systemd_boot_dmesg_has_no_warning_bug_oops_or_stall
