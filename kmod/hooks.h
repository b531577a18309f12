/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hook points on the distro kernel's MM decision functions, installed with kprobes and
 * kretprobes only while a policy that needs them is attached.
 */
#ifndef _MEMGOV_HOOKS_H
#define _MEMGOV_HOOKS_H

#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/types.h>

enum memgov_hook {
	MEMGOV_HOOK_OOM,	/* out_of_memory() and oom_badness() */
	MEMGOV_HOOK_CHARGE,	/* try_charge_memcg() */
	MEMGOV_HOOK_UNCHARGE,	/* __mem_cgroup_uncharge{,_folios}() */
	MEMGOV_HOOK_PROTECT,	/* mem_cgroup_calculate_protection() */
	MEMGOV_HOOK_ONLINE,	/* mem_cgroup_css_online() */
	MEMGOV_HOOK_OFFLINE,	/* mem_cgroup_css_offline() */
	MEMGOV_HOOK_EVENTS,	/* __count_memcg_events(), workingset_refault() */
	MEMGOV_HOOK_DECLARE,	/* try_to_free_mem_cgroup_pages(), mem_cgroup_out_of_memory() */
	__MEMGOV_HOOK_MAX,
};

/*
 * An ftrace entry hook @name calling @handler(fregs) with the probed function's arguments.
 * It is the ftrace_ops callback itself, so a hooked call costs the ftrace trampoline and a
 * direct call.  It brings its own recursion guard (the ops does not ask ftrace for one, which
 * would add ftrace_ops_assist_func() to every call), and the guard disables preemption: the
 * handler runs under RCU, like a kprobe's.
 */
#define MEMGOV_FENTRY(name, handler)						\
static void name(unsigned long ip, unsigned long parent_ip,			\
		 struct ftrace_ops *op, struct ftrace_regs *fregs)		\
{										\
	int bit = ftrace_test_recursion_trylock(ip, parent_ip);		\
										\
	if (bit < 0)								\
		return;								\
	handler(fregs);								\
	ftrace_test_recursion_unlock(bit);					\
}

/*
 * One probed kernel function: an ftrace entry hook when @fentry is set (the cheapest: only
 * argument registers are saved, for the hot charge and fault paths), else a kretprobe when
 * @ret is set (the return value or a post-call decision is needed), else a kprobe.  The
 * kernel structures are rebuilt from these fields on every registration: a kprobe keeps a
 * resolved address that a second registration would reject.
 */
struct memgov_probe {
	const char *symbol;		/* the function probed: its spelling in this kernel */
	const char *renamed;		/* its later name, if a kernel renamed it (same prototype) */
	const char *params;		/* "name:struct,name": the prototype the handler decodes */
	ftrace_func_t fentry;		/* defined with MEMGOV_FENTRY() */
	bool ipmodify;			/* the fentry handler may redirect the call */
	kprobe_pre_handler_t pre;
	kretprobe_handler_t entry;
	kretprobe_handler_t ret;
	size_t data_size;
	union {
		struct kprobe kp;
		struct kretprobe krp;
		struct ftrace_ops fops;
	};
};

struct memgov_hook_desc {
	const char *name;
	struct memgov_probe *probes;
	unsigned int nprobes;
	void (*removed)(void);		/* after the probes are gone: reset state they left */
};

extern const struct memgov_hook_desc memgov_hook_oom;
extern const struct memgov_hook_desc memgov_hook_charge;
extern const struct memgov_hook_desc memgov_hook_uncharge;
extern const struct memgov_hook_desc memgov_hook_protect;
extern const struct memgov_hook_desc memgov_hook_online;
extern const struct memgov_hook_desc memgov_hook_offline;
extern const struct memgov_hook_desc memgov_hook_events;

int memgov_hooks_init(void);
int memgov_symcheck(const struct memgov_probe *const *probes, unsigned int n);
void memgov_hooks_exit(void);
/* Install the hooks in @mask not installed yet; all or nothing.  Process context. */
int memgov_hooks_get(unsigned long mask);
void memgov_hooks_put(unsigned long mask);
/* Ask for the event counters from any context; installed by a worker. */
void memgov_hooks_want_events(void);

/* kmod/throttle.c: delay the current task at its return to user space. */
unsigned int memgov_throttle_current(unsigned int ms);

/* kmod/hook_oom.c */
int memgov_oom_kill(void *ctx, struct task_struct *task, const char *reason);

/* kmod/memcg_events.c: per-cgroup counters a policy steers by. */
enum memgov_event {
	MEMGOV_EV_PGFAULT,
	MEMGOV_EV_PGMAJFAULT,
	MEMGOV_EV_REFAULT,
	__MEMGOV_EV_MAX,
};
u64 memgov_events_read(u64 cgroup_id, u32 event);
void memgov_events_reset(void);
void memgov_events_sweep(void);

#endif /* _MEMGOV_HOOKS_H */
