# memgov: top-level build.  `make help` lists the targets.
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules
.DEFAULT_GOAL := all

include scripts/config.mk

V ?= 0
ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' $(1) $(2)
endif

B := build
KDIR ?= /usr/src/linux-headers-$(KVER)
VMLINUX_BTF ?= $(KDIR)/vmlinux
CC ?= gcc
CLANG ?= clang
BPFTOOL ?= bpftool

USER_CFLAGS := -O2 -g -Wall -Wextra -Werror -std=gnu11 \
	-Iinclude/uapi -Iinclude -Iuserspace -Ibpf \
	$(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null || echo -lnl-genl-3 -lnl-3)
BPF_LIBS := $(shell pkg-config --libs libbpf 2>/dev/null || echo -lbpf -lelf -lz)

CLIENT_SRCS := userspace/client.c userspace/cli.c
POLICIES := noop oom_pick memcg_pin faulty async_reclaim oom_prio prio psi_watch oomd
LOADERS := $(addprefix $(B)/bin/,$(POLICIES))

.PHONY: all install module bpf userspace deps dkms-install netlink-gen demo check check-user check-kunit check-demo check-package check-vm check-matrix \
	bench help clean install-package deb

all: module userspace bpf ## build the module, memgovctl and the policies

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/' | expand -t 16

deps: ## install everything from Debian's registry (root, idempotent)
	$(Q)bash scripts/deps.sh

module: ## memgov.ko against the pinned distro kernel's headers
	$(call msg,KBUILD,memgov.ko)
	$(Q)$(MAKE) -s -C $(KDIR) M=$(CURDIR) MEMGOV_VERSION=$(MEMGOV_VERSION) \
		PAHOLE=$(CURDIR)/kmod/tools/pahole.sh modules W=1 \
		$(if $(filter 1,$(V)),V=1) > $(B)/kbuild.log 2>&1 || { cat $(B)/kbuild.log; exit 1; }
	$(Q)! grep -q 'Skipping BTF generation' $(B)/kbuild.log || \
		{ echo "memgov.ko built without BTF (is pahole installed?)"; exit 1; }
	$(Q)grep -v -e '^make' -e '^  ' $(B)/kbuild.log || true

$(B)/kbuild.log: | $(B)
$(B) $(B)/bin $(B)/bpf $(B)/obj:
	$(Q)mkdir -p $@
module: | $(B)

userspace: $(B)/bin/memgovctl ## memgovctl

$(B)/obj/%.o: userspace/%.c userspace/*.h include/uapi/linux/memgov.h | $(B)/obj
	$(call msg,CC,$@)
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(B)/bin/memgovctl: $(B)/obj/memgovctl.o $(B)/obj/client.o $(B)/obj/cli.o | $(B)/bin
	$(call msg,LD,$@)
	$(Q)$(CC) -o $@ $^ $(NL_LIBS)

# BPF: CO-RE against the target kernel's BTF; the object is embedded in its loader's skeleton.
bpf: $(LOADERS) $(B)/bin/hookbench ## the policies and their loaders (hookbench: make bench's, not packaged)

$(B)/bpf/vmlinux.h: $(VMLINUX_BTF) | $(B)/bpf
	$(call msg,BTF,$@)
	$(Q)$(BPFTOOL) btf dump file $< format c > $@

$(B)/bpf/%.bpf.o: bpf/%.bpf.c $(B)/bpf/vmlinux.h bpf/include/memgov/*.h include/memgov/*.h $(wildcard bpf/*.h) \
		include/uapi/linux/memgov.h
	$(call msg,CLANG,$@)
	$(Q)$(CLANG) -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_x86 -I$(B)/bpf -Ibpf/include -Iinclude \
		-Wall -Werror -c $< -o $@

# The skeleton, with the object embedded.  bpftool 7.5 (bookworm-backports, the oldest that
# handles a module's struct_ops) writes skeletons for libbpf 1.5, whose bpf_map_skeleton has
# a `link` member that libbpf 1.4.6's (the one bookworm-backports has) lacks: one step takes
# them to 1.4's layout, deleting the struct_ops maps' `map->link = ...` lines (libbpf 1.4
# does not auto-attach maps; the loaders attach with a link themselves) and sizing the map
# entries by the headers compiled against.  It fails unless it found exactly what it edits:
# one map entry size, and one link line per struct_ops map.
$(B)/bpf/%.skel.h: $(B)/bpf/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $* > $@.raw
	$(Q)n_ops=$$(grep -c '^	map->link = &obj->links\.' $@.raw); \
	n_maps=$$(grep -c '^	s->map_skel_sz = [0-9]*;$$' $@.raw); \
	sed -e '/^	map->link = &obj->links\.[A-Za-z0-9_]*;$$/d' \
	    -e 's/^	s->map_skel_sz = [0-9]*;$$/	s->map_skel_sz = sizeof(*s->maps);/' $@.raw > $@.tmp; \
	if [ "$$n_maps" != 1 ] || grep -q -e '->link = &obj->links\.[A-Za-z0-9_]*;$$' -e 'map_skel_sz = [0-9]' $@.tmp || \
	   [ "$$n_ops" != "$$(grep -c 'SEC(".struct_ops.link")' bpf/$*.bpf.c)" ]; then \
		echo "$@: bpftool's skeleton is not the one scripts expect (see the Makefile)"; exit 1; fi
	$(Q)mv $@.tmp $@ && rm -f $@.raw

$(B)/obj/loader.o: bpf/loader.c bpf/loader.h userspace/*.h include/memgov/ops.h | $(B)/obj
	$(call msg,CC,$@)
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(B)/obj/policy-%.o: bpf/%.c bpf/loader.h $(B)/bpf/%.skel.h $(wildcard bpf/*.h) | $(B)/obj
	$(call msg,CC,$@)
	$(Q)$(CC) $(USER_CFLAGS) -I$(B)/bpf -c $< -o $@

$(B)/bin/%: $(B)/obj/policy-%.o $(B)/obj/loader.o $(B)/obj/client.o \
		$(B)/obj/cli.o | $(B)/bin
	$(call msg,LD,$@)
	$(Q)$(CC) -o $@ $^ $(BPF_LIBS) $(NL_LIBS)

.SECONDARY:

netlink-gen: ## regenerate the netlink family's code from its spec (the kernel's ynl-gen-c.py)
	$(Q)bash scripts/netlink-gen.sh

dkms-install: module ## install memgov.ko with DKMS for the pinned kernel
	$(Q)bash scripts/dkms-install.sh

demo: ## install deps, build, boot the distro kernel, attach, inspect and eject a policy
	$(Q)bash scripts/demo.sh

check: ## every test tier; ends with "N passed, N failed"
	$(Q)bash tests/run.sh all

check-user: ## userspace tier only
	$(Q)bash tests/run.sh user

check-kunit: ## KUnit tier only (UML kernel from linux-source-6.12)
	$(Q)bash tests/run.sh kunit

check-demo: ## demo tier only (make demo from a copy of the tree with no build directory)
	$(Q)bash tests/run.sh demo

check-package: ## package tier only (make deb, lintian, install, VM, purge; root)
	$(Q)bash tests/run.sh package

check-vm: ## VM tier only (distro kernel under QEMU)
	$(Q)bash tests/run.sh vm

check-matrix: ## the VM suite on every Debian kernel series with headers (6.12 both suites, 7.2, 7.3)
	$(Q)bash tests/run.sh matrix

bench: ## benchmarks in one VM run; results in bench/results/latest.txt
	$(Q)bash bench/run.sh

PREFIX ?= /usr/local
install: userspace ## memgovctl, its man page and bash completion (PREFIX, DESTDIR)
	install -D -m 0755 $(B)/bin/memgovctl $(DESTDIR)$(PREFIX)/sbin/memgovctl
	install -D -m 0644 userspace/memgovctl.8 $(DESTDIR)$(PREFIX)/share/man/man8/memgovctl.8
	install -D -m 0644 userspace/memgovctl.bash-completion \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/memgovctl

# What the memgov package ships (debian/rules), into DESTDIR.
install-package: userspace bpf
	install -D -m 0755 $(B)/bin/memgovctl $(DESTDIR)/usr/sbin/memgovctl
	install -D -m 0644 userspace/memgovctl.8 $(DESTDIR)/usr/share/man/man8/memgovctl.8
	install -D -m 0644 userspace/memgovctl.bash-completion \
		$(DESTDIR)/usr/share/bash-completion/completions/memgovctl
	install -d $(DESTDIR)/usr/lib/memgov $(DESTDIR)/etc/memgov/policies
	install -m 0755 $(LOADERS) packaging/memgov-run-policy $(DESTDIR)/usr/lib/memgov/
	install -m 0644 packaging/limits.conf $(DESTDIR)/etc/memgov/limits.conf
	install -d $(DESTDIR)/usr/share/doc/memgov/examples
	install -m 0644 packaging/examples/* $(DESTDIR)/usr/share/doc/memgov/examples/

deb: ## Debian packages memgov-dkms and memgov, from the tracked files, into build/deb
	$(Q)bash scripts/deb.sh

clean: ## remove build products (the cache in $(MEMGOV_CACHE) stays)
	$(Q)rm -rf $(B)
	$(Q)$(MAKE) -s -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true

$(B)/bin/test_cli: tests/user/test_cli.c $(B)/obj/cli.o $(B)/obj/client.o $(B)/obj/loader.o | $(B)/bin
	$(call msg,CC,$@)
	$(Q)$(CC) $(USER_CFLAGS) -Ibpf -Wno-missing-field-initializers -o $@ $^ $(BPF_LIBS) $(NL_LIBS)

# Helpers the VM tests run in the guest.
$(B)/testbin/%: tests/vm/helpers/%.c include/uapi/linux/memgov.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -O2 -Wall -Wextra -Werror -Iinclude/uapi -o $@ $<

test-binaries: $(B)/bin/test_cli $(B)/testbin/memhog $(B)/testbin/faultbench $(B)/testbin/nlprobe $(B)/testbin/filemap \
		$(B)/testbin/forkn $(B)/testbin/leaker
