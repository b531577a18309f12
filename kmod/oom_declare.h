/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/oom_declare.c: OOMs declared by PSI policies (bpf_out_of_memory()), run through the
 * kernel's own memcg OOM path.
 */
#ifndef _MEMGOV_KMOD_OOM_DECLARE_H
#define _MEMGOV_KMOD_OOM_DECLARE_H

#include <linux/types.h>

struct mem_cgroup;
struct memgov_hook_desc;

extern const struct memgov_hook_desc memgov_hook_declare;

int memgov_oom_declare(struct mem_cgroup *memcg, int order, u64 flags);
void memgov_oom_declare_wait(void);
int memgov_oom_declare_init(void);
void memgov_oom_declare_exit(void);

#endif
