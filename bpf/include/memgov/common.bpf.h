/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every memgov BPF policy includes: the target kernel's types (vmlinux.h, generated
 * from the distro kernel's BTF at build time), libbpf's helpers, memgov's struct_ops types,
 * and the struct_ops program helpers.
 */
#ifndef _MEMGOV_COMMON_BPF_H
#define _MEMGOV_COMMON_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <memgov/ops.h>

/* One callback of a struct_ops policy: BPF_STRUCT_OPS(my_charged, struct mem_cgroup *m, ...) */
#define BPF_STRUCT_OPS(name, args...) \
	SEC("struct_ops/" #name) BPF_PROG(name, ##args)

#define BPF_STRUCT_OPS_SLEEPABLE(name, args...) \
	SEC("struct_ops.s/" #name) BPF_PROG(name, ##args)

#endif /* _MEMGOV_COMMON_BPF_H */
