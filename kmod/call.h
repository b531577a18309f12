/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Calling a policy's callback the governor's way, on the hot paths: timed, and with the
 * policy known to the kfuncs it calls.
 */
#ifndef _MEMGOV_KMOD_CALL_H
#define _MEMGOV_KMOD_CALL_H

#include <linux/hardirq.h>
#include <linux/jiffies.h>
#include <linux/kernel_stat.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/random.h>
#include <linux/timekeeping.h>
#include <linux/types.h>
#include "compat.h"
#include "judge.h"
#include "policy.h"
#include "gov.h"
#include "stats.h"

/*
 * Call a policy's callback the governor's way: timed (watchdog), with the policy known to
 * the kfuncs it calls (memgov_running).  Hooks run with preemption disabled.  The _HOT
 * variants are for the fault path: timed in ticks, and with the clock about one call in
 * MEMGOV_TIME_EVERY, drawn at random (see governor/judge.h).
 *
 * A policy's BPF code cannot read this per-CPU state: the helpers that reach kernel per-CPU
 * data or arbitrary kernel memory are not offered to memgov programs (struct_ops.c).
 */
struct memgov_running {
	struct memgov_policy *p;
	unsigned int level;	/* interrupt_context_level() the callback was entered at */
};
DECLARE_PER_CPU(struct memgov_running, memgov_running);

/* The policy whose callback runs in this very context (not one it interrupted), or NULL. */
static inline struct memgov_policy *memgov_running_here(void)
{
	struct memgov_running *r = this_cpu_ptr(&memgov_running);

	return r->p && r->level == interrupt_context_level() ? r->p : NULL;
}

/* Fault-path sampling state of one CPU. */
struct memgov_sampler {
	u32 left;		/* calls until the next clocked one */
	u32 weight;		/* calls the next clocked one stands for */
};
DECLARE_PER_CPU(struct memgov_sampler, memgov_sampler);

/* A clocked call that was interrupted passes its weight to its policy's next call (judge.h). */
struct memgov_time_carry {
	u64 policy_id;
	u32 weight;
	u32 tries;		/* re-samples interrupted in a row */
};
DECLARE_PER_CPU(struct memgov_time_carry, memgov_time_carry);

/* Interrupts taken by this CPU: device interrupts and, on x86, the local timer. */
static __always_inline unsigned long memgov_irqs_taken(void)
{
	unsigned long n = this_cpu_read(kstat.irqs_sum);

#ifdef CONFIG_X86_LOCAL_APIC
	n += memgov_apic_timer_irqs();
#endif
	return n;
}

/*
 * This CPU's own timer interrupts, to tell time it ran from time it was not given
 * (memgov_time_present_ns()).  Without a per-CPU count, jiffies: no correction.
 */
static __always_inline unsigned long memgov_local_ticks(void)
{
#ifdef CONFIG_X86_LOCAL_APIC
	return memgov_apic_timer_irqs();
#else
	return jiffies;
#endif
}

struct memgov_call_clock {
	struct memgov_running prev;
	unsigned long j0;
	unsigned long lt0;	/* memgov_local_ticks() at the start */
	u64 t0;			/* 0: timed in ticks only */
	u32 weight;		/* calls the clocked time stands for */
	u32 tries;		/* re-samples before this one (memgov_time_weigh()) */
	unsigned long irqs;	/* memgov_irqs_taken() at the start of a clocked call */
};

/* Is this fault-path call clocked, and for how many calls?  0: timed in ticks only. */
static __always_inline u32 memgov_sample_weight(void)
{
	struct memgov_sampler *s = this_cpu_ptr(&memgov_sampler);
	u32 w;

	if (likely(s->left > 1)) {
		s->left--;
		return 0;
	}
	w = s->weight ?: 1;
	s->weight = memgov_time_gap(get_random_u32());
	s->left = s->weight;
	return w;
}

static __always_inline void memgov_call_begin(struct memgov_policy *p,
					      struct memgov_call_clock *c, bool hot)
{
	struct memgov_running *r = this_cpu_ptr(&memgov_running);

	c->prev = *r;
	c->j0 = jiffies;
	c->lt0 = memgov_local_ticks();
	c->t0 = 0;
	c->weight = 1;
	if (!hot) {
		c->irqs = memgov_irqs_taken();
		c->t0 = ktime_get_ns();
	} else {
		struct memgov_time_carry *carry = this_cpu_ptr(&memgov_time_carry);
		u32 w = memgov_sample_weight();

		c->tries = 0;
		if (unlikely(carry->weight) && carry->policy_id == p->id) {
			w += carry->weight;
			carry->weight = 0;
			c->tries = carry->tries;
		}
		if (w) {
			c->weight = w;
			c->irqs = memgov_irqs_taken();
			c->t0 = ktime_get_ns();
		}
	}
	r->p = p;
	r->level = interrupt_context_level();
}

static __always_inline void memgov_call_end(struct memgov_policy *p,
					    struct memgov_call_clock *c)
{
	unsigned long jdiff = jiffies - c->j0, local = memgov_local_ticks() - c->lt0;

	*this_cpu_ptr(&memgov_running) = c->prev;
	atomic64_inc(&p->calls);
	memgov_stat_inc(MEMGOV_STATS_A_CALLBACKS);
	if (c->t0) {
		u64 ns = ktime_get_ns() - c->t0;
		bool interrupted = memgov_irqs_taken() != c->irqs;
		u32 w = c->weight;

		/*
		 * The longest call as the clock saw it, interrupts included (the judge may count
		 * less of it): a report, not a rule, so a lost race only loses one sample.
		 */
		if (unlikely(ns > READ_ONCE(p->slowest_ns)))
			WRITE_ONCE(p->slowest_ns, ns);

		if (w > 1) {
			struct memgov_time_carry *carry = this_cpu_ptr(&memgov_time_carry);

			/* Another policy's re-sample is pending: this call counts as it is. */
			if (!carry->weight) {
				w = memgov_time_weigh(w, interrupted, c->tries);
				if (!w) {
					carry->policy_id = p->id;
					carry->weight = c->weight;
					carry->tries = c->tries + 1;
				}
			}
		}
		if (!IS_ENABLED(CONFIG_X86_LOCAL_APIC))
			interrupted = false;
		memgov_gov_called(p, memgov_time_present_ns(ns, interrupted, local, TICK_NSEC), w);
		return;
	}
	/* Every call that ran a tick or more counts, clocked or not (local == jdiff without a
	 * per-CPU count: memgov_local_ticks()). */
	if (unlikely(jdiff >= 2)) {
		memgov_gov_called(p, memgov_judge_ticks_ns(c->j0, c->j0 + jdiff, local,
							   TICK_NSEC), 1);
	}
}

#define __MEMGOV_CALL(p, call, hot) ({					\
	struct memgov_call_clock __clk;					\
	typeof(call) __ret;						\
	memgov_call_begin((p), &__clk, (hot));				\
	__ret = (call);							\
	memgov_call_end((p), &__clk);					\
	__ret;								\
})

#define __MEMGOV_CALL_VOID(p, call, hot) do {				\
	struct memgov_call_clock __clk;					\
	memgov_call_begin((p), &__clk, (hot));				\
	call;								\
	memgov_call_end((p), &__clk);					\
} while (0)

#define MEMGOV_CALL(p, call) __MEMGOV_CALL(p, call, false)
#define MEMGOV_CALL_HOT(p, call) __MEMGOV_CALL(p, call, true)
#define MEMGOV_CALL_VOID(p, call) __MEMGOV_CALL_VOID(p, call, false)
#define MEMGOV_CALL_VOID_HOT(p, call) __MEMGOV_CALL_VOID(p, call, true)

#endif /* _MEMGOV_KMOD_CALL_H */
