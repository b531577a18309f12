/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/thrash_sampler.c: samples the pressure and refaults of the cgroups memcg policies
 * protect, every governor tick, and names the policies under which they thrash; the governor
 * ejects them.
 */
#ifndef _MEMGOV_KMOD_THRASH_SAMPLER_H
#define _MEMGOV_KMOD_THRASH_SAMPLER_H

#include <linux/types.h>
#include <uapi/linux/memgov.h>

struct memgov_thrash_verdict {
	u64 policy_id;
	char reason[MEMGOV_MSG_LEN];
};

int memgov_thrash_init(void);
void memgov_thrash_exit(void);
unsigned int memgov_thrash_tick(struct memgov_thrash_verdict **verdicts);

#endif /* _MEMGOV_KMOD_THRASH_SAMPLER_H */
