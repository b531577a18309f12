/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/notify.c: what the registry, the limits and the OOM hook publish, after dropping their
 * locks, for one sink to announce (the netlink family's events group).  Publishers do not
 * know the sink: the units below netlink stay below it.
 */
#ifndef _MEMGOV_KMOD_NOTIFY_H
#define _MEMGOV_KMOD_NOTIFY_H

#include <linux/types.h>

struct memgov_policy;
struct task_struct;

enum memgov_note_kind {
	MEMGOV_NOTE_POLICY_EXIT,	/* process context */
	MEMGOV_NOTE_KILL_NOTICE,	/* the OOM ones: under oom_lock, must not sleep */
	MEMGOV_NOTE_KILL,
	MEMGOV_NOTE_FALLBACK,
	MEMGOV_NOTE_CONFIG,		/* process context */
};

struct memgov_note {
	enum memgov_note_kind kind;
	union {
		/* POLICY_EXIT: exited, its record final; kept alive until the sink returns. */
		const struct memgov_policy *policy;
		struct {			/* KILL_NOTICE, KILL, FALLBACK */
			const char *policy;	/* NULL for FALLBACK */
			struct task_struct *victim;
			u64 oom_cgroup_id;
			const char *reason;
		} oom;
		struct {			/* CONFIG: the limits in @mask, new values */
			u64 cgroup_id;
			const u64 *vals;
			unsigned long mask;
		} config;
	};
};

typedef void (*memgov_note_sink_t)(const struct memgov_note *note);

void memgov_notify(const struct memgov_note *note);
void memgov_notify_set_sink(memgov_note_sink_t sink);

#endif /* _MEMGOV_KMOD_NOTIFY_H */
