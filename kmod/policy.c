// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of attached policies and their ejection.
 *
 * Lock order: the struct_ops update_mutex (held by the BPF core around reg/unreg and
 * link->ops->detach) comes before policy_lock.  So a link is never detached while
 * policy_lock is held: ejection takes a reference on the link under the lock, drops the
 * lock, then detaches.
 */
#include <linux/bpf.h>
#include <linux/cgroup.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <memgov/names.h>
#include "policy.h"
#include "stats.h"
#include "notify.h"

/* Exit records kept for loaders and memgovctl to read. */
#define MEMGOV_HISTORY_LEN 16

static DEFINE_MUTEX(policy_lock);
static LIST_HEAD(active_list);
static LIST_HEAD(history_list);
static unsigned int history_len;
static u64 next_id = 1;
static u32 nattached;
static u32 nejected;
/* Bumped whenever the lists change, so that a dump in parts can tell it was cut. */
static u32 generation = 1;

struct memgov_policy_table __rcu *memgov_policy_tables[__MEMGOV_POLICY_MAX];

/*
 * Take policy_lock with a table allocated beforehand that can hold every attached policy plus
 * @extra: nothing is allocated under the lock (an ejection needs it, and allocating may wait
 * for reclaim under the very pressure that calls for the ejection).
 */
static struct memgov_policy_table *lock_with_table(unsigned int extra)
{
	struct memgov_policy_table *t;
	unsigned int cap, bits;

	for (;;) {
		cap = READ_ONCE(nattached) + extra;
		/* At most half full: short probe runs. */
		bits = order_base_2(max(2 * cap, 2U));
		t = kzalloc(struct_size(t, pol, cap + (1U << bits)), GFP_KERNEL | __GFP_NOFAIL);
		t->slot = &t->pol[cap];
		t->bits = bits;
		mutex_lock(&policy_lock);
		if (nattached + extra <= cap)
			return t;
		/* Attached meanwhile: size it again. */
		mutex_unlock(&policy_lock);
		kfree(t);
	}
}

/* Publish the table of @type's policies in *@spare (then NULL); the caller frees a spare left. */
static void table_rebuild(u32 type, struct memgov_policy_table **spare)
{
	struct memgov_policy_table *t = NULL, *old;
	struct memgov_policy *p;
	unsigned int n = 0;

	lockdep_assert_held(&policy_lock);
	list_for_each_entry(p, &active_list, node)
		n += p->type == type;
	if (n) {
		unsigned int i, mask;

		t = *spare;
		*spare = NULL;
		mask = (1U << t->bits) - 1;
		list_for_each_entry(p, &active_list, node) {
			if (p->type != type)
				continue;
			t->pol[t->n++] = p;
			if (!p->cgrp || !p->cgrp->level) {
				t->root = p;
				continue;
			}
			for (i = hash_ptr(p->cgrp, t->bits); t->slot[i]; i = (i + 1) & mask)
				;
			t->slot[i] = p;
		}
	}
	old = rcu_replace_pointer(memgov_policy_tables[type], t, lockdep_is_held(&policy_lock));
	if (old)
		kfree_rcu(old, rcu);
}

bool memgov_policy_any(u32 type)
{
	return rcu_access_pointer(memgov_policy_tables[type]) != NULL;
}

/* Is @anc (NULL: the root) an ancestor of, or equal to, @cgrp? */
static bool covers(struct cgroup *anc, struct cgroup *cgrp)
{
	if (!anc)
		return true;
	if (!cgrp)
		return false;
	return cgroup_is_descendant(cgrp, anc);
}


static const char *const exit_kind_names[__MEMGOV_EXIT_MAX] = MEMGOV_EXIT_KIND_NAMES;

const char *memgov_exit_kind_str(u32 kind)
{
	if (kind >= __MEMGOV_EXIT_MAX)
		return "unknown";
	return exit_kind_names[kind];
}

/* Would attaching a policy of @type at @cgrp break the one-per-cgroup or override rules? */
static int attach_conflict(u32 type, struct cgroup *cgrp, u32 flags, const char *name)
{
	struct memgov_policy *pos;
	u64 cgid = cgrp ? cgroup_id(cgrp) : 0;

	lockdep_assert_held(&policy_lock);
	list_for_each_entry(pos, &active_list, node) {
		if (pos->type != type)
			continue;
		if (pos->cgrp == cgrp) {
			pr_info("policy '%s' refused: '%s' already governs cgroup %llu\n",
				name, pos->name, cgid);
			return -EEXIST;
		}
		/* A nearer ancestor decides for its subtree unless it allows overriding. */
		if (covers(pos->cgrp, cgrp) && !(pos->flags & MEMGOV_F_ALLOW_OVERRIDE)) {
			pr_info("policy '%s' refused: ancestor policy '%s' (cgroup %llu) does not allow overriding\n",
				name, pos->name, pos->cgroup_id);
			return -EPERM;
		}
		if (covers(cgrp, pos->cgrp) && !(flags & MEMGOV_F_ALLOW_OVERRIDE)) {
			pr_info("policy '%s' refused: descendant cgroup %llu has policy '%s'; attach with allow-override\n",
				name, pos->cgroup_id, pos->name);
			return -EBUSY;
		}
	}
	return 0;
}

/**
 * memgov_policy_may_attach() - check the attach rules before anything is installed
 * @type: MEMGOV_POLICY_*
 * @cgrp: where it would attach, NULL for the whole system
 * @flags: its MEMGOV_F_* flags
 * @name: its name, for the log
 *
 * The caller serialises attaches, so the answer holds until memgov_policy_attach().
 */
int memgov_policy_may_attach(u32 type, struct cgroup *cgrp, u32 flags, const char *name)
{
	int err;

	mutex_lock(&policy_lock);
	err = attach_conflict(type, cgrp, flags, name);
	mutex_unlock(&policy_lock);
	if (err)
		memgov_stat_inc(MEMGOV_STATS_A_ATTACH_REFUSED);
	return err;
}

/**
 * memgov_policy_new() - a policy, not yet attached
 * @type: MEMGOV_POLICY_*
 * @kdata: its struct_ops data
 * @link: its link
 * @name: its name
 * @cgrp: the cgroup it governs (referenced by the caller), NULL for the whole system
 * @flags: MEMGOV_F_*
 * @hooks: BIT(enum memgov_hook) it needs
 *
 * The caller gives it its governor state (see gov.h) and attaches it with
 * memgov_policy_attach(), or frees it with memgov_policy_free().
 */
struct memgov_policy *memgov_policy_new(u32 type, void *kdata, struct bpf_link *link,
					const char *name, struct cgroup *cgrp, u32 flags,
					unsigned long hooks)
{
	struct memgov_policy *p;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return NULL;
	p->type = type;
	p->kdata = kdata;
	p->link = link;
	p->cgroup_id = cgrp ? cgroup_id(cgrp) : 0;
	p->cgrp = cgrp;
	p->hooks = hooks;
	p->flags = flags;
	strscpy(p->name, name, sizeof(p->name));
	p->attach_time = ktime_get_boottime_ns();
	p->state = MEMGOV_STATE_ATTACHED;
	atomic_set(&p->eject_claimed, 0);
	return p;
}

/* A policy's memory, with its unused ejection request (the governor's). */
void memgov_policy_free(struct memgov_policy *p)
{
	kfree(xchg(&p->eject_req, NULL));
	kfree(p);
}

/* Attach @p, or refuse it (and free it) when the hierarchy rules say no. */
int memgov_policy_attach(struct memgov_policy *p)
{
	struct memgov_policy_table *spare;
	int err;

	spare = lock_with_table(1);
	err = attach_conflict(p->type, p->cgrp, p->flags, p->name);
	if (err) {
		mutex_unlock(&policy_lock);
		kfree(spare);
		memgov_stat_inc(MEMGOV_STATS_A_ATTACH_REFUSED);
		memgov_policy_free(p);
		return err;
	}
	p->id = next_id++;
	list_add_tail(&p->node, &active_list);
	nattached++;
	generation++;
	table_rebuild(p->type, &spare);
	mutex_unlock(&policy_lock);
	kfree(spare);
	memgov_stat_inc(MEMGOV_STATS_A_ATTACHES);

	pr_info("policy '%s' attached (%s, cgroup %llu)\n", p->name,
		p->type == MEMGOV_POLICY_OOM ? "oom" : p->type == MEMGOV_POLICY_PSI ? "psi" : "memcg",
		p->cgroup_id);
	return 0;
}

/*
 * The BPF core gives a link its id only after reg() returned (bpf_link_settle()), so read it
 * from the link while the policy is attached.  Caller holds policy_lock.
 */
u32 memgov_policy_link_id(const struct memgov_policy *p)
{
	return p->link ? READ_ONCE(p->link->id) : p->link_id;
}

static void history_trim(void)
{
	struct memgov_policy *old;

	while (history_len > MEMGOV_HISTORY_LEN) {
		old = list_last_entry(&history_list, struct memgov_policy, node);
		/* Its exit is being announced: the next trim takes it. */
		if (old->announcing)
			break;
		list_del(&old->node);
		history_len--;
		generation++;
		kfree(xchg(&old->eject_req, NULL));
		kfree_rcu(old, rcu);
	}
}

/*
 * Called from unreg().  Returns the hooks the policy held, for the caller to drop once no
 * hook can still be calling into it.
 */
unsigned long memgov_policy_detached(u32 type, void *kdata)
{
	struct memgov_policy *p, *found = NULL;
	struct memgov_note note = { .kind = MEMGOV_NOTE_POLICY_EXIT };
	struct memgov_policy_table *spare;
	unsigned long hooks;

	spare = lock_with_table(0);
	list_for_each_entry(p, &active_list, node) {
		if (p->kdata == kdata && p->type == type) {
			found = p;
			break;
		}
	}
	if (!found) {
		mutex_unlock(&policy_lock);
		kfree(spare);
		return 0;
	}
	p = found;
	list_del(&p->node);
	nattached--;
	generation++;
	table_rebuild(type, &spare);
	/* A claimed ejection has already written kind and reason. */
	if (!atomic_xchg(&p->eject_claimed, 1)) {
		p->exit.kind = MEMGOV_EXIT_UNLOADED;
		strscpy(p->exit.reason, "link detached by its owner", sizeof(p->exit.reason));
	} else {
		nejected++;
	}
	p->exit.time = ktime_get_boottime_ns();
	p->link_id = memgov_policy_link_id(p);
	p->state = MEMGOV_STATE_EXITED;
	p->link = NULL;
	hooks = p->hooks;
	/* Hooks that found @p in an old table may still call through kdata until the grace
	 * period the BPF core waits for before it frees the map; they may read the cgroup too,
	 * which the cgroup core frees only after an RCU grace period. */
	if (p->cgrp)
		cgroup_put(p->cgrp);
	list_add(&p->node, &history_list);
	history_len++;
	memgov_stat_exit(p->exit.kind);
	/* Announced with the lock dropped; until then no trim frees it. */
	p->announcing = true;
	history_trim();
	mutex_unlock(&policy_lock);
	kfree(spare);

	pr_info("policy '%s' detached: %s: %s\n", p->name, memgov_exit_kind_str(p->exit.kind),
		p->exit.reason);
	note.policy = p;
	memgov_notify(&note);
	mutex_lock(&policy_lock);
	p->announcing = false;
	history_trim();
	mutex_unlock(&policy_lock);
	return hooks;
}

/*
 * Claim the ejection of @p and take a reference on its link.  Caller holds policy_lock.
 * Returns the link to detach, or NULL when someone else already claimed it or the link is
 * on its way out anyway.
 */
static struct bpf_link *eject_claim(struct memgov_policy *p, u32 kind, const char *reason,
				    const char *msg)
{
	struct bpf_link *link;

	lockdep_assert_held(&policy_lock);
	if (atomic_cmpxchg(&p->eject_claimed, 0, 1))
		return NULL;
	/* No more calls into it, whoever asked (memgov_policy_live()). */
	atomic_set(&p->verdict, 1);
	p->exit.kind = kind;
	strscpy(p->exit.reason, reason ?: "", sizeof(p->exit.reason));
	strscpy(p->exit.msg, msg ?: "", sizeof(p->exit.msg));
	/*
	 * The link cannot be freed under us: unreg() runs before the link is freed and takes
	 * policy_lock to drop @p from the active list.
	 */
	link = bpf_link_inc_not_zero(p->link);
	if (IS_ERR(link))
		return NULL;
	return link;
}

static void eject_link(struct bpf_link *link)
{
	/* Ends in unreg() -> memgov_policy_detached(); wakes the owner's poll() with POLLHUP. */
	link->ops->detach(link);
	bpf_link_put(link);
}

/**
 * memgov_policy_by_id() - the attached policy with @id, or NULL
 * @id: memgov_policy.id
 *
 * Caller holds rcu_read_lock().
 */
struct memgov_policy *memgov_policy_by_id(u64 id)
{
	struct memgov_policy_table *t;
	unsigned int type, i;

	for (type = 0; type < __MEMGOV_POLICY_MAX; type++) {
		t = memgov_policy_table(type);
		for (i = 0; t && i < t->n; i++)
			if (t->pol[i]->id == id)
				return t->pol[i];
	}
	return NULL;
}

/* Run @fn on every attached policy, under policy_lock (process context). */
void memgov_policy_for_each(void (*fn)(struct memgov_policy *p, void *arg), void *arg)
{
	struct memgov_policy *p;

	mutex_lock(&policy_lock);
	list_for_each_entry(p, &active_list, node)
		fn(p, arg);
	mutex_unlock(&policy_lock);
}

/* The attached policy with the smallest id >= @min_id, to walk them under RCU. */
struct memgov_policy *memgov_policy_next(u64 min_id)
{
	struct memgov_policy *best = NULL;
	struct memgov_policy_table *t;
	unsigned int type, i;

	for (type = 0; type < __MEMGOV_POLICY_MAX; type++) {
		t = memgov_policy_table(type);
		for (i = 0; t && i < t->n; i++)
			if (t->pol[i]->id >= min_id && (!best || t->pol[i]->id < best->id))
				best = t->pol[i];
	}
	return best;
}

/* The attached policy whose secret token is @token; caller holds rcu_read_lock(). */
struct memgov_policy *memgov_policy_by_token(u64 token)
{
	struct memgov_policy_table *t;
	unsigned int type, i;

	for (type = 0; type < __MEMGOV_POLICY_MAX; type++) {
		t = memgov_policy_table(type);
		for (i = 0; t && i < t->n; i++)
			if (t->pol[i]->token == token)
				return t->pol[i];
	}
	return NULL;
}

/*
 * Eject the policy with @id, in process context.  By id rather than by pointer: the request
 * may come from a hook that saw the policy in an old table, after it was detached.
 */
int memgov_policy_eject_id(u64 id, u32 kind, const char *reason, const char *msg)
{
	struct memgov_policy *p;
	struct bpf_link *link = NULL;

	mutex_lock(&policy_lock);
	list_for_each_entry(p, &active_list, node) {
		if (p->id == id) {
			link = eject_claim(p, kind, reason, msg);
			break;
		}
	}
	mutex_unlock(&policy_lock);
	if (!link)
		return -ENOENT;
	eject_link(link);
	return 0;
}

/*
 * Detach synchronously every active policy @match accepts.  No allocation under the registry
 * lock: the array is sized first, and a policy attached meanwhile beyond it is caught by the
 * next round, so "detach --all" cannot miss an attach that completed while it ran.
 */
static int detach_matching(bool (*match)(const struct memgov_policy *p, const void *arg),
			   const void *arg, u32 kind, const char *reason, u32 *ndetached)
{
	struct memgov_policy *p;
	struct bpf_link **links, *link;
	unsigned int n, cap, i, round;
	bool more;

	*ndetached = 0;
	for (round = 0; round < 16; round++) {
		mutex_lock(&policy_lock);
		cap = nattached;
		mutex_unlock(&policy_lock);
		if (!cap)
			return 0;
		links = kcalloc(cap, sizeof(*links), GFP_KERNEL);
		if (!links)
			return -ENOMEM;
		n = 0;
		more = false;
		mutex_lock(&policy_lock);
		list_for_each_entry(p, &active_list, node) {
			if (!match(p, arg) || atomic_read(&p->eject_claimed))
				continue;
			if (n == cap) {
				more = true;	/* attached after we sized the array */
				break;
			}
			link = eject_claim(p, kind, reason, NULL);
			if (link)
				links[n++] = link;
		}
		mutex_unlock(&policy_lock);

		for (i = 0; i < n; i++)
			eject_link(links[i]);
		kfree(links);
		*ndetached += n;
		if (!more)
			return 0;
	}
	return 0;
}

static bool match_name(const struct memgov_policy *p, const void *arg)
{
	return !strcmp(p->name, arg);
}

static bool match_any(const struct memgov_policy *p, const void *arg)
{
	return true;
}

int memgov_policy_detach_name(const char *name, u32 *ndetached)
{
	return detach_matching(match_name, name, MEMGOV_EXIT_ADMIN,
			       "detached by an administrator", ndetached);
}

int memgov_policy_detach_all(u32 kind, const char *reason, u32 *ndetached)
{
	return detach_matching(match_any, NULL, kind, reason, ndetached);
}

void memgov_policy_counts(u32 *na, u32 *ne)
{
	mutex_lock(&policy_lock);
	*na = nattached;
	*ne = nejected;
	mutex_unlock(&policy_lock);
}

int memgov_policy_dump(struct sk_buff *skb, unsigned long *pos,
		       int (*fill)(struct sk_buff *skb, const struct memgov_policy *p, void *arg),
		       void *arg, u32 *gen)
{
	struct memgov_policy *p;
	struct list_head *lists[] = { &active_list, &history_list };
	unsigned long idx = 0;
	unsigned int l;
	int err = 0;

	mutex_lock(&policy_lock);
	*gen = generation;
	for (l = 0; l < ARRAY_SIZE(lists); l++) {
		list_for_each_entry(p, lists[l], node) {
			if (idx++ < *pos)
				continue;
			err = fill(skb, p, arg);
			if (err < 0)
				goto out;
			(*pos)++;
		}
	}
out:
	mutex_unlock(&policy_lock);
	/* A full skb ends this part of the dump; the next call resumes at *pos. */
	if (err == -EMSGSIZE && skb->len)
		err = 0;
	return err < 0 ? err : skb->len;
}

int memgov_policy_get_link(u32 link_id,
			   int (*fill)(struct sk_buff *skb, const struct memgov_policy *p, void *arg),
			   struct sk_buff *skb, void *arg)
{
	struct memgov_policy *p;
	struct list_head *lists[] = { &active_list, &history_list };
	unsigned int l;
	int err = -ENOENT;

	mutex_lock(&policy_lock);
	for (l = 0; l < ARRAY_SIZE(lists) && err == -ENOENT; l++) {
		list_for_each_entry(p, lists[l], node) {
			if (memgov_policy_link_id(p) == link_id) {
				err = fill(skb, p, arg);
				break;
			}
		}
	}
	mutex_unlock(&policy_lock);
	return err;
}

int memgov_policy_init(void)
{
	return 0;
}

void memgov_policy_exit(void)
{
	struct memgov_policy *p, *tmp;

	/* No struct_ops map of ours can exist here: each one holds a module reference. */
	WARN_ON(!list_empty(&active_list));
	list_for_each_entry_safe(p, tmp, &history_list, node) {
		list_del(&p->node);
		memgov_policy_free(p);
	}
	history_len = 0;
}
