# Guest side of `make demo`: load the DKMS-installed module, attach a policy, look at it,
# eject it from the kernel side and show what the loader reports.
. /tests/lib.sh
say() { echo; echo "DEMO: $*"; }
run() { echo "DEMO: # $*"; "$@" 2>&1 | sed 's/^/DEMO: /'; }

say "== memgov on Debian kernel $(uname -r) (QEMU, software emulation) =="
say "load the module DKMS installed ($KO)"
run insmod "$KO"
run ls /sys/kernel/btf/memgov
say "attach the 'noop' memcg policy (a BPF struct_ops program) with a link"
start_policy /tmp/demo-noop.log noop
sed 's/^/DEMO: [loader] /' /tmp/demo-noop.log
run memgovctl status
run memgovctl policy list
say "eject it from the kernel side: the loader's link fd reports POLLHUP"
run memgovctl policy detach noop
wait_exit $PID 20
say "the loader exited with status $RC (2 = ejected) and printed:"
sed 's/^/DEMO: [loader] /' /tmp/demo-noop.log
run memgovctl policy list
run memgovctl status
run rmmod memgov
if dmesg | grep -Eq 'WARNING:|BUG:|Oops|soft lockup|RCU stall'; then
	say "kernel log: NOT clean"
	dmesg | sed 's/^/DEMO: /'
else
	say "kernel log: no warnings, bugs, oopses or stalls"
fi
