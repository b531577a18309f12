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

# More than MEMGOV_POLICY_SCAN_MAX (8) policies of a type: the hooks find the governing one
# by a lookup per level of the cgroup's ancestry.  Twelve charge policies: t20h (allowing
# override) and t20h/a/b under it, and ten on siblings.  Faults in t20h/a/b/c call b's
# policy only; once b's is detached, t20h's, found two levels further up; then the root's.
cg_make t20h
cg_make t20h/a
cg_make t20h/a/b
cg_make t20h/a/b/c
HP=
start_policy /tmp/h-top.log hookbench --hook charge --cgroup $CG/t20h --allow-override \
	--name h-top && TOP=$PID && HP="$HP $PID"
start_policy /tmp/h-b.log hookbench --hook charge --cgroup $CG/t20h/a/b --name h-b &&
	B=$PID && HP="$HP $PID"
for i in $(seq 1 10); do
	cg_make t20h/s$i
	start_policy /tmp/h-s$i.log hookbench --hook charge --cgroup $CG/t20h/s$i --name h-s$i &&
		HP="$HP $PID"
done
calls() { sed -n 's/^hookbench: calls=\([0-9]*\)$/\1/p' "$1"; }
if [ "$(echo $HP | wc -w)" = 12 ]; then
	cg_run t20h/a/b/c faultbench -n 8 1	# 2048 faults, 2048 charges
	wait_exit $PID 60
	kill -INT $B
	wait_exit $B 20
	cg_run t20h/a/b/c faultbench -n 8 1
	wait_exit $PID 60
	kill -INT $TOP
	wait_exit $TOP 20
	others=0
	for p in $HP; do
		[ $p = $B ] || [ $p = $TOP ] || { kill -INT $p; wait_exit $p 20; }
	done
	for i in $(seq 1 10); do others=$((others + $(calls /tmp/h-s$i.log))); done
	b=$(calls /tmp/h-b.log)
	top=$(calls /tmp/h-top.log)
	if [ "${b:-0}" -ge 1000 ] && [ "${top:-0}" -ge 1000 ] && [ "$others" = 0 ]; then
		ok governing_policy_found_by_ancestry_with_more_than_eight_policies
	else
		not_ok governing_policy_found_by_ancestry_with_more_than_eight_policies \
			"charges seen: b=$b top=$top siblings=$others (want b, then top, >= 1000 each; siblings 0)"
	fi
else
	not_ok governing_policy_found_by_ancestry_with_more_than_eight_policies \
		"only $(echo $HP | wc -w) of 12 policies attached"
	for p in $HP; do kill -INT $p; wait_exit $p 20; done
fi
cg_remove t20h
