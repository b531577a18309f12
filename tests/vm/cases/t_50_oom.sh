# OOM handling in a memory cgroup: the policy's victim, the fallback, the handler order.
. /tests/lib.sh
ensure_module
cleanup_policies
swap_off

# Three processes in a 160 MiB cgroup: memhog_a (80 MiB) is the kernel's choice,
# memhog_b (70 MiB) the policy's; memhog_t then asks for 20 MiB and runs out.
# Each victim frees what memhog_t needs even past what an exiting mm's mmu_gather holds back
# (about 38 MiB on x86-64: 19 batches of 510 pages): exit_mmap() sets MMF_OOM_SKIP before it
# frees the last batches, and an OOM retry in that window passes over the dying victim and
# kills a second task.  42 MiB victims were enough on 6.12; on 7.3.4 the kernel's own killer
# then took two tasks (a second OOM 4 ms after the first kill passed over the dying victim:
# more of it is still charged when MMF_OOM_SKIP is set; not traced further).
oom_scene() {
	echo 1 > $CG/t50/cgroup.kill
	wait_for 20 sh -c "[ -z \"\$(cat $CG/t50/cgroup.procs)\" ]"
	cg_run t50 memhog memhog_a 80 hold; A=$PID
	cg_run t50 memhog memhog_b 70 hold; B=$PID
	wait_for 60 sh -c "[ \$(cat $CG/t50/memory.current) -gt 157000000 ]"
	dmesg -c > /dev/null
	cg_run t50 memhog memhog_t 20 exit; T=$PID
	wait_exit $T 120
	TRC=$RC
	sleep 0.5
}

cg_make t50 160M
start_policy /tmp/pick.log oom_pick --cgroup $CG/t50 --victim memhog_b --name pick-b
P=$PID
oom_scene
dmesg > /tmp/dmesg.pick
if [ $TRC = 0 ] && dead $B && alive $A &&
   grep -q "policy 'pick-b' picks pid $B (memhog_b)" /tmp/dmesg.pick &&
   grep -q "'pick-b'=1 kill $B (memhog_b); the kernel killed the policy's victim" /tmp/dmesg.pick &&
   [ "$(grep -c 'Killed process' /tmp/dmesg.pick)" = 1 ] &&
   grep -q "Killed process $B (memhog_b)" /tmp/dmesg.pick; then
	ok memcg_oom_kills_exactly_the_policy_victim_not_the_kernel_choice
else
	not_ok memcg_oom_kills_exactly_the_policy_victim_not_the_kernel_choice \
		"trigger rc=$TRC a=$(alive $A && echo alive || echo dead) b=$(alive $B && echo alive || echo dead)"
	grep -E 'memgov|Killed process|oom' /tmp/dmesg.pick | sed 's/^/#   /'
fi
kill $P; wait_exit $P 20

# Claiming "handled" without a kill does not stop the kernel killer.
start_policy /tmp/claim.log oom_pick --cgroup $CG/t50 --claim-only --name claim
P=$PID
oom_scene
dmesg > /tmp/dmesg.claim
if [ $TRC = 0 ] && dead $A && alive $B &&
   grep -q "'claim'=1 without a kill: ignored; the kernel OOM killer decided" /tmp/dmesg.claim &&
   grep -q "Killed process $A (memhog_a)" /tmp/dmesg.claim; then
	ok oom_handler_returning_1_without_kill_falls_back_to_kernel_killer
else
	not_ok oom_handler_returning_1_without_kill_falls_back_to_kernel_killer \
		"trigger rc=$TRC a=$(alive $A && echo alive || echo dead) b=$(alive $B && echo alive || echo dead)"
	grep -E 'memgov|Killed process' /tmp/dmesg.claim | sed 's/^/#   /'
fi
kill $P; wait_exit $P 20
cg_remove t50

# Handler order: the OOMing cgroup's policy, its parent's, the system's, then the kernel.
cg_make t51
cg_make t51/c 48M
start_policy /tmp/root.log oom_pick --pass --name order-root --allow-override; R=$PID
start_policy /tmp/parent.log oom_pick --pass --cgroup $CG/t51 --name order-parent --allow-override; PP=$PID
start_policy /tmp/child.log oom_pick --pass --cgroup $CG/t51/c --name order-child; C=$PID
dmesg -c > /dev/null
cg_run t51/c memhog memhog_n 80 exit; N=$PID
wait_exit $N 120
dmesg > /tmp/dmesg.order
cgid=$(stat -c %i $CG/t51/c)
if grep -q "oom in cgroup $cgid: 'order-child'=0; 'order-parent'=0; 'order-root'=0; the kernel OOM killer decided" /tmp/dmesg.order &&
   grep -q "Killed process $N (memhog_n)" /tmp/dmesg.order; then
	ok nested_oom_handlers_run_child_then_parent_then_root_then_kernel
else
	not_ok nested_oom_handlers_run_child_then_parent_then_root_then_kernel "rc=$RC"
	grep -E 'memgov|Killed process' /tmp/dmesg.order | sed 's/^/#   /'
fi
kill $R $PP $C
for p in $R $PP $C; do wait_exit $p 20; done
if grep -q 'oom_pick: handled 1 OOMs, killed 0' /tmp/child.log &&
   grep -q 'oom_pick: handled 1 OOMs, killed 0' /tmp/root.log; then
	ok each_oom_handler_in_the_chain_ran_once
else
	not_ok each_oom_handler_in_the_chain_ran_once "loader reports:"
	show /tmp/child.log
	show /tmp/root.log
fi
cg_remove t51
cleanup_policies
