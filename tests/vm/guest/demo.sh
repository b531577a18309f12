# Guest side of `make demo`: what memgov is for, in three scenes on the distro kernel.
#   1. an OOM policy chooses the victim (and says so before the kernel kills it);
#   2. a misbehaving policy is ejected by the governor, with its exit record;
#   3. an administrator detaches a policy.
. /tests/lib.sh
say() { echo; echo "DEMO: $*"; }
run() { echo "DEMO: # $*"; "$@" 2>&1 | sed 's/^/DEMO: /'; }
t0=$(date +%s)

say "== memgov on Debian kernel $(uname -r) (QEMU, software emulation) =="
say "load the module DKMS installed ($KO)"
run insmod "$KO"
memgovctl monitor > /tmp/demo-monitor.txt 2>&1 &
MON=$!
sleep 0.5

say "== 1. an OOM policy chooses the victim =="
say "cgroup /demo may use 100 MiB; in it 'big' holds 50 MiB (the kernel's choice on an OOM)"
say "and 'batch' 42 MiB. The policy oom_pick is told to kill 'batch'; then 'grow' asks for 20 MiB."
mkdir -p $CG/demo
echo 100M > $CG/demo/memory.max
start_policy /tmp/demo-pick.log oom_pick --cgroup $CG/demo --victim batch --name pick-batch
PICK=$PID
sed 's/^/DEMO: [oom_pick] /' /tmp/demo-pick.log
cg_run demo memhog big 50 hold > /dev/null; BIG=$PID
cg_run demo memhog batch 42 hold > /dev/null; BATCH=$PID
wait_for 60 sh -c "[ \$(cat $CG/demo/memory.current) -gt 96000000 ]"
cg_run demo memhog grow 20 exit > /dev/null; GROW=$PID
wait_exit $GROW 120
sleep 0.5
state() { alive $1 && echo alive || echo killed; }
say "after the OOM: big $(state $BIG), batch $(state $BATCH), grow finished with status $RC"
say "what 'memgovctl monitor' printed (the kill-notice comes before the kernel kills):"
sed 's/^/DEMO:   /' /tmp/demo-monitor.txt
say "what the kernel logged:"
dmesg | grep -E "memgov: .*pick-batch|Killed process" | sed 's/^\[[ 0-9.]*\] /DEMO:   /'
kill $PICK $BIG 2>/dev/null
wait_exit $PICK 20
wait_exit $BIG 20

say "== 2. a misbehaving policy is ejected by the governor =="
say "'faulty --fault slow' burns CPU in every charge callback of /demo; a workload charges memory"
start_policy /tmp/demo-slow.log faulty --fault slow --spin 2000000 --cgroup $CG/demo --name slow-policy
SLOW=$PID
cg_run demo memhog work 8 exit > /dev/null; WORK=$PID
wait_exit $SLOW 60
say "the loader exited with status $RC (2 = ejected by the kernel) and printed:"
sed 's/^/DEMO: [faulty] /' /tmp/demo-slow.log
wait_exit $WORK 120
say "the workload went on at full speed and finished with status $RC"
say "the exit record stays in the policy list:"
run memgovctl policy list
run memgovctl stats

say "== 3. an administrator detaches a policy =="
start_policy /tmp/demo-noop.log noop --name noop
NOOP=$PID
run memgovctl policy detach noop
wait_exit $NOOP 20
say "the loader exited with status $RC and printed:"
sed 's/^/DEMO: [noop] /' /tmp/demo-noop.log

kill $MON 2>/dev/null
wait_exit $MON 5
rmdir $CG/demo 2>/dev/null
run rmmod memgov
if dmesg | grep -Eq 'WARNING:|BUG:|Oops|soft lockup|RCU stall'; then
	say "kernel log: NOT clean"
	dmesg | sed 's/^/DEMO: /'
else
	say "kernel log: no warnings, bugs, oopses or stalls"
fi
say "the three scenes took $(($(date +%s) - t0)) s in the VM"
