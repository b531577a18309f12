# Guest side of `make check-vm`: run every case file in order, then check the kernel log.
. /tests/lib.sh
for t in /tests/t_*.sh; do
	name=$(basename "$t" .sh)
	# The stress test's 1000 rounds take longer than any scenario.
	limit=600
	[ "$name" = t_89_stress ] && limit=1200
	timeout $limit sh "$t"
	rc=$?
	if [ $rc -ge 124 ]; then
		echo "TAP: not ok - ${name}_finished_before_timeout"
		echo "# $t was killed after $limit s (rc $rc)"
	fi
done
dmesg_check dmesg_has_no_warning_bug_oops_or_stall
