#!/bin/sh
# PAHOLE for memgov's module build (the Makefile and dkms.conf pass PAHOLE=<this file>):
# pahole itself; then, when it wrote the module's BTF to a file against a base (7.x's
# scripts/gen-btf.sh does; 6.12 has pahole write into the module and is left alone), a second
# deduplication of that BTF against vmlinux's by btf-dedup (see btf-dedup.c for why).
# MEMGOV_REAL_PAHOLE: the pahole to run (default: pahole on PATH).
set -e
${MEMGOV_REAL_PAHOLE:-pahole} "$@"
base= out= prev=
for a in "$@"; do
	case $prev in --btf_base) base=$a ;; esac
	case $a in
	--btf_base=*) base=${a#*=} ;;
	--btf_encode_detached=*) out=${a#*=} ;;
	esac
	prev=$a
done
[ -n "$base" ] && [ -n "$out" ] || exit 0
src=$(dirname "$0")/btf-dedup.c
tool=$(dirname "$out")/.memgov-btf-dedup
if [ ! -x "$tool" ] || [ "$src" -nt "$tool" ]; then
	cc=
	for c in "$HOSTCC" cc gcc gcc-14 gcc-12; do
		if [ -n "$c" ] && command -v "$c" > /dev/null 2>&1; then cc=$c; break; fi
	done
	if [ -z "$cc" ] || ! "$cc" -O2 -o "$tool" "$src" -l:libbpf.so.1; then
		echo "memgov: cannot build $src against libbpf.so.1 (pahole's library): the module's BTF would carry its own task_struct and its kfuncs would refuse the kernel's" >&2
		exit 1
	fi
fi
"$tool" "$base" "$out"
