# Guest side of `make bench`'s instruction-counted pass, at scale: how a fault's cost under
# a trivial charge policy grows with the depth between the faulting cgroup and the policy's,
# with sibling cgroups, and with the number of attached policies.  Each point is measured
# with the module loaded and idle and with the policy attached, in guest nanoseconds
# (instructions); memgov's share is the difference.
. /tests/lib.sh
MIB=${BENCH_ICOUNT_MIB:-16}
ROUNDS=${BENCH_ICOUNT_ROUNDS:-8}
grep -q '^memgov ' /proc/modules || insmod $KO
measure() {
	cg_run "$1" faultbench -n $MIB $ROUNDS > /tmp/fb.out
	wait_exit $PID 600
	sed -n 's/.*: \([0-9.]*\) ns\/fault/\1/p' /tmp/fb.out
}
# point NAME CGROUP: idle, then with the policies already started by the caller ($P).
report() {
	awk -v n="$1" -v i="$2" -v p="$3" 'BEGIN {
		printf "BENCH: icount_scale_%s idle=%.1f policy=%.1f memgov=%.1f ns/fault\n", n, i, p, p - i }'
}
stop_all() {
	for p in $P; do kill -INT $p; done
	for p in $P; do wait_exit $p 60; done
	P=
}
P=

# Depth: the policy on "scale", the faulting cgroup 1, 4, 8 or 16 levels below it (a leaf
# beside the chain: cgroup v2 runs processes in leaves only).
cg_make scale
path=scale
for d in $(seq 1 16); do
	case $d in 1|4|8|16) cg_make $path/f$d; eval "at_$d=$path/f$d" ;; esac
	path=$path/d$d
	cg_make $path
done
for d in 1 4 8 16; do
	eval "cg=\$at_$d"
	idle=$(measure $cg)
	start_policy /tmp/sc.log hookbench --hook charge --cgroup $CG/scale --name sc-depth && P=$PID
	pol=$(measure $cg)
	stop_all
	report depth_$d $idle $pol
done
cg_remove scale

# Siblings: 10, 100 or 1000 empty cgroups beside the faulting one, the policy on the parent.
for n in 10 100 1000; do
	cg_make sib
	cg_make sib/f
	for i in $(seq 1 $n); do mkdir $CG/sib/s$i; done
	idle=$(measure sib/f)
	start_policy /tmp/sc.log hookbench --hook charge --cgroup $CG/sib --name sc-sib && P=$PID
	pol=$(measure sib/f)
	stop_all
	report siblings_$n $idle $pol
	for i in $(seq 1 $n); do rmdir $CG/sib/s$i; done
	cg_remove sib
done

# The guest's CPU use, in per mille, over 2 s of its (instruction) time with nothing
# running but memgov's governor tick: with policies attached, the thrash sampler reads the
# memory.pressure and memory.stat of each protecting memcg policy's cgroup and parent every
# 100 ms.  From the scheduler's own count of the time tasks ran (/proc/schedstat, ns), not
# the tick-sampled /proc/stat, which misses work shorter than a tick.
busy_permille() {
	local a b
	a="$(awk '/^cpu0 / { print $8 }' /proc/schedstat) $(cut -d' ' -f1 /proc/uptime)"
	sleep 2
	b="$(awk '/^cpu0 / { print $8 }' /proc/schedstat) $(cut -d' ' -f1 /proc/uptime)"
	echo "$a $b" | awk '{ printf "%.1f", ($3 - $1) / (($4 - $2) * 1e6) }'
}
echo "BENCH: icount_tick_cpu_permille_policies_0 $(busy_permille)"

# Attached policies: 1, 10 or 100 charge policies, each on its own cgroup; the faulting
# cgroup is under the last one attached.
for n in 1 10 100; do
	cg_make pol
	for i in $(seq 1 $n); do
		cg_make pol/p$i
	done
	cg_make pol/p$n/f
	idle=$(measure pol/p$n/f)
	for i in $(seq 1 $n); do
		start_policy /tmp/sc.$i.log hookbench --hook charge --cgroup $CG/pol/p$i --name sc-p$i &&
			P="$P $PID"
	done
	[ $(echo $P | wc -w) = $n ] || echo "BENCH-RAW: scale: only $(echo $P | wc -w) of $n policies attached"
	echo "BENCH: icount_tick_cpu_permille_policies_$n $(busy_permille)"
	pol=$(measure pol/p$n/f)
	stop_all
	report policies_$n $idle $pol
	cg_remove pol
done

# What watching one protecting policy costs: while its protection is in force, the sampler
# reads memory.pressure and memory.stat of the policy's cgroup and of its parent every
# 100 ms.  One read of each, in guest ns (instructions), from 1000 reads by cat less 1000
# cats of /dev/null; then the CPU per mille of 20 reads of each a second.
cg_make watch
cg_make watch/w
cg_run watch/w faultbench -n 16 2
wait_exit $PID 120
reads() {
	local f=$1 t0 t1 i=0
	t0=$(cut -d' ' -f1 /proc/uptime)
	while [ $i -lt 1000 ]; do cat $f > /dev/null; i=$((i + 1)); done
	t1=$(cut -d' ' -f1 /proc/uptime)
	echo "$t0 $t1" | awk '{ printf "%.0f", ($2 - $1) * 1e9 / 1000 }'
}
base=$(reads /dev/null)
stat=$(($(reads $CG/watch/w/memory.stat) - base))
psi=$(($(reads $CG/watch/w/memory.pressure) - base))
echo "BENCH: icount_watch_read_ns memory.stat=$stat memory.pressure=$psi"
echo "BENCH: icount_watch_cpu_permille_per_protecting_policy $(awk -v s=$stat -v p=$psi 'BEGIN { printf "%.2f", 20 * (s + p) / 1e6 }')"
cg_remove watch
