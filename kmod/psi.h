/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/psi.c: PSI policies (memgov_psi_ops): their triggers, sampled with the kernel's trigger
 * semantics, and the calls into them.
 */
#ifndef _MEMGOV_KMOD_PSI_H
#define _MEMGOV_KMOD_PSI_H

#include <linux/types.h>

struct cgroup;
struct memgov_policy;
struct memgov_psi_ctx;
struct memgov_psi_trigger;

int memgov_psi_policy_init(struct memgov_policy *p);
void memgov_psi_policy_gone(void *kdata);
int memgov_psi_trigger_create(struct memgov_psi_ctx *ctx, u64 cgroup_id, u32 resource,
			      u32 threshold_us, u32 window_us);
void memgov_psi_cgroup_online(struct cgroup *cgrp);
const struct memgov_psi_trigger *memgov_psi_firing(struct memgov_policy *p);
u64 memgov_psi_swap_total(void);
void memgov_psi_exit(void);

#endif /* _MEMGOV_KMOD_PSI_H */
