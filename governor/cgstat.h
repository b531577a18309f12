/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers of what the thrash sampler reads from a cgroup's files: memory.pressure (PSI:
 * "some avg10=... total=N" and "full ... total=N" lines, totals in microseconds) and
 * memory.stat ("key value" lines); and /proc/meminfo ("Key:   N kB" lines) for the PSI
 * policies' swap figures.  Pure: the text is read elsewhere.
 */
#ifndef _MEMGOV_GOVERNOR_CGSTAT_H
#define _MEMGOV_GOVERNOR_CGSTAT_H

#include <linux/types.h>

/* The some and full totals of a memory.pressure text; -EINVAL when either is missing. */
int memgov_parse_pressure(const char *text, u64 *some_us, u64 *full_us);
/* The value of @key in a memory.stat text; 0 when absent (as the kernel omits zero items). */
u64 memgov_stat_value(const char *text, const char *key);
/* The kB of @key ("SwapTotal") in a /proc/meminfo text; -EINVAL when it is missing. */
int memgov_meminfo_kb(const char *text, const char *key, u64 *kb);

#endif
