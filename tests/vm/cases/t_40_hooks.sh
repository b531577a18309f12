# Hooks exist only while a policy needs them: the kernel's own kprobe and ftrace lists show it.
. /tests/lib.sh
ensure_module
cleanup_policies
mount -t debugfs none /sys/kernel/debug 2>/dev/null

if [ -r /sys/kernel/debug/kprobes/list ] && [ -r /sys/kernel/tracing/enabled_functions ] &&
   ! memgov_probes > /tmp/probes.idle; then
	ok no_memgov_probe_registered_with_module_loaded_and_nothing_attached
else
	not_ok no_memgov_probe_registered_with_module_loaded_and_nothing_attached "kprobes/list:"
	show /tmp/probes.idle
fi

start_policy /tmp/oom.log oom_pick --pass --name hooks-oom
OOM_PID=$PID
if memgov_probes > /tmp/probes.oom && grep -qw 'out_of_memory' /tmp/probes.oom &&
   grep -qw 'oom_badness' /tmp/probes.oom && ! grep -qw 'try_charge_memcg' /tmp/probes.oom; then
	ok oom_policy_installs_only_the_oom_probes
else
	not_ok oom_policy_installs_only_the_oom_probes "kprobes/list:"
	show /tmp/probes.oom
	show /tmp/oom.log
fi

start_policy /tmp/memcg.log memcg_pin --name hooks-memcg
MEMCG_PID=$PID
memgov_probes > /tmp/probes.both
missing=
for f in try_charge_memcg __mem_cgroup_uncharge __mem_cgroup_uncharge_folios \
	mem_cgroup_calculate_protection mem_cgroup_css_online mem_cgroup_css_offline; do
	grep -qw "$f" /tmp/probes.both || missing="$missing $f"
done
if [ -z "$missing" ]; then
	ok memcg_policy_installs_charge_uncharge_protection_and_lifecycle_probes
else
	not_ok memcg_policy_installs_charge_uncharge_protection_and_lifecycle_probes "missing:$missing"
	show /tmp/probes.both
fi

kill $OOM_PID $MEMCG_PID
wait_exit $OOM_PID 20
wait_exit $MEMCG_PID 20
if ! memgov_probes > /tmp/probes.after; then
	ok detaching_the_last_policy_removes_every_probe
else
	not_ok detaching_the_last_policy_removes_every_probe "left behind:"
	show /tmp/probes.after
fi

# --- a policy the attach rules refuse installs no hook, not even for a moment -------------
# Probing patches kernel text and, for the OOM hook, its removal resets the OOM state: the
# rules are checked first.  The kernel's lists only show the end state, so the module's own
# count of installs is compared too.  async_reclaim has only a charge callback; noop would
# add the uncharge, protection, OOM and cgroup-lifecycle hooks, and is refused at its cgroup.
installs() { memgovctl stats --json | sed -n 's/.*"hook_installs":\([0-9]*\).*/\1/p'; }
cg_make t40
start_policy /tmp/first.log async_reclaim --cgroup $CG/t40 --high-watermark 24M \
	--low-watermark 16M --name hooks-first || { not_ok setup_hooks_first "loader:"; show /tmp/first.log; }
FIRST=$PID
h0=$(installs)
noop --cgroup $CG/t40 --name hooks-refused > /tmp/refused.log 2>&1
rc=$?
h1=$(installs)
memgov_probes > /tmp/probes.refused
if [ $rc != 0 ] && [ -n "$h0" ] && [ "$h0" = "$h1" ] &&
   dmesg | grep -q "policy 'hooks-refused' refused: 'hooks-first' already governs cgroup" &&
   grep -qw try_charge_memcg /tmp/probes.refused &&
   ! grep -qwE 'mem_cgroup_calculate_protection|out_of_memory|mem_cgroup_css_online|__mem_cgroup_uncharge' /tmp/probes.refused; then
	ok refused_attach_installs_no_hook_even_for_a_moment
else
	not_ok refused_attach_installs_no_hook_even_for_a_moment "rc=$rc hook_installs $h0 -> $h1"
	show /tmp/refused.log
	show /tmp/probes.refused
fi
kill $FIRST; wait_exit $FIRST 20
cg_remove t40
