// SPDX-License-Identifier: GPL-2.0
/*
 * One sink for memgov's events.  The netlink family sets it at module init before anything
 * can publish (no policy, no limit write through sysfs yet) and clears it at exit after
 * every publisher is gone (struct_ops unregistered, sysfs writes no longer announced), so a
 * plain pointer suffices.
 */
#include <linux/compiler.h>
#include "notify.h"

static memgov_note_sink_t note_sink;

void memgov_notify_set_sink(memgov_note_sink_t sink)
{
	WRITE_ONCE(note_sink, sink);
}

/**
 * memgov_notify() - hand @note to the sink, if any
 * @note: what happened; valid for the duration of the call only
 *
 * In the context the note's kind names (see enum memgov_note_kind), with no memgov lock held.
 */
void memgov_notify(const struct memgov_note *note)
{
	memgov_note_sink_t sink = READ_ONCE(note_sink);

	if (sink)
		sink(note);
}
