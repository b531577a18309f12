/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/stats.c: system-wide counters, MEMGOV_STATS_A_*, per CPU (bumped on the charge path).
 */
#ifndef _MEMGOV_KMOD_STATS_H
#define _MEMGOV_KMOD_STATS_H

#include <linux/bug.h>
#include <linux/percpu.h>
#include <linux/types.h>
#include <uapi/linux/memgov.h>

struct memgov_stats {
	u64 v[MEMGOV_STATS_A_MAX + 1];
};
DECLARE_PER_CPU(struct memgov_stats, memgov_stats);

static inline void memgov_stat_add(unsigned int stat, u64 n)
{
	if (WARN_ON_ONCE(stat > MEMGOV_STATS_A_MAX))
		return;
	this_cpu_add(memgov_stats.v[stat], n);
}
u64 memgov_stat_read(unsigned int stat);
void memgov_stat_exit(u32 exit_kind);
#define memgov_stat_inc(stat) memgov_stat_add(stat, 1)

const char *memgov_exit_kind_str(u32 kind);

#endif /* _MEMGOV_KMOD_STATS_H */
