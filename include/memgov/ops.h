/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The struct_ops types memgov.ko registers, shared by the module and BPF policies.
 *
 * The module compiles this with __KERNEL__; BPF programs include it after vmlinux.h, which
 * supplies struct mem_cgroup, struct oom_control and the fixed-width types.  The callbacks
 * mirror the upstream proposals ("mm: BPF OOM" v3 by R. Gushchin, memcg_bpf_ops RFC v7 by
 * H. Zhu) so that a policy ports in either direction mechanically.
 */
#ifndef _MEMGOV_OPS_H
#define _MEMGOV_OPS_H

#if defined(__KERNEL__)
#include <linux/types.h>
struct mem_cgroup;
struct oom_control;
#elif !defined(__VMLINUX_H__)
/* Userspace loaders: they fill the data members before load. */
#include <stdbool.h>
#include <linux/types.h>
typedef __u64 u64;
typedef __u32 u32;
typedef __s64 s64;
typedef __s32 s32;
struct mem_cgroup;
struct oom_control;
#endif
#include "../uapi/linux/memgov.h"

/*
 * Ceiling of a charge delay a policy's memcg_charged() may ask for, in ms.  The kernel's
 * own memory.high penalty stops at 2 s (MEMCG_MAX_HIGH_DELAY_JIFFIES); so does memgov.
 */
#define MEMGOV_DELAY_MAX_MS	2000

/**
 * struct memgov_oom_ctx - what an OOM handler knows about its own invocation
 * @cgroup_id: cgroup the handler's policy is attached to (0: whole system)
 * @oom_cgroup_id: cgroup that hit its limit (0: global OOM)
 */
struct memgov_oom_ctx {
	u64 cgroup_id;
	u64 oom_cgroup_id;
};

/**
 * struct memgov_oom_ops - OOM victim choice
 * @handle_out_of_memory: called on an OOM in the policy's cgroup or below.  Return 1 when the
 *	OOM is handled; it only counts when the handler also freed memory through
 *	bpf_memgov_oom_kill().  Otherwise the next handler up the tree runs, and in the end the
 *	kernel OOM killer.
 * @handle_cgroup_offline: a cgroup under the policy's cgroup went offline.
 * @cgroup_id: cgroup to attach to (0: whole system).
 * @flags: MEMGOV_F_*.
 * @name: the policy's name, non-empty, shown by memgovctl.
 */
struct memgov_oom_ops {
	int (*handle_out_of_memory)(struct memgov_oom_ctx *ctx, struct oom_control *oc);
	void (*handle_cgroup_offline)(struct memgov_oom_ctx *ctx, u64 cgroup_id);
	u64 cgroup_id;
	u32 flags;
	char name[MEMGOV_NAME_LEN];
};

/**
 * struct memgov_memcg_ops - protection, charge throttling and memcg lifecycle
 * @memcg_charged: @nr_pages were charged to @memcg; return a delay in ms to apply to the
 *	charging task at its return to user space (0: none).  Clamped by the governor.
 * @memcg_uncharged: @nr_pages were uncharged from @memcg.
 * @below_low: reclaim asks whether @memcg is below its effective low protection
 *	(@elow, pages) at @usage pages; return true to protect it.
 * @below_min: likewise for the hard minimum (@emin).
 * @handle_cgroup_online: @memcg came online under the policy's cgroup.
 * @handle_cgroup_offline: @memcg is going offline.
 * @cgroup_id: cgroup to attach to (0: whole system).
 * @flags: MEMGOV_F_*.
 * @name: the policy's name, non-empty, shown by memgovctl.
 */
struct memgov_memcg_ops {
	unsigned int (*memcg_charged)(struct mem_cgroup *memcg, unsigned int nr_pages);
	void (*memcg_uncharged)(struct mem_cgroup *memcg, unsigned int nr_pages);
	bool (*below_low)(struct mem_cgroup *memcg, unsigned long elow, unsigned long usage);
	bool (*below_min)(struct mem_cgroup *memcg, unsigned long emin, unsigned long usage);
	void (*handle_cgroup_online)(struct mem_cgroup *memcg);
	void (*handle_cgroup_offline)(struct mem_cgroup *memcg);
	u64 cgroup_id;
	u32 flags;
	char name[MEMGOV_NAME_LEN];
};

/**
 * struct memgov_psi_ctx - a PSI policy's handle (upstream's struct bpf_psi)
 * @cgroup_id: cgroup the policy is attached to (0: whole system)
 *
 * Passed to every callback; bpf_psi_create_trigger() takes it to know whose trigger it makes.
 */
struct memgov_psi_ctx {
	u64 cgroup_id;
};

/**
 * struct memgov_psi_trigger - a trigger that fired (upstream's struct psi_trigger, read-only)
 * @cgroup_id: the cgroup it watches (0: the whole system)
 * @resource: PSI_IO, PSI_MEM or PSI_CPU, with BPF_PSI_FULL for "full" stall
 * @threshold_us: stall that makes an event, within @window_us
 * @window_us: the window
 * @growth_us: the stall within the window when the event became due
 * @time_ns: when the event was raised (CLOCK_MONOTONIC)
 */
struct memgov_psi_trigger {
	u64 cgroup_id;
	u32 resource;
	u32 threshold_us;
	u32 window_us;
	u32 __pad;
	u64 growth_us;
	u64 time_ns;
};

/**
 * struct memgov_psi_ops - reacting to memory pressure (after "mm: BPF OOM"'s bpf_psi_ops)
 * @init: at attach, before any event; create triggers here (bpf_psi_create_trigger());
 *	non-zero refuses the attach.
 * @handle_psi_event: a trigger of this policy fired (at most once per window per trigger).
 * @handle_cgroup_online: a cgroup was created under the policy's cgroup (triggers can be
 *	made for it here).
 * @handle_cgroup_offline: a cgroup with a trigger of this policy went away; its triggers
 *	are gone and fire no more.
 *
 * Callbacks run in process context (a memgov work item), one at a time per policy, timed.
 * Triggers are the kernel's semantics, sampled: see bpf_psi_create_trigger().
 */
struct memgov_psi_ops {
	int (*init)(struct memgov_psi_ctx *psi);
	void (*handle_psi_event)(struct memgov_psi_ctx *psi, struct memgov_psi_trigger *t);
	void (*handle_cgroup_online)(struct memgov_psi_ctx *psi, u64 cgroup_id);
	void (*handle_cgroup_offline)(struct memgov_psi_ctx *psi, u64 cgroup_id);
	u64 cgroup_id;
	u32 flags;
	char name[MEMGOV_NAME_LEN];
};

#endif /* _MEMGOV_OPS_H */
