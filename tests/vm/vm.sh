#!/bin/bash
# Boot the pinned Debian 6.12 kernel under QEMU (TCG) with a busybox initramfs carrying the
# DKMS-installed memgov.ko, memgovctl, the policy loaders and a guest script, and print what
# the guest prints.
#
#   tests/vm/vm.sh GUEST_SCRIPT [FILE...]   extra files land in /tests of the guest
#
# The guest's console goes to stdout (CRs stripped) and to build/vm/console.log.  Exit status:
# 0 when the guest printed MEMGOV-VM-DONE, 1 on a boot failure or timeout.
set -euo pipefail
. "$(dirname "$0")/../../scripts/config.sh"
cd "$MEMGOV_ROOT"

VM_TIMEOUT=${VM_TIMEOUT:-900}
VM_MEM=${VM_MEM:-1G}
# One vCPU by default; `make check` runs the suite on one and on two.  With several vCPUs,
# TCG runs them round-robin in one host thread (thread=single): QEMU's multi-threaded TCG
# once let a vCPU execute a stale int3 left by the kernel's own live patching
# (text_poke_bp(), as ftrace and kprobes use it) after the patch had completed ("Oops: int3"
# at __count_memcg_events+0x5 while memgov removed a hook); on hardware the sync-core IPIs
# make that impossible.  Round-robin keeps SMP semantics: preemption, IPIs, concurrent
# hooks, and a vCPU that does not run while the other does (as steal time on a cloud VM).
VM_SMP=${VM_SMP:-1}
accel=tcg
[ "$VM_SMP" -gt 1 ] && accel=tcg,thread=single
# VM_ICOUNT=N (make bench): the guest's clock follows executed instructions, 2^N ns each,
# and does not run while the guest idles (QEMU -icount shift=N,sleep=off; single-threaded).
icount=
if [ -n "${VM_ICOUNT:-}" ]; then
	accel=tcg,thread=single
	icount="-icount shift=$VM_ICOUNT,sleep=off"
fi
kver=$MEMGOV_KVER
kimage=$(memgov_kimage "$kver")
kernel=$kimage/boot/vmlinuz-$kver
# From 7.0 Debian ships the image in /usr/lib/modules/KVER (package linux-binary-KVER).
[ -f "$kernel" ] || kernel=$kimage/usr/lib/modules/$kver/vmlinuz
if [ ! -f "$kernel" ]; then
	echo "vm: no kernel image at $kernel (run: make deps)" >&2
	exit 1
fi
guest_script=$1
shift

out=${VM_OUT:-build/vm}
root=$out/root
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/lib/memgov,proc,sys,dev,tmp,run,tests,etc,root,lib64}

# Every dynamic library a binary needs, at its own path.
add_bin() {
	local bin=$1 dst=$2 lib
	install -D -m 0755 "$bin" "$root/$dst"
	for lib in $(ldd "$bin" 2>/dev/null | grep -o '/[^ ]*' | sort -u); do
		[ -e "$root$lib" ] || install -D -m 0755 "$lib" "$root$lib"
	done
}

add_module() {
	local src=$1 dst=$2
	mkdir -p "$(dirname "$root/$dst")"
	case "$src" in
	*.xz) xz -dc "$src" > "$root/$dst" ;;
	*.zst) zstd -qdc "$src" > "$root/$dst" ;;
	*.gz) gzip -dc "$src" > "$root/$dst" ;;
	*) cp "$src" "$root/$dst" ;;
	esac
}

cp /bin/busybox "$root/bin/busybox"
# The module DKMS installed, at the path DKMS installed it to (decompressed for insmod).
ko=${MEMGOV_KO:-$(find "/lib/modules/$kver/updates" -name 'memgov.ko*' 2>/dev/null | head -1)}
if [ -z "$ko" ]; then
	echo "vm: no DKMS-installed memgov.ko for $kver (run: make dkms-install)" >&2
	exit 1
fi
add_module "$ko" "lib/modules/$kver/updates/dkms/memgov.ko"
# zram (swap in the guest) and what it needs, loaded in this order by lib.sh's swap_on; FAT
# (msdos) for a disk-backed page cache on a second zram device (lib.sh's fs_on).
for m in lz4_compress lz4hc_compress zram fat msdos nls_cp437; do
	f=$(find "$kimage"/lib/modules/$kver/kernel "$kimage"/usr/lib/modules/$kver/kernel \
		-name "$m.ko*" 2>/dev/null | head -1 || true)
	[ -n "$f" ] && add_module "$f" "lib/modules/$kver/extra/$m.ko"
done
add_bin build/bin/memgovctl usr/bin/memgovctl
for l in build/bin/*; do
	[ "$(basename "$l")" = memgovctl ] && continue
	add_bin "$l" "usr/lib/memgov/$(basename "$l")"
done
for h in build/testbin/*; do
	[ -e "$h" ] && add_bin "$h" "usr/bin/$(basename "$h")"
done
add_bin "$(command -v bpftool)" usr/bin/bpftool
# kmod's modprobe and depmod, for the module's autoload through its netlink family alias.
add_bin "$(command -v kmod)" usr/sbin/kmod
ln -sf kmod "$root/usr/sbin/modprobe"
ln -sf kmod "$root/usr/sbin/depmod"
if command -v stress-ng >/dev/null; then
	add_bin "$(command -v stress-ng)" usr/bin/stress-ng
fi
cp tests/vm/guest/lib.sh "$root/tests/lib.sh"
for f in "$@"; do cp "$f" "$root/tests/"; done
cp "$guest_script" "$root/tests/main.sh"
echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
echo "nobody:x:65534:65534:nobody:/:/bin/sh" >> "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"

# Files at absolute paths in the guest: VM_INSTALL="SRC=DST ..." (a package's tree).
for f in ${VM_INSTALL:-}; do
	install -D -m "$( [ -x "${f%%=*}" ] && echo 0755 || echo 0644)" "${f%%=*}" "$root${f#*=}"
done

# VM_INIT=systemd: the host's systemd as PID 1 (its journal, a minimal set of targets), the
# units VM_ENABLE names enabled as `systemctl enable` would, and the guest script run by a
# unit once they have started.  Otherwise a busybox script is PID 1.
if [ "${VM_INIT:-busybox}" = systemd ]; then
	for b in /lib/systemd/systemd /lib/systemd/systemd-journald /lib/systemd/systemd-shutdown \
		 /bin/systemctl /bin/journalctl; do
		add_bin "$b" "$b"
	done
	for u in basic.target sysinit.target sockets.target paths.target timers.target \
		 slices.target local-fs.target local-fs-pre.target swap.target multi-user.target \
		 shutdown.target poweroff.target final.target umount.target emergency.target \
		 systemd-poweroff.service systemd-journald.service systemd-journald.socket \
		 systemd-journald-dev-log.socket; do
		install -D -m 0644 "/lib/systemd/system/$u" "$root/lib/systemd/system/$u"
	done
	mkdir -p "$root/lib/systemd/system/sockets.target.wants" \
		 "$root/etc/systemd/system/multi-user.target.wants"
	ln -sf multi-user.target "$root/lib/systemd/system/default.target"
	for u in systemd-journald.socket systemd-journald-dev-log.socket; do
		ln -sf ../$u "$root/lib/systemd/system/sockets.target.wants/$u"
	done
	for u in ${VM_ENABLE:-} memgov-vmtest.service; do
		t=$u
		case "$u" in *@*) t=${u%%@*}@.service ;; esac
		ln -sf /lib/systemd/system/$t "$root/etc/systemd/system/multi-user.target.wants/$u"
	done
	for a in $(busybox --list); do
		[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
	done
	ln -sf /usr/sbin/kmod "$root/sbin/modprobe"
	depmod -b "$root" "$kver" 2>/dev/null
	cat > "$root/lib/systemd/system/memgov-vmtest.service" <<UNIT
[Unit]
Description=memgov VM test script
After=multi-user.target
[Service]
Type=oneshot
WorkingDirectory=/tests
Environment=MEMGOV_KVER=$kver PATH=/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/memgov
ExecStart=/bin/sh -c 'echo "MEMGOV-VM-BOOTED \$\$(uname -r)"; sh /tests/main.sh; echo MEMGOV-VM-DONE; sync; poweroff -f'
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
[Install]
WantedBy=multi-user.target
UNIT
	rm -f "$root/init"
fi

[ "${VM_INIT:-busybox}" = systemd ] || cat > "$root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin:/usr/bin:/usr/lib/memgov
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t cgroup2 none /sys/fs/cgroup
mount -t bpf bpf /sys/fs/bpf
mount -t debugfs none /sys/kernel/debug 2>/dev/null
mount -t tracefs none /sys/kernel/tracing 2>/dev/null
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
echo "MEMGOV-VM-BOOTED \$(uname -r)"
cd /tests
MEMGOV_KVER=$kver STRESS_ROUNDS=${STRESS_ROUNDS:-} sh /tests/main.sh
echo "MEMGOV-VM-DONE"
sync
poweroff -f
INIT
[ -f "$root/init" ] && chmod 0755 "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out/initramfs.cpio.gz"

rdinit=/init
[ "${VM_INIT:-busybox}" = systemd ] && rdinit="/lib/systemd/systemd systemd.show_status=0"
log=$out/console.log
: > "$log"
set +e
timeout --foreground "$VM_TIMEOUT" qemu-system-x86_64 -accel "$accel" $icount -cpu max -m "$VM_MEM" \
	-smp "$VM_SMP" -nographic -no-reboot -monitor none -serial stdio \
	-kernel "$kernel" -initrd "$out/initramfs.cpio.gz" \
	-append "console=ttyS0 quiet loglevel=3 panic=-1 rdinit=$rdinit ${VM_APPEND:-}" \
	< /dev/null 2>&1 | tr -d '\r' | tee "$log"
set -e
if ! grep -q '^MEMGOV-VM-DONE' "$log"; then
	echo "vm: the guest did not finish (boot failure, panic or timeout after ${VM_TIMEOUT}s)" >&2
	exit 1
fi
