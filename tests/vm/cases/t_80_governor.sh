# The governor ejects misbehaving policies (the faulty zoo) and gives the kernel its
# defaults back; the workload then completes, nothing else dies, dmesg stays clean.
. /tests/lib.sh
ensure_module
cleanup_policies
swap_off
P=/sys/module/memgov/parameters

# eject_check NAME LOG KIND PATTERN: the loader exited 2 with that exit kind and text.
eject_check() {
	if [ "$RC" = 2 ] && grep -q "exited: kind=$3 " "$2" && grep -q "$4" "$2"; then
		ok "$1"
	else
		not_ok "$1" "loader rc=$RC, wanted 2 and kind=$3 with '$4':"
		show "$2"
		dmesg | grep memgov | tail -5 | sed 's/^/#   /'
	fi
}

# sibling_check NAME: after a protection was ejected, the sibling's memhog ($W, output in
# /tmp/b.out) completed, the protected one ($A) lives on, and nothing was killed.
sibling_check() {
	wait_exit $W 300
	if [ "$RC" = 0 ] && alive $A && ! dmesg | grep -q 'Killed process'; then
		ok "$1"
	else
		not_ok "$1" "memhog_b rc=$RC"
		show /tmp/b.out
		dmesg | grep -E 'Killed|memgov' | sed 's/^/#   /'
	fi
}

cg_make t80 256M
# Every exit below is also announced on the family's "events" multicast group.
memgovctl monitor > /tmp/monitor.log 2>&1 &
MON=$!
sleep 0.5

# --- bpf_memgov_error(): the policy's own message reaches the loader and memgovctl ---
start_policy /tmp/err.log faulty --fault error --cgroup $CG/t80 --name zoo-error
E=$PID
cg_run t80 memhog memhog_e 4 exit; W=$PID
wait_exit $E 20
eject_check policy_calling_bpf_memgov_error_is_ejected_with_its_message /tmp/err.log error \
	'message="faulty: cannot go on, giving the kernel its defaults back"'
wait_exit $W 60
if [ "$RC" = 0 ] && memgovctl policy list | grep -q '^zoo-error .* exited  *error: '; then
	ok workload_completes_and_memgovctl_shows_error_exit
else
	not_ok workload_completes_and_memgovctl_shows_error_exit "memhog rc=$RC"
	memgovctl policy list | sed 's/^/#   /'
fi

# --- a watchdog armed for periodic work and never petted -----------------------------
start_policy /tmp/pet.log faulty --fault no-pet --cgroup $CG/t80 --name zoo-nopet
N=$PID
t0=$(date +%s)
cg_run t80 memhog memhog_w 1 exit; W=$PID
wait_exit $N 20
t1=$(date +%s)
eject_check unpetted_watchdog_ejects_policy_with_kind_watchdog /tmp/pet.log watchdog \
	'watchdog not petted'
echo "# armed for 200 ms; ejected within $((t1 - t0)) s of the first charge"
wait_exit $W 60

# --- a callback that burns CPU: over the per-call ceiling ---------------------------
start_policy /tmp/slow.log faulty --fault slow --spin 2000000 --cgroup $CG/t80 --name zoo-slow
S=$PID
cg_run t80 memhog memhog_s 8 exit; W=$PID
wait_exit $S 60
eject_check slow_callback_is_ejected_by_the_watchdog /tmp/slow.log watchdog 'ceiling\|budget'
wait_exit $W 120
if [ "$RC" = 0 ]; then
	ok workload_completes_after_slow_policy_ejected
else
	not_ok workload_completes_after_slow_policy_ejected "memhog rc=$RC"
fi

# --- many short callbacks: over the time budget (ceiling lifted, budget 1% of a CPU) ---
echo 1000000 > $P/memcg_ceiling_us
echo 10000 > $P/memcg_budget_us
start_policy /tmp/budget.log faulty --fault slow --spin 5000 --cgroup $CG/t80 --name zoo-budget
B=$PID
cg_run t80 memhog memhog_b 32 exit; W=$PID
wait_exit $B 120
eject_check busy_callbacks_over_budget_are_ejected_by_the_watchdog /tmp/budget.log watchdog \
	'over the 10000 us budget'
wait_exit $W 120
echo 5000 > $P/memcg_ceiling_us
echo 100000 > $P/memcg_budget_us

# --- OOM: "handled" claims without a kill, three OOMs in a row -----------------------
echo 64M > $CG/t80/memory.max
start_policy /tmp/claim.log faulty --fault claim --cgroup $CG/t80 --name zoo-claim
C=$PID
dmesg -c > /dev/null
for i in 1 2 3; do
	cg_run t80 memhog memhog_c$i 100 exit; W=$PID
	wait_exit $W 120
	wrc=$RC
	[ $wrc = 137 ] || echo "# OOM $i: memhog rc=$wrc, expected 137 (SIGKILL by the kernel)"
done
wait_exit $C 20
eject_check oom_claims_without_kill_strike_out_the_policy /tmp/claim.log strikes \
	'claimed an OOM handled without killing'
if [ "$(dmesg | grep -c 'Killed process .*memhog_c')" = 3 ]; then
	ok kernel_killer_resolved_each_claimed_oom
else
	not_ok kernel_killer_resolved_each_claimed_oom "kills:"
	dmesg | grep -E 'Killed process|memgov' | sed 's/^/#   /'
fi

# --- OOM: killing processes that free nothing ---------------------------------------
start_policy /tmp/tiny.log faulty --fault tiny-kill --victim tinyhog --cgroup $CG/t80 --name zoo-tiny
T=$PID
for i in 1 2 3 4; do cg_run t80 memhog tinyhog 64k hold; done
sleep 1
dmesg -c > /dev/null
cg_run t80 memhog memhog_big 100 exit; W=$PID
wait_exit $W 180
wrc=$RC
wait_exit $T 20
eject_check oom_kills_that_free_nothing_strike_out_the_policy /tmp/tiny.log strikes 'held only'
if [ $wrc = 137 ] && dmesg | grep -q 'Killed process .*(memhog_big)' &&
   [ "$(dmesg | grep -c 'Killed process .*(tinyhog)')" = 3 ]; then
	ok kernel_resolves_oom_after_useless_killer_is_ejected
else
	not_ok kernel_resolves_oom_after_useless_killer_is_ejected "memhog rc=$wrc"
	dmesg | grep -E 'Killed process|memgov' | sed 's/^/#   /'
fi
echo max > $CG/t80/memory.max
cg_remove t80

# --- absurd charge delays: each clamped to 2 s, and too many of them eject the policy --
cg_make t82
start_policy /tmp/delay.log faulty --fault absurd-delay --cgroup $CG/t82 --name zoo-delay
D=$PID
# One process starting up charges dozens of pages within a second: each asks ~50 days.
cg_run t82 memhog memhog_d 2 exit; W=$PID
wait_exit $D 60
eject_check absurd_delays_are_clamped_and_too_many_eject_with_kind_error /tmp/delay.log error \
	'out-of-range delays in 1000 ms (limit 10)'
wait_exit $W 120
if [ "$RC" = 0 ]; then
	ok workload_completes_after_delaying_policy_ejected
else
	not_ok workload_completes_after_delaying_policy_ejected "memhog rc=$RC"
fi
cg_remove t82

# --- protecting one cgroup so hard that its sibling thrashes -------------------------
# Under TCG this sibling stalls ~50% of the time (measured): below systemd-oomd's 60% that
# memgov uses by default, so the test sets the limit for this subtree as an administrator
# would, leaving the global one alone.
swap_on 512
cg_make t81 128M
memgovctl config set --cgroup $CG/t81 psi_full_pct=30 > /dev/null
cg_make t81/a
cg_make t81/b
start_policy /tmp/prot.log faulty --fault protect-all --cgroup $CG/t81/a --name zoo-protect
PR=$PID
cg_run t81/a memhog memhog_a 90 hold; A=$PID
wait_for 60 sh -c "[ \$(cat $CG/t81/a/memory.current) -gt 94000000 ]"
dmesg -c > /dev/null
cg_run t81/b memhog memhog_b 80 loop3 > /tmp/b.out; W=$PID
wait_exit $PR 120
eject_check protection_that_makes_siblings_thrash_is_ejected /tmp/prot.log thrash 'full .* in /t81 '
sibling_check sibling_completes_and_nothing_is_killed_after_protection_ejected
kill $A; wait_exit $A 20
cg_remove t81
swap_off

# --- the same at the default refault limit: the sibling's refaults give it away ----------
# With 8 MiB left, the sibling refaults about twice its LRU each second (measured under
# TCG: ~5000 pages/s against ~1800), over Android lmkd's 100% that memgov uses by default;
# measured at the parent, the protected cgroup's quiet 120 MiB would hide it (~15%).
# Which detector fires first depends on the host: under TCG on an AMD EPYC the parent's PSI
# full stayed at 30-45%, on a Xeon (Sapphire Rapids) it reached 68% first.  The PSI
# detector is the case above; here it is off, every refault limit at its default.
echo 0 > $P/psi_full_pct
swap_on 512
cg_make t83 128M
cg_make t83/a
cg_make t83/b
cg_run t83/a memhog memhog_a 120 hold; A=$PID
wait_for 60 sh -c "[ \$(cat $CG/t83/a/memory.current) -gt 120000000 ]"
start_policy /tmp/prot2.log faulty --fault protect-all --cgroup $CG/t83/a --name zoo-protect-default
PR=$PID
dmesg -c > /dev/null
cg_run t83/b memhog memhog_b 100 loop3 > /tmp/b.out; W=$PID
wait_exit $PR 120
eject_check protection_is_ejected_at_the_default_refault_limit_on_sibling_refaults \
	/tmp/prot2.log thrash 'of the LRU per second >= 100% in the siblings of /t83/a while'
sibling_check sibling_completes_after_default_limit_ejection
kill $A; wait_exit $A 20
echo 60 > $P/psi_full_pct
cg_remove t83
swap_off

# --- pressure that ended before a protection came in force is not its doing --------------
# An administrator attaches a protection because the machine thrashed: the kernel's own
# memory.high throttling of another cgroup stalls the system (~50% full under TCG, over the
# 30% set here) for 3 s and ends; right after, the protection comes in force.  The detector
# judges the mean of the last thrash_sustain_ms, not of the whole episode (whose mean would
# stay over 30% for ~2 s after it ended), and blames a policy only for a window it was in
# force all through: this one stays.  The same episode going on while it protects ejects it.
full_us() { sed -n 's/^full .*total=//p' /proc/pressure/memory; }
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }
applied() { memgovctl policy show "$1" | sed -n 's/^counters: .*applied \([0-9]*\),.*/\1/p'; }
echo 30 > $P/psi_full_pct
swap_on 512
cg_make t86
cg_make t86/a
cg_make t87
echo 16M > $CG/t87/memory.high
cg_run t86/a memhog memhog_a 32 hold; A=$PID
wait_for 30 sh -c "[ \$(cat $CG/t86/a/memory.current) -gt 32000000 ]"
start_policy /tmp/prot3.log faulty --fault protect-all --cgroup $CG/t86/a --name zoo-protect-late
PR=$PID
f0=$(full_us); t0=$(now_ms)
cg_run t87 memhog memhog_h 64 loop; H=$PID
sleep 3
f1=$(full_us); t1=$(now_ms)
kill $H; wait_exit $H 20
for i in 1 2 3 4 5 6 7 8 9 10; do echo 4M > $CG/t86/memory.reclaim 2>/dev/null; sleep 0.3; done
n=$(applied zoo-protect-late)
episode=$(( (f1 - f0) / 10 / (t1 - t0) ))
echo "# episode: memory pressure full ${episode}% for $((t1 - t0)) ms; protections applied after it: $n"
if [ "$episode" -ge 35 ] && [ "${n:-0}" -gt 0 ] && alive $PR &&
   memgovctl policy list | grep -q '^zoo-protect-late .* attached'; then
	ok protection_in_force_after_an_episode_ended_is_not_blamed_for_it
else
	not_ok protection_in_force_after_an_episode_ended_is_not_blamed_for_it \
		"episode ${episode}% (wanted >= 35), applied ${n:-none}:"
	show /tmp/prot3.log
fi
cg_run t87 memhog memhog_h 64 loop; H=$PID
i=0
while alive $PR && [ $i -lt 50 ]; do
	echo 4M > $CG/t86/memory.reclaim 2>/dev/null
	sleep 0.3
	i=$((i + 1))
done
wait_exit $PR 10
eject_check protection_in_force_through_an_episode_it_did_not_start_is_ejected /tmp/prot3.log \
	thrash 'in the system while it protected'
kill $H $A; wait_exit $H 20; wait_exit $A 20
echo 60 > $P/psi_full_pct
cg_remove t86 t87
swap_off

# --- the events an unprivileged listener saw --------------------------------------------
kill $MON 2>/dev/null; wait $MON 2>/dev/null
missing=
for want in "zoo-error' (link [0-9]*) exited: kind=error" "zoo-nopet' (link [0-9]*) exited: kind=watchdog" \
	    "zoo-claim' (link [0-9]*) exited: kind=strikes" "zoo-protect' (link [0-9]*) exited: kind=thrash"; do
	grep -q "$want" /tmp/monitor.log || missing="$missing [$want]"
done
if [ -z "$missing" ]; then
	ok monitor_prints_each_ejection_event_as_it_happens
else
	not_ok monitor_prints_each_ejection_event_as_it_happens "missing:$missing"
	show /tmp/monitor.log
fi

# --- kill switch ---------------------------------------------------------------------
echo 1 > $P/refuse_attach
noop --name refused > /tmp/ks.log 2>&1
rc=$?
echo 0 > $P/refuse_attach
if [ $rc = 1 ] && grep -q 'refuse_attach' /tmp/ks.log && start_policy /tmp/ks2.log noop --name after-switch; then
	ok kill_switch_parameter_refuses_new_policies_until_cleared
else
	not_ok kill_switch_parameter_refuses_new_policies_until_cleared "rc=$rc:"
	show /tmp/ks.log
fi
cleanup_policies
