# Shadow mode: the policy decides, memgov records, the kernel's behaviour stays; memgovctl
# shows where the policy would have differed.
. /tests/lib.sh
ensure_module
cleanup_policies
swap_off

# memhog_a frees what memhog_t needs even past what its exit holds back (t_50 says why).
cg_make t75 140M
start_policy /tmp/sh.log oom_pick --cgroup $CG/t75 --victim memhog_b --shadow --name shadow-pick
S=$PID
cg_run t75 memhog memhog_a 90 hold; A=$PID
cg_run t75 memhog memhog_b 30 hold; B=$PID
wait_for 60 sh -c "[ \$(cat $CG/t75/memory.current) -gt 120000000 ]"
dmesg -c > /dev/null
cg_run t75 memhog memhog_t 40 exit; T=$PID
wait_exit $T 120
memgovctl policy list > /tmp/shlist.txt
# A shadow policy changes nothing, so the kernel's own behaviour shows: 6.12 kills memhog_a
# alone; 7.3's killer goes on while memhog_a exits (t_50 says why), memhog_b and memhog_t
# next.  Either way the first kill is the kernel's choice, the shadow's differing pick is
# recorded, and no kill is the policy's.
KILLS=$(dmesg | grep -c 'Killed process')
SHADOW_RE="shadow: 1 decisions, 1 differed from the kernel; last: would kill $B (memhog_b); the kernel chose $A (memhog_a)"
[ "$KILLS" -gt 1 ] && SHADOW_RE="shadow: [0-9]* decisions, [1-9][0-9]* differed from the kernel"
if dead $A && dmesg | grep 'Killed process' | head -1 | grep -q "Killed process $A (memhog_a)" &&
   dmesg | grep -q "'shadow-pick' (shadow) would kill $B (memhog_b); the kernel OOM killer decided" &&
   ! dmesg | grep -q "the kernel killed the policy's victim" && grep -q "$SHADOW_RE" /tmp/shlist.txt &&
   { [ "$KILLS" = 1 ] && [ "$RC" = 0 ] && alive $B || [ "$KILLS" -gt 1 ]; }; then
	ok shadow_oom_policy_records_its_victim_while_the_kernel_kills_its_own "$KILLS kill(s) by the kernel"
else
	not_ok shadow_oom_policy_records_its_victim_while_the_kernel_kills_its_own "rc=$RC"
	show /tmp/shlist.txt
	dmesg | grep -E 'memgov|Killed' | sed 's/^/#   /'
fi
# The shadow record names other users' processes: an unprivileged reader sees the counts only.
su nobody -s /bin/sh -c "memgovctl policy list" > /tmp/ushlist.txt 2>&1
if grep -q "${SHADOW_RE%%; last:*}" /tmp/ushlist.txt &&
   ! grep -q "memhog" /tmp/ushlist.txt; then
	ok unprivileged_reader_sees_shadow_counts_without_pids_or_commands
else
	not_ok unprivileged_reader_sees_shadow_counts_without_pids_or_commands "list:"
	show /tmp/ushlist.txt
fi
kill $S; wait_exit $S 20
cg_remove t75

cg_make t76
start_policy /tmp/sd.log memcg_pin --cgroup $CG/t76 --charge-delay-ms 20 --shadow --name shadow-delay
D=$PID
cg_run t76 memhog memhog_s 1 exit > /tmp/sd.out; wait_exit $PID 60
took=$(sed -n 's/.*touched [0-9]* pages in \([0-9]*\) ms/\1/p' /tmp/sd.out)
if [ -n "$took" ] && [ "$took" -lt 1000 ] &&
   memgovctl policy list --json | grep -q '"shadow":{"decisions":[1-9][0-9]*,"differed":[1-9][0-9]*,"last":"would delay pid [0-9]* by 20 ms"}'; then
	ok shadow_memcg_policy_records_delays_without_slowing_anyone
	echo "# 1 MiB touched in $took ms under a 20 ms shadow delay"
else
	not_ok shadow_memcg_policy_records_delays_without_slowing_anyone "took=${took} ms"
	memgovctl policy list --json | sed 's/^/#   /'
fi
kill $D; wait_exit $D 20
cg_remove t76
