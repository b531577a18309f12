// SPDX-License-Identifier: GPL-2.0
#include <linux/errno.h>
#include <linux/math64.h>
#include <linux/string.h>
#include <linux/time64.h>
#include "window.h"

int memgov_window_init(struct memgov_window *w, u64 window_ns, unsigned int nbuckets)
{
	if (!nbuckets || nbuckets > MEMGOV_WINDOW_MAX_BUCKETS || window_ns < nbuckets)
		return -EINVAL;
	memset(w, 0, sizeof(*w));
	w->window_ns = window_ns;
	w->nbuckets = nbuckets;
	w->bucket_ns = div_u64(window_ns, nbuckets);
	return 0;
}

/* Move the head to the bucket holding @now_ns, clearing the buckets passed over. */
static void advance(struct memgov_window *w, u64 now_ns)
{
	u64 steps;
	unsigned int i;

	/* Time never runs backwards for the window: late events count in the newest bucket. */
	if (now_ns < w->head_start + w->bucket_ns)
		return;
	steps = div64_u64(now_ns - w->head_start, w->bucket_ns);
	if (steps >= w->nbuckets) {
		memset(w->buckets, 0, sizeof(w->buckets));
		w->head = 0;
		w->head_start = now_ns - (now_ns % w->bucket_ns);
		return;
	}
	for (i = 0; i < steps; i++) {
		w->head = (w->head + 1) % w->nbuckets;
		w->buckets[w->head] = 0;
	}
	w->head_start += steps * w->bucket_ns;
}

void memgov_window_add(struct memgov_window *w, u64 now_ns, u64 count)
{
	advance(w, now_ns);
	w->buckets[w->head] += count;
}

u64 memgov_window_sum(struct memgov_window *w, u64 now_ns)
{
	u64 sum = 0;
	unsigned int i;

	advance(w, now_ns);
	for (i = 0; i < w->nbuckets; i++)
		sum += w->buckets[i];
	return sum;
}

u64 memgov_window_rate_per_sec(struct memgov_window *w, u64 now_ns)
{
	u64 sum = memgov_window_sum(w, now_ns);

	/* sum * NSEC_PER_SEC / window_ns without overflowing for any realistic sum */
	return mul_u64_u64_div_u64(sum, NSEC_PER_SEC, w->window_ns);
}
