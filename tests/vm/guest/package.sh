# Guest side of the package test: the module DKMS built from the installed memgov-dkms
# package, and memgov-policy@.service's runner with a policy file, as systemd would run it.
. /tests/lib.sh
if insmod "$KO" 2> /tmp/insmod.err && grep -q '^memgov ' /proc/modules; then
	ok package_built_module_loads_on_the_distro_kernel
else
	not_ok package_built_module_loads_on_the_distro_kernel "insmod:"
	show /tmp/insmod.err
fi
mkdir -p /tmp/policies
export MEMGOV_POLICY_DIR=/tmp/policies
printf 'LOADER=noop\n' > /tmp/policies/pkg-noop.conf
start_policy /tmp/run.log sh /tests/memgov-run-policy pkg-noop
R=$PID
if memgovctl policy list | grep -q '^pkg-noop .* attached'; then
	kill $R; wait_exit $R 20
	if [ $RC = 0 ]; then
		ok policy_unit_runner_attaches_the_policy_its_file_names_and_stops_cleanly
	else
		not_ok policy_unit_runner_attaches_the_policy_its_file_names_and_stops_cleanly "rc=$RC"
	fi
else
	not_ok policy_unit_runner_attaches_the_policy_its_file_names_and_stops_cleanly "runner:"
	show /tmp/run.log
	kill $R 2>/dev/null
fi
# An ejected policy: exit status 2, which the unit does not restart (RestartPreventExitStatus).
cg_make pkg
printf 'LOADER=faulty\nCGROUP=%s\nOPTIONS="--fault error"\n' $CG/pkg > /tmp/policies/pkg-error.conf
start_policy /tmp/err.log sh /tests/memgov-run-policy pkg-error
E=$PID
cg_run pkg memhog memhog_pkg 4 exit; W=$PID
wait_exit $E 60
if [ $RC = 2 ] && grep -q "policy 'pkg-error' (link [0-9]*) exited: kind=error" /tmp/err.log; then
	ok policy_unit_runner_passes_the_ejected_status_2_on
else
	not_ok policy_unit_runner_passes_the_ejected_status_2_on "rc=$RC"
	show /tmp/err.log
fi
wait_exit $W 60
cg_remove pkg
printf 'LOADER=../../bin/sh\n' > /tmp/policies/pkg-bad.conf
sh /tests/memgov-run-policy pkg-bad > /tmp/bad.log 2>&1
rc=$?
if [ $rc = 1 ] && grep -q 'LOADER must name a loader' /tmp/bad.log; then
	ok policy_unit_runner_refuses_a_loader_outside_its_directory
else
	not_ok policy_unit_runner_refuses_a_loader_outside_its_directory "rc=$rc"
	show /tmp/bad.log
fi
memgovctl config load /tests/limits.conf > /tmp/limits.out 2>&1
rc=$?
if [ $rc = 0 ] && grep -q 'sets no limit' /tmp/limits.out; then
	ok shipped_limits_file_loads_and_sets_nothing
else
	not_ok shipped_limits_file_loads_and_sets_nothing "rc=$rc"
	show /tmp/limits.out
fi
cleanup_policies
rmmod memgov
dmesg_check dmesg_has_no_warning_bug_oops_or_stall
