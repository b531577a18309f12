# Kernel-side ejection through memgovctl: the loader sees POLLHUP, prints the exit record
# and exits 2; writes need CAP_NET_ADMIN; rejections carry the kernel's message.
. /tests/lib.sh
ensure_module

start_policy /tmp/a.log noop --name victim || { not_ok setup_attach_victim "loader:"; show /tmp/a.log; }
A=$PID
if memgovctl policy detach victim > /tmp/detach.out 2>&1 && grep -q 'detached 1 policy' /tmp/detach.out; then
	ok memgovctl_detach_by_name_detaches_one_policy
else
	not_ok memgovctl_detach_by_name_detaches_one_policy "output:"
	show /tmp/detach.out
fi
wait_exit $A 20
if [ $RC = 2 ] && grep -q "policy 'victim' (link [0-9]*) exited: kind=admin reason=\"detached by an administrator\"" /tmp/a.log; then
	ok ejected_loader_reports_admin_exit_record_and_exits_2
else
	not_ok ejected_loader_reports_admin_exit_record_and_exits_2 "rc=$RC, loader output:"
	show /tmp/a.log
fi
if memgovctl policy list --json | grep -q '"name":"victim".*"state":"exited".*"exit":{"kind":"admin"'; then
	ok exit_record_of_ejected_policy_is_listed
else
	not_ok exit_record_of_ejected_policy_is_listed "list:"
	memgovctl policy list --json | sed 's/^/#   /'
fi
if memgovctl status --json | grep -q '"attached":0,"ejected":1'; then
	ok status_counts_the_ejection
else
	not_ok status_counts_the_ejection "status:"
	memgovctl status --json | sed 's/^/#   /'
fi

memgovctl policy detach no-such-policy > /tmp/nosuch.out 2>&1
rc=$?
if [ $rc = 2 ] && grep -q "memgovctl: kernel says: no attached policy named 'no-such-policy'" /tmp/nosuch.out; then
	ok detach_of_unknown_name_fails_with_kernel_message
else
	not_ok detach_of_unknown_name_fails_with_kernel_message "rc=$rc:"
	show /tmp/nosuch.out
fi

mkdir -p $CG/t30
start_policy /tmp/b.log noop --name kill-a --allow-override || { not_ok setup_attach_kill_a "loader:"; show /tmp/b.log; }
B=$PID
start_policy /tmp/c.log noop --name kill-b --cgroup $CG/t30 || { not_ok setup_attach_kill_b "loader:"; show /tmp/c.log; }
C=$PID

# Unprivileged: reads work, writes are refused and change nothing.
# busybox su keeps no capabilities for a non-root target user
U="su nobody -s /bin/sh -c"
if $U "memgovctl status" > /tmp/ustatus.out 2>&1 && grep -q '^attached: *2$' /tmp/ustatus.out &&
   $U "memgovctl policy list" > /tmp/ulist.out 2>&1 && grep -q '^kill-b ' /tmp/ulist.out; then
	ok unprivileged_user_can_read_status_and_policies
else
	not_ok unprivileged_user_can_read_status_and_policies "output:"
	show /tmp/ustatus.out
	show /tmp/ulist.out
fi
$U "memgovctl policy detach --all" > /tmp/udetach.out 2>&1
rc=$?
if [ $rc = 2 ] && grep -q 'Operation not permitted' /tmp/udetach.out &&
   [ "$(memgovctl status --json | grep -o '"attached":[0-9]*')" = '"attached":2' ]; then
	ok unprivileged_detach_is_refused_eperm_and_changes_nothing
else
	not_ok unprivileged_detach_is_refused_eperm_and_changes_nothing "rc=$rc:"
	show /tmp/udetach.out
fi

if memgovctl policy detach --all > /tmp/all.out 2>&1 && grep -q 'detached 2 policies' /tmp/all.out; then
	ok detach_all_kill_switch_detaches_every_policy
else
	not_ok detach_all_kill_switch_detaches_every_policy "output:"
	show /tmp/all.out
fi
wait_exit $B 20
rb=$RC
wait_exit $C 20
if [ $rb = 2 ] && [ $RC = 2 ] && grep -q 'kind=admin' /tmp/b.log && grep -q 'kind=admin' /tmp/c.log; then
	ok both_loaders_report_ejection_after_kill_switch
else
	not_ok both_loaders_report_ejection_after_kill_switch "rc $rb $RC"
	show /tmp/b.log
	show /tmp/c.log
fi
rmdir $CG/t30

memgovctl policy detach > /tmp/usage.out 2>&1
rc=$?
if [ $rc = 1 ] && grep -q 'needs a policy NAME or --all' /tmp/usage.out; then
	ok memgovctl_detach_without_target_is_a_usage_error
else
	not_ok memgovctl_detach_without_target_is_a_usage_error "rc=$rc"
	show /tmp/usage.out
fi
cleanup_policies
