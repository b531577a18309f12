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

guest=build/bench-guest.sh
{
	echo '. /tests/lib.sh'
	echo 'echo "BENCH-INFO: guest $(uname -r), $(nproc) vCPUs, $(sed -n "s/MemTotal: *//p" /proc/meminfo) RAM"'
	for g in bench/guest/*.sh; do echo "sh /tests/$(basename "$g")"; done
} > "$guest"
log=build/bench-console.log
if ! VM_SMP=${VM_SMP:-1} VM_TIMEOUT=${BENCH_TIMEOUT:-3000} bash tests/vm/vm.sh "$guest" bench/guest/*.sh > "$log" 2>&1; then
	tail -40 "$log"
	echo "bench: the VM did not complete" >&2
	exit 1
fi
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
	sed -n 's/^BENCH-RAW: seed \(|.*\)$/\1/p' "$log" | sed '1a| --- | --- | --- |'
	echo
	echo "Seed (memcg_bpf_ops v7, 10-CPU 2 GiB QEMU guest): low with the BPF policy and high idle"
	echo "~37x low with memory.low and high idle; high with the policy ~0.9x high with memory.low."
	echo
	sed -n 's/^BENCH: \(seed_.*\|async_.*\)$/- `\1`/p' "$log"
	sed -n 's/^BENCH-RAW: seed-policy /- prio policy /p; s/^BENCH-RAW: async_reclaim: /- async_reclaim policy: /p' "$log"
} > "$seed"
cat "$out"
