/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memgov's kfuncs, declared once for both sides: the module, which defines them (a
 * definition that differs from its declaration here does not compile), and BPF policies,
 * which call them (through common.bpf.h).  The model is the kernel's bpf_testmod_kfunc.h.
 * kmod/kfuncs.c documents each one.
 */
#ifndef _MEMGOV_KFUNCS_H
#define _MEMGOV_KFUNCS_H

#include "ops.h"

/* bpf_memgov_memcg_limit(): which limit, in bytes (U64_MAX: none). */
enum memgov_limit {
	MEMGOV_LIMIT_MIN,
	MEMGOV_LIMIT_LOW,
	MEMGOV_LIMIT_HIGH,
	MEMGOV_LIMIT_MAX,
	MEMGOV_LIMIT_EMIN,	/* effective, as of the last reclaim that looked */
	MEMGOV_LIMIT_ELOW,
};

/* bpf_memgov_memcg_psi(): memory pressure of a cgroup. */
enum memgov_psi {
	MEMGOV_PSI_SOME_TOTAL_US,	/* cumulative stall time, some tasks */
	MEMGOV_PSI_FULL_TOTAL_US,	/* cumulative stall time, all tasks */
	MEMGOV_PSI_SOME_AVG10,		/* 10 s average, in hundredths of a percent */
	MEMGOV_PSI_FULL_AVG10,
};

/* bpf_memgov_memcg_events(): events counted in a cgroup since counting began. */
enum memgov_event_kind {
	MEMGOV_EVENT_PGFAULT,
	MEMGOV_EVENT_PGMAJFAULT,
	MEMGOV_EVENT_REFAULT,
};

/*
 * bpf_psi_create_trigger(): the resource's high bit asks for "full" stall (upstream's
 * BPF_PSI_FULL); the resource is the kernel's enum psi_res (PSI_IO, PSI_MEM, PSI_CPU).
 */
#define BPF_PSI_FULL 0x80000000U
/* bpf_out_of_memory()'s flags (upstream's): accepted; memgov's declarations never wait. */
#define BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK (1ULL << 0)
/* Triggers one PSI policy may have at once. */
#define MEMGOV_PSI_TRIGGERS_MAX 64

#ifdef __KERNEL__
struct task_struct;
struct cgroup_subsys_state;
struct mem_cgroup;
#define __memgov_kfunc
#else
/* __weak: a policy that does not call one still loads on a module without it. */
#define __memgov_kfunc __weak __ksym
#endif

extern int bpf_memgov_oom_kill(struct memgov_oom_ctx *ctx, struct task_struct *task,
			       const char *reason__str) __memgov_kfunc;
extern u64 bpf_memgov_memcg_usage(struct mem_cgroup *memcg) __memgov_kfunc;
extern u64 bpf_memgov_memcg_limit(struct mem_cgroup *memcg, u32 which) __memgov_kfunc;
extern u64 bpf_memgov_memcg_psi(struct mem_cgroup *memcg, u32 which) __memgov_kfunc;
extern u64 bpf_memgov_memcg_events(struct mem_cgroup *memcg, u32 which) __memgov_kfunc;
extern u64 bpf_memgov_swap_total(void) __memgov_kfunc;
extern u64 bpf_memgov_swap_usage(struct mem_cgroup *memcg__nullable) __memgov_kfunc;
extern int bpf_memgov_cgroup_reclaim(u64 self, u64 cgroup_id, u64 bytes,
				     int swappiness) __memgov_kfunc;
extern u64 bpf_memgov_self(void) __memgov_kfunc;
extern int bpf_memgov_error(u64 self, const char *msg__str) __memgov_kfunc;
extern int bpf_memgov_watchdog_arm(u64 self, u64 period_ms) __memgov_kfunc;
extern int bpf_memgov_watchdog_pet(u64 self) __memgov_kfunc;
extern int bpf_memgov_watchdog_disarm(u64 self) __memgov_kfunc;
extern int bpf_out_of_memory(struct mem_cgroup *memcg__nullable, int order,
			     u64 flags) __memgov_kfunc;
extern struct mem_cgroup *bpf_get_mem_cgroup(struct cgroup_subsys_state *css) __memgov_kfunc;
extern void bpf_put_mem_cgroup(struct mem_cgroup *memcg) __memgov_kfunc;
extern int bpf_psi_create_trigger(struct memgov_psi_ctx *psi, u64 cgroup_id, u32 resource,
				  u32 threshold_us, u32 window_us) __memgov_kfunc;

#endif /* _MEMGOV_KFUNCS_H */
