#!/bin/bash
# make bench: boot the distro kernel under QEMU and run the benchmarks in one VM run, side by
# side.  Prints "bench: NAME VALUE" lines and keeps them, with the machine and the emulation
# they were measured on, in bench/results/latest.txt.
set -euo pipefail
. "$(dirname "$0")/../scripts/config.sh"
cd "$MEMGOV_ROOT"

if [ "$(id -u)" = 0 ]; then
	bash scripts/deps.sh > build/bench-deps.log 2>&1 || { cat build/bench-deps.log; exit 1; }
fi
make -s all test-binaries
bash scripts/dkms-install.sh > build/bench-dkms.log 2>&1 || { cat build/bench-dkms.log; exit 1; }

# earlyoom for the OOM race (bench/guest/race.sh): Debian's package, unpacked into the cache,
# never installed on the host (its unit would start a killer here).
eo_dir=${MEMGOV_CACHE:-/var/cache/memgov}/earlyoom
if [ ! -x "$eo_dir/root/usr/bin/earlyoom" ]; then
	mkdir -p "$eo_dir"
	(cd "$eo_dir" && apt-get download earlyoom > /dev/null 2>&1 &&
		dpkg-deb -x earlyoom_*.deb root) || echo "bench: earlyoom not available: the race runs without it" >&2
fi
extra_install=
[ -x "$eo_dir/root/usr/bin/earlyoom" ] && extra_install="$eo_dir/root/usr/bin/earlyoom=/usr/bin/earlyoom"

guest=build/bench-guest.sh
{
	echo '. /tests/lib.sh'
	echo 'echo "BENCH-INFO: guest $(uname -r), $(nproc) vCPUs, $(sed -n "s/MemTotal: *//p" /proc/meminfo) RAM"'
	for g in bench/guest/*.sh; do echo "sh /tests/$(basename "$g")"; done
} > "$guest"
log=build/bench-console.log
if ! VM_SMP=${VM_SMP:-1} VM_TIMEOUT=${BENCH_TIMEOUT:-3000} VM_INSTALL="$extra_install" \
	bash tests/vm/vm.sh "$guest" bench/guest/*.sh > "$log" 2>&1; then
	tail -40 "$log"
	echo "bench: the VM did not complete" >&2
	exit 1
fi
# The instruction-counted pass: its own VM, the guest's clock following executed
# instructions (QEMU -icount shift=0: one instruction, one nanosecond; sleep=off: idle time
# does not pass), so its figures do not depend on the host's load.  Booted three times:
# the hook costs each time (bench/icount/hooks.sh), the scaling tables the first time.
ICOUNT_RUNS=${BENCH_ICOUNT_RUNS:-3}
iclog=build/bench-icount-console.log
: > "$iclog"
rm -f build/bench-icount-*.ns
for run in $(seq 1 "$ICOUNT_RUNS"); do
	icguest=build/bench-icount-guest.sh
	{
		echo '. /tests/lib.sh'
		echo 'sh /tests/hooks.sh'
		[ "$run" = 1 ] && echo 'sh /tests/scale.sh'
	} > "$icguest"
	if ! VM_SMP=1 VM_ICOUNT=0 VM_OUT=build/vm-icount VM_TIMEOUT=${BENCH_TIMEOUT:-3000} \
		bash tests/vm/vm.sh "$icguest" bench/icount/*.sh > build/bench-icount-$run.log 2>&1; then
		tail -40 build/bench-icount-$run.log
		echo "bench: the instruction-counted VM did not complete (run $run)" >&2
		exit 1
	fi
	if grep -a '^BENCH-ERROR' build/bench-icount-$run.log; then
		exit 1
	fi
	sed -n "s/^BENCH-NS: /run$run /p" build/bench-icount-$run.log > build/bench-icount-$run.ns
	sed -n "s/^BENCH-RAW: /BENCH-RAW: run $run: /p; s/^BENCH: /BENCH: /p" \
		build/bench-icount-$run.log >> "$iclog"
done
# The OOM path at scale, in a boot of its own with room for 10,000 processes.
printf '. /tests/lib.sh\nsh /tests/oom.sh\n' > build/bench-icount-guest.sh
if ! VM_SMP=1 VM_ICOUNT=0 VM_MEM=3G VM_OUT=build/vm-icount VM_TIMEOUT=${BENCH_TIMEOUT:-3000} \
	bash tests/vm/vm.sh build/bench-icount-guest.sh bench/icount/*.sh > build/bench-icount-oom.log 2>&1; then
	tail -40 build/bench-icount-oom.log
	echo "bench: the instruction-counted OOM VM did not complete" >&2
	exit 1
fi
sed -n "s/^BENCH-RAW: /BENCH-RAW: /p; s/^BENCH: /BENCH: /p" build/bench-icount-oom.log >> "$iclog"
# Per setup and run, the cost ratio unloaded / setup (1: free; 0.98: 2% more instructions
# per fault); then its median over the runs, and how far apart the runs are.
cat build/bench-icount-[0-9]*.ns | awk '
	{ ns[$1, $2] = $3; runs[$1] = 1; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
	END {
		for (i = 1; i <= n; i++) {
			s = order[i]
			if (s == "unloaded")
				continue
			k = 0
			for (r in runs) v[++k] = ns[r, "unloaded"] / ns[r, s]
			for (a = 1; a <= k; a++) for (b = a + 1; b <= k; b++)
				if (v[b] < v[a]) { t = v[a]; v[a] = v[b]; v[b] = t }
			med = v[int((k + 1) / 2)]
			printf "BENCH: icount_fault_ratio_%s %.4f (%d runs: min %.4f max %.4f, spread %.2f%%)\n",
				s, med, k, v[1], v[k], (v[k] - v[1]) * 100 / med
		}
		k = 0
		for (r in runs) v[++k] = ns[r, "unloaded"]
		for (a = 1; a <= k; a++) for (b = a + 1; b <= k; b++)
			if (v[b] < v[a]) { t = v[a]; v[a] = v[b]; v[b] = t }
		printf "BENCH: icount_ns_per_fault_unloaded %.1f (min %.1f max %.1f)\n", v[int((k + 1) / 2)], v[1], v[k]
	}' >> "$iclog"
out=bench/results/latest.txt
{
	echo "# memgov benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ), memgov $(cat VERSION)"
	echo "# host: $(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -1), $(nproc) CPUs"
	echo "# emulation: $(qemu-system-x86_64 --version | head -1), -accel tcg (software CPU emulation, no KVM)"
	sed -n 's/^BENCH-INFO: /# /p' "$log"
	echo "# TCG translates every guest instruction: absolute rates are ~10-50x below bare metal,"
	echo "# and a probe's cost is emulated too.  Only ratios measured in the same run mean anything."
	sed -n 's/^BENCH-RAW: /# /p' "$log"
	sed -n 's/^BENCH: /bench: /p' "$log"
	echo "# instruction-counted pass: -icount shift=0,sleep=off, 1 vCPU (guest ns = instructions), $ICOUNT_RUNS boots"
	sed -n 's/^BENCH-RAW: /# /p' "$iclog"
	sed -n 's/^BENCH: /bench: /p' "$iclog"
} > "$out"
# The seed experiment's full table, with the machine it ran on.
seed=bench/results/seed.md
{
	echo "# The seed experiment on the distro kernel"
	echo
	echo "memgov $(cat VERSION), $(date -u +%Y-%m-%d). Host: $(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -1),"
	echo "$(nproc) CPUs. Guest: $(sed -n 's/^BENCH-INFO: guest //p' "$log"), under"
	echo "$(qemu-system-x86_64 --version | head -1) with -accel tcg (every instruction emulated)."
	echo
	sed -n 's/^BENCH-RAW: seed scale: /Scale: /p' "$log"
	echo
	sed -n 's/^BENCH-RAW: seed \(|.*\)$/\1/p' "$log" | sed '1a| --- | --- | --- | --- |'
	echo
	echo "Seed (memcg_bpf_ops v7, 10-CPU 2 GiB QEMU guest): low with the BPF policy and high idle"
	echo "~37x low with memory.low and high idle; high with the policy ~0.9x high with memory.low."
	echo
	sed -n 's/^BENCH: \(seed_.*\|async_.*\)$/- `\1`/p' "$log"
	sed -n 's/^BENCH-RAW: seed-policy /- prio policy /p; s/^BENCH-RAW: async_reclaim: /- async_reclaim policy: /p' "$log"
} > "$seed"
cat "$out"
