# Attach rules: link-only, one policy per (type, cgroup), existing cgroup, valid name.
. /tests/lib.sh
ensure_module

if start_policy /tmp/root.log noop; then
	ok noop_policy_attaches_with_link_at_root
else
	not_ok noop_policy_attaches_with_link_at_root "loader did not attach:"
	show /tmp/root.log
fi
ROOT_PID=$PID

lid=$(sed -n 's/.*attached (link \([0-9]*\),.*/\1/p' /tmp/root.log)
if [ -n "$lid" ] && memgovctl policy list > /tmp/list.txt 2>&1 &&
   grep -Eq "^noop +memcg +0 +$lid +attached +-\$" /tmp/list.txt; then
	ok policy_list_shows_attached_noop
else
	not_ok policy_list_shows_attached_noop "list:"
	show /tmp/list.txt
fi

if memgovctl policy list --json > /tmp/list.json 2>&1 &&
   grep -q '"name":"noop","type":"memcg","cgroup_id":0' /tmp/list.json &&
   grep -q '"state":"attached"' /tmp/list.json; then
	ok policy_list_json_shows_attached_noop
else
	not_ok policy_list_json_shows_attached_noop "json:"
	show /tmp/list.json
fi

noop --name noop-second > /tmp/second.log 2>&1
rc=$?
if [ $rc = 1 ] && grep -q 'File exists' /tmp/second.log; then
	ok second_policy_on_same_cgroup_is_refused_eexist
else
	not_ok second_policy_on_same_cgroup_is_refused_eexist "rc=$rc, wanted 1 with EEXIST:"
	show /tmp/second.log
fi

mkdir -p $CG/t20
noop --cgroup $CG/t20 --name noop-t20 > /tmp/child.log 2>&1
rc=$?
if [ $rc = 1 ] && grep -q 'Operation not permitted' /tmp/child.log &&
   dmesg | grep -q "policy 'noop-t20' refused: ancestor policy 'noop' (cgroup 0) does not allow overriding"; then
	ok child_policy_refused_eperm_when_ancestor_forbids_override
else
	not_ok child_policy_refused_eperm_when_ancestor_forbids_override "rc=$rc:"
	show /tmp/child.log
fi

noop --no-link --name legacy > /tmp/nolink.log 2>&1
rc=$?
if [ $rc = 1 ] && grep -q 'Operation not supported' /tmp/nolink.log; then
	ok non_link_attach_is_rejected_eopnotsupp
else
	not_ok non_link_attach_is_rejected_eopnotsupp "rc=$rc:"
	show /tmp/nolink.log
fi

# A cgroup that is gone by the time the kernel checks it: ENOENT.
mkdir -p $CG/t20gone
id=$(stat -c %i $CG/t20gone)
rmdir $CG/t20gone
noop --cgroup-id "$id" --name gone > /tmp/gone.log 2>&1
rc=$?
if [ $rc = 1 ] && grep -q 'No such file or directory' /tmp/gone.log; then
	ok policy_for_unknown_cgroup_id_is_refused_enoent
else
	not_ok policy_for_unknown_cgroup_id_is_refused_enoent "rc=$rc:"
	show /tmp/gone.log
fi

for bad in "" "has space"; do
	noop --cgroup $CG/t20 --name "$bad" > /tmp/badname.log 2>&1
	rc=$?
	if [ $rc = 1 ] && grep -q 'Invalid argument' /tmp/badname.log; then
		ok "policy_with_name_'$bad'_is_refused_einval"
	else
		not_ok "policy_with_name_'$bad'_is_refused_einval" "rc=$rc:"
		show /tmp/badname.log
	fi
done

# The refused attaches left nothing behind.
n=$(memgovctl policy list --json | grep -o '"state":"attached"' | wc -l)
if [ "$n" = 1 ]; then
	ok refused_attaches_leave_only_the_first_policy
else
	not_ok refused_attaches_leave_only_the_first_policy "$n attached"
	memgovctl policy list | sed 's/^/#   /'
fi

kill -INT $ROOT_PID
wait_exit $ROOT_PID 20
if [ $RC = 0 ] && grep -q 'detached on signal' /tmp/root.log &&
   memgovctl policy list | grep -Eq '^noop +memcg .* exited +unloaded:'; then
	ok sigint_detaches_policy_and_records_unloaded
else
	not_ok sigint_detaches_policy_and_records_unloaded "rc=$RC"
	show /tmp/root.log
	memgovctl policy list | sed 's/^/#   /'
fi

# Hierarchy: a descendant's own policy is allowed only under an ancestor that allows it.
start_policy /tmp/child.log noop --cgroup $CG/t20 --name noop-t20
CHILD_PID=$PID
noop --name noop-root > /tmp/root2.log 2>&1
rc=$?
if [ $rc = 1 ] && grep -q 'Device or resource busy' /tmp/root2.log; then
	ok ancestor_policy_refused_ebusy_over_descendant_policy_without_override
else
	not_ok ancestor_policy_refused_ebusy_over_descendant_policy_without_override "rc=$rc:"
	show /tmp/root2.log
fi
if start_policy /tmp/root3.log noop --name noop-root --allow-override; then
	ok ancestor_policy_with_allow_override_attaches_over_descendant_policy
else
	not_ok ancestor_policy_with_allow_override_attaches_over_descendant_policy "loader:"
	show /tmp/root3.log
fi
kill $PID $CHILD_PID 2>/dev/null
wait_exit $PID 20
wait_exit $CHILD_PID 20
rmdir $CG/t20
cleanup_policies
