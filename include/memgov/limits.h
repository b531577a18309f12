/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The governor's limits, once: each with its netlink attribute (MEMGOV_CFG_A_<ATTR>), its
 * name (module parameter, memgovctl key, `memgov.<name>` on the kernel command line), its
 * width in struct memgov_cfg, range, default and one line of documentation.  The module's
 * config table and module parameters and memgovctl's key list are expanded from it; the
 * netlink ranges are generated from the spec, and tests/spec checks the spec's ranges and
 * the man page against this table.  Adding a limit: a line here, its attribute (with the
 * same range) in the spec, then scripts/netlink-gen.sh, and its docs.
 *
 *	X(ATTR, name, width, min, max, default, doc)
 *
 * Every limit applies per cgroup as well (memgovctl config set --cgroup).
 */
#ifndef _MEMGOV_LIMITS_H
#define _MEMGOV_LIMITS_H

#define MEMGOV_LIMITS(X)							\
	X(STRIKES_MAX, strikes_max, 32, 1, 1000, 3,				\
	  "strikes (claims without a kill, kills that free nothing) before ejection") \
	X(KILL_DEADLINE_MS, kill_deadline_ms, 32, 100, 600000, 2000,		\
	  "an OOM victim must release its memory within this, ms")		\
	X(KILL_MIN_KIB, kill_min_kib, 32, 0, 1073741824, 1024,			\
	  "a kill freeing less private memory than this (KiB) is a strike")	\
	X(OOM_CEILING_US, oom_ceiling_us, 32, 0, 10000000, 100000,		\
	  "longest one OOM callback may run, us (0: off)")			\
	X(OOM_BUDGET_US, oom_budget_us, 32, 0, 10000000, 500000,		\
	  "OOM callback time allowed per second, us (0: off)")			\
	X(MEMCG_CEILING_US, memcg_ceiling_us, 32, 0, 10000000, 5000,		\
	  "longest one memcg callback may run, us (0: off)")			\
	X(MEMCG_BUDGET_US, memcg_budget_us, 32, 0, 10000000, 100000,		\
	  "memcg callback time allowed per second, us (0: off)")		\
	X(CLAMPS_MAX, clamps_max, 32, 0, 1000000, 10,				\
	  "out-of-range values a policy may return per second (0: off)")	\
	X(PSI_SOME_PCT, psi_some_pct, 32, 0, 100, 0,				\
	  "thrash: memory pressure 'some', % of time (0: off)")		\
	/* systemd-oomd: DefaultMemoryPressureLimit=60% */			\
	X(PSI_FULL_PCT, psi_full_pct, 32, 0, 100, 60,				\
	  "thrash: memory pressure 'full', % of time (0: off)")		\
	X(REFAULT_PER_SEC, refault_per_sec, 64, 0, 1099511627776, 0,	\
	  "thrash: refaulted pages per second (0: off)")			\
	/* Android lmkd: ro.lmk.thrashing_limit=100 */				\
	X(REFAULT_LRU_PCT, refault_lru_pct, 32, 0, 100000, 100,		\
	  "thrash: refaults per second as % of the LRU (0: off)")		\
	X(THRASH_SUSTAIN_MS, thrash_sustain_ms, 32, 100, 600000, 500,		\
	  "a thrash limit must hold on average over this window, ms")		\
	X(IN_FORCE_MS, in_force_ms, 32, 100, 600000, 2000,			\
	  "a protection counts as in force this long after it was applied, ms") \
	X(REFUSE_ATTACH, refuse_attach, 32, 0, 1, 0,				\
	  "kill switch: refuse every new policy")				\
	/* four tasks delayed all the time */					\
	X(DELAY_BUDGET_MS, delay_budget_ms, 32, 0, 10000000, 4000,		\
	  "charge delay a policy may impose per second, ms (0: off)")		\
	/* oomd's post-action delay is 15 s; this lets a victim die first */	\
	X(OOM_DECLARE_INTERVAL_MS, oom_declare_interval_ms, 32, 100, 3600000, 2000, \
	  "a PSI policy declares at most one OOM per this many ms")

#endif /* _MEMGOV_LIMITS_H */
