/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/thrash_sampler.c: samples the pressure and refaults of the cgroups memcg policies
 * protect, every governor tick, and ejects a policy under which they thrash.
 */
#ifndef _MEMGOV_KMOD_THRASH_SAMPLER_H
#define _MEMGOV_KMOD_THRASH_SAMPLER_H


int memgov_thrash_init(void);
void memgov_thrash_exit(void);
void memgov_thrash_tick(void);

#endif /* _MEMGOV_KMOD_THRASH_SAMPLER_H */
