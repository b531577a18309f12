// SPDX-License-Identifier: GPL-2.0
/*
 * The struct_ops types policies implement: memgov_oom_ops, memgov_memcg_ops, memgov_psi_ops.
 *
 * Attach is link-only (BPF_F_LINK): the link is what the governor detaches to eject a policy,
 * and what tells the loader (POLLHUP) that it was ejected.
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/btf.h>
#include <linux/cgroup.h>
#include <linux/capability.h>
#include <linux/module.h>
#include "policy.h"
#include "gov.h"
#include "stats.h"
#include "struct_ops.h"
#include "name.h"
#include "hooks.h"
#include "cgfs.h"
#include "psi.h"
#include "oom_declare.h"

/* CFI stubs: one per member, named <type>__<member> so the BPF core finds them in BTF. */
static int memgov_oom_ops__handle_out_of_memory(struct memgov_oom_ctx *ctx,
						struct oom_control *oc)
{
	return 0;
}

static void memgov_oom_ops__handle_cgroup_offline(struct memgov_oom_ctx *ctx, u64 cgroup_id)
{
}

static struct memgov_oom_ops __memgov_oom_ops = {
	.handle_out_of_memory = memgov_oom_ops__handle_out_of_memory,
	.handle_cgroup_offline = memgov_oom_ops__handle_cgroup_offline,
};

static unsigned int memgov_memcg_ops__memcg_charged(struct mem_cgroup *memcg,
						    unsigned int nr_pages)
{
	return 0;
}

static void memgov_memcg_ops__memcg_uncharged(struct mem_cgroup *memcg, unsigned int nr_pages)
{
}

static bool memgov_memcg_ops__below_low(struct mem_cgroup *memcg, unsigned long elow,
					unsigned long usage)
{
	return false;
}

static bool memgov_memcg_ops__below_min(struct mem_cgroup *memcg, unsigned long emin,
					unsigned long usage)
{
	return false;
}

static void memgov_memcg_ops__handle_cgroup_online(struct mem_cgroup *memcg)
{
}

static void memgov_memcg_ops__handle_cgroup_offline(struct mem_cgroup *memcg)
{
}

static struct memgov_memcg_ops __memgov_memcg_ops = {
	.memcg_charged = memgov_memcg_ops__memcg_charged,
	.memcg_uncharged = memgov_memcg_ops__memcg_uncharged,
	.below_low = memgov_memcg_ops__below_low,
	.below_min = memgov_memcg_ops__below_min,
	.handle_cgroup_online = memgov_memcg_ops__handle_cgroup_online,
	.handle_cgroup_offline = memgov_memcg_ops__handle_cgroup_offline,
};

static int memgov_psi_ops__init(struct memgov_psi_ctx *psi)
{
	return 0;
}

static void memgov_psi_ops__handle_psi_event(struct memgov_psi_ctx *psi,
					     struct memgov_psi_trigger *t)
{
}

static void memgov_psi_ops__handle_cgroup_online(struct memgov_psi_ctx *psi, u64 cgroup_id)
{
}

static void memgov_psi_ops__handle_cgroup_offline(struct memgov_psi_ctx *psi, u64 cgroup_id)
{
}

static struct memgov_psi_ops __memgov_psi_ops = {
	.init = memgov_psi_ops__init,
	.handle_psi_event = memgov_psi_ops__handle_psi_event,
	.handle_cgroup_online = memgov_psi_ops__handle_cgroup_online,
	.handle_cgroup_offline = memgov_psi_ops__handle_cgroup_offline,
};

static const struct bpf_func_proto *memgov_get_func_proto(enum bpf_func_id func_id,
							  const struct bpf_prog *prog)
{
	switch (func_id) {
	/*
	 * Reading arbitrary kernel memory or kernel per-CPU data would let a policy read the
	 * governor's own state (which of its calls are clocked, its tokens).  Policies read
	 * kernel objects through their typed arguments and memgov's kfuncs instead.
	 */
	case BPF_FUNC_probe_read_kernel:
	case BPF_FUNC_probe_read_kernel_str:
	case BPF_FUNC_per_cpu_ptr:
	case BPF_FUNC_this_cpu_ptr:
		return NULL;
	default:
		return bpf_base_func_proto(func_id, prog);
	}
}

static bool memgov_is_valid_access(int off, int size, enum bpf_access_type type,
				   const struct bpf_prog *prog,
				   struct bpf_insn_access_aux *info)
{
	/* Arguments are read-only; no btf_struct_access, so kernel objects are too. */
	return bpf_tracing_btf_ctx_access(off, size, type, prog, info);
}

static const struct bpf_verifier_ops memgov_verifier_ops = {
	.get_func_proto = memgov_get_func_proto,
	.is_valid_access = memgov_is_valid_access,
};

/* memgov's module BTF: the programs of its struct_ops types are attached to it. */
static struct btf *memgov_btf;

static int memgov_ops_init(struct btf *btf)
{
	WRITE_ONCE(memgov_btf, btf);
	return 0;
}

bool memgov_struct_ops_prog(const struct bpf_prog *prog)
{
	return prog->type == BPF_PROG_TYPE_STRUCT_OPS && memgov_btf &&
	       prog->aux->attach_btf == READ_ONCE(memgov_btf);
}

/*
 * Every callback runs inside a probe with preemption disabled (and the OOM handler under
 * oom_lock): a sleepable program there would sleep in atomic context, and could call the
 * sleepable kfuncs.  The verifier reports "attach to unsupported member".
 */
static int memgov_check_member(const struct btf_type *t, const struct btf_member *member,
			       const struct bpf_prog *prog)
{
	if (prog->sleepable) {
		pr_info("refused sleepable program '%s' for a callback: callbacks run in atomic context\n",
			prog->aux->name);
		return -EINVAL;
	}
	return 0;
}

/* The name the policy's map carries, checked (governor/name.c) and copied. */
static int copy_name(char *dst, const char *src)
{
	int len = memgov_name_len(src, MEMGOV_NAME_LEN);

	if (len < 0)
		return len;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

/* Copy the data members shared by both types; 1 = handled, 0 = not a data member. */
static int init_data_member(u32 moff, size_t off_cgroup, size_t off_flags, size_t off_name,
			    void *kdata, const void *udata)
{
	if (moff == off_name)
		return copy_name(kdata + off_name, udata + off_name) ?: 1;
	if (moff == off_cgroup) {
		*(u64 *)(kdata + moff) = *(const u64 *)(udata + moff);
		return 1;
	}
	if (moff == off_flags) {
		u32 flags = *(const u32 *)(udata + moff);

		if (flags & ~MEMGOV_F_MASK)
			return -EINVAL;
		*(u32 *)(kdata + moff) = flags;
		return 1;
	}
	return 0;
}

static int oom_init_member(const struct btf_type *t, const struct btf_member *member,
			   void *kdata, const void *udata)
{
	return init_data_member(__btf_member_bit_offset(t, member) / 8,
				offsetof(struct memgov_oom_ops, cgroup_id),
				offsetof(struct memgov_oom_ops, flags),
				offsetof(struct memgov_oom_ops, name), kdata, udata);
}

static int psi_init_member(const struct btf_type *t, const struct btf_member *member,
			   void *kdata, const void *udata)
{
	return init_data_member(__btf_member_bit_offset(t, member) / 8,
				offsetof(struct memgov_psi_ops, cgroup_id),
				offsetof(struct memgov_psi_ops, flags),
				offsetof(struct memgov_psi_ops, name), kdata, udata);
}

static int memcg_init_member(const struct btf_type *t, const struct btf_member *member,
			     void *kdata, const void *udata)
{
	return init_data_member(__btf_member_bit_offset(t, member) / 8,
				offsetof(struct memgov_memcg_ops, cgroup_id),
				offsetof(struct memgov_memcg_ops, flags),
				offsetof(struct memgov_memcg_ops, name), kdata, udata);
}

/*
 * The cgroup must exist now; a policy for a cgroup that is gone governs nothing.  The root
 * cgroup is the whole system: it is stored as NULL / cgroup id 0.
 */
static int get_cgroup(u64 cgroup_id, struct cgroup **cgrpp)
{
	struct cgroup *cgrp;

	*cgrpp = NULL;
	if (!cgroup_id)
		return 0;
	cgrp = cgroup_get_from_id(cgroup_id);
	if (IS_ERR(cgrp))
		return -ENOENT;
	if (!cgroup_parent(cgrp)) {
		cgroup_put(cgrp);
		return 0;
	}
	*cgrpp = cgrp;
	return 0;
}

/* Serialises attaches (after the BPF core's update_mutex, before the registry's locks). */
static DEFINE_MUTEX(attach_lock);

static int reg_common(u32 type, void *kdata, struct bpf_link *link, const char *name,
		      u64 cgroup_id, u32 flags, unsigned long hooks, struct memgov_policy **pout)
{
	struct cgroup *cgrp;
	struct memgov_policy *p;
	int err;

	/* Without a link the governor could not eject the policy. */
	if (!link)
		return -EOPNOTSUPP;
	/*
	 * A policy decides for every task of its cgroup, the whole system at the root: a BPF
	 * token or CAP_BPF delegated in a user namespace is not enough.
	 */
	if (!capable(CAP_SYS_ADMIN)) {
		pr_info("policy '%s' refused: attaching needs CAP_SYS_ADMIN in the initial user namespace\n",
			name);
		memgov_stat_inc(MEMGOV_STATS_A_ATTACH_REFUSED);
		return -EPERM;
	}
	if (memgov_gov_refuse_attach()) {
		pr_info("policy '%s' refused: attaching is switched off (refuse_attach=1)\n", name);
		memgov_stat_inc(MEMGOV_STATS_A_ATTACH_REFUSED);
		return -EACCES;
	}
	/* The thrash detector reads the cgroup2 hierarchy: without it, nothing is judged. */
	if ((type == MEMGOV_POLICY_MEMCG || type == MEMGOV_POLICY_PSI) && memgov_cgfs_pin()) {
		pr_info("policy '%s' refused: no cgroup2 hierarchy at cgroup_mount=%s\n", name,
			memgov_cgroup_mount);
		return -ENOENT;
	}
	err = get_cgroup(cgroup_id, &cgrp);
	if (err)
		return err;
	/*
	 * The rules first, the probes after: a refused policy patches no kernel text.  Attaches
	 * are serialised so that the rules still hold when the policy is inserted.
	 */
	mutex_lock(&attach_lock);
	err = memgov_policy_may_attach(type, cgrp, flags, name);
	if (err)
		goto err_cgroup;
	err = memgov_hooks_get(hooks);
	if (err)
		goto err_cgroup;
	p = memgov_policy_new(type, kdata, link, name, cgrp, flags, hooks);
	if (!p) {
		err = -ENOMEM;
		goto err_hooks;
	}
	err = memgov_gov_policy_init(p);
	if (err) {
		memgov_policy_free(p);
		goto err_hooks;
	}
	err = memgov_policy_attach(p);	/* frees @p when it refuses */
	if (err)
		goto err_hooks;
	mutex_unlock(&attach_lock);
	memgov_gov_start();
	if (pout)
		*pout = p;
	return 0;

err_hooks:
	memgov_hooks_put(hooks);
err_cgroup:
	mutex_unlock(&attach_lock);
	if (cgrp)
		cgroup_put(cgrp);
	return err;
}

static void unreg_common(u32 type, void *kdata)
{
	unsigned long hooks;

	hooks = memgov_policy_detached(type, kdata);
	/* From here on no hook calls into this policy: readers of the old table are gone. */
	synchronize_rcu();
	memgov_hooks_put(hooks);
}

static unsigned long oom_hooks(const struct memgov_oom_ops *ops)
{
	unsigned long h = 0;

	if (ops->handle_out_of_memory)
		h |= BIT(MEMGOV_HOOK_OOM);
	if (ops->handle_cgroup_offline)
		h |= BIT(MEMGOV_HOOK_OFFLINE);
	return h;
}

static unsigned long memcg_hooks(const struct memgov_memcg_ops *ops)
{
	unsigned long h = 0;

	if (ops->memcg_charged)
		h |= BIT(MEMGOV_HOOK_CHARGE);
	if (ops->memcg_uncharged)
		h |= BIT(MEMGOV_HOOK_UNCHARGE);
	/* An OOM where its protection is in force suspends it (memgov_gov_oom_protection()). */
	if (ops->below_low || ops->below_min)
		h |= BIT(MEMGOV_HOOK_PROTECT) | BIT(MEMGOV_HOOK_OOM);
	if (ops->handle_cgroup_online)
		h |= BIT(MEMGOV_HOOK_ONLINE);
	if (ops->handle_cgroup_offline)
		h |= BIT(MEMGOV_HOOK_OFFLINE);
	return h;
}

static int oom_reg(void *kdata, struct bpf_link *link)
{
	struct memgov_oom_ops *ops = kdata;

	return reg_common(MEMGOV_POLICY_OOM, kdata, link, ops->name, ops->cgroup_id, ops->flags,
			  oom_hooks(ops), NULL);
}

static void oom_unreg(void *kdata, struct bpf_link *link)
{
	unreg_common(MEMGOV_POLICY_OOM, kdata);
}

static int memcg_reg(void *kdata, struct bpf_link *link)
{
	struct memgov_memcg_ops *ops = kdata;

	return reg_common(MEMGOV_POLICY_MEMCG, kdata, link, ops->name, ops->cgroup_id,
			  ops->flags, memcg_hooks(ops), NULL);
}

static void memcg_unreg(void *kdata, struct bpf_link *link)
{
	unreg_common(MEMGOV_POLICY_MEMCG, kdata);
}

/*
 * Online needs the memcg online probe; offline is noticed by the trigger work itself.
 */
static unsigned long psi_hooks(const struct memgov_psi_ops *ops)
{
	/* Any of them may declare an OOM (bpf_out_of_memory()). */
	return BIT(MEMGOV_HOOK_DECLARE) | (ops->handle_cgroup_online ? BIT(MEMGOV_HOOK_ONLINE) : 0);
}

/*
 * Attached first, then init(): its triggers belong to a policy the governor already judges
 * (init() is timed like any callback).  A failed init() detaches it again.
 */
static int psi_reg(void *kdata, struct bpf_link *link)
{
	struct memgov_psi_ops *ops = kdata;
	struct memgov_policy *p;
	int err;

	err = reg_common(MEMGOV_POLICY_PSI, kdata, link, ops->name, ops->cgroup_id, ops->flags,
			 psi_hooks(ops), &p);
	if (err)
		return err;
	err = memgov_psi_policy_init(p);
	if (err) {
		pr_info("policy '%s' refused: its init() returned %d\n", ops->name, err);
		memgov_psi_policy_gone(kdata);
		memgov_oom_declare_wait();
		unreg_common(MEMGOV_POLICY_PSI, kdata);
	}
	return err;
}

static void psi_unreg(void *kdata, struct bpf_link *link)
{
	memgov_psi_policy_gone(kdata);
	/* Its declared OOM, if one runs, ends under the hooks that keep it to one OOM. */
	memgov_oom_declare_wait();
	unreg_common(MEMGOV_POLICY_PSI, kdata);
}

static int psi_validate(void *kdata)
{
	struct memgov_psi_ops *ops = kdata;

	/* A PSI policy without an event handler reacts to nothing. */
	return ops->name[0] && ops->handle_psi_event ? 0 : -EINVAL;
}

static int oom_validate(void *kdata)
{
	struct memgov_oom_ops *ops = kdata;

	return ops->name[0] ? 0 : -EINVAL;
}

static int memcg_validate(void *kdata)
{
	struct memgov_memcg_ops *ops = kdata;

	return ops->name[0] ? 0 : -EINVAL;
}

static struct bpf_struct_ops memgov_oom_bpf_ops = {
	.verifier_ops = &memgov_verifier_ops,
	.init = memgov_ops_init,
	.init_member = oom_init_member,
	.check_member = memgov_check_member,
	.reg = oom_reg,
	.unreg = oom_unreg,
	.validate = oom_validate,
	.cfi_stubs = &__memgov_oom_ops,
	.name = "memgov_oom_ops",
	.owner = THIS_MODULE,
};

static struct bpf_struct_ops memgov_memcg_bpf_ops = {
	.verifier_ops = &memgov_verifier_ops,
	.init = memgov_ops_init,
	.init_member = memcg_init_member,
	.check_member = memgov_check_member,
	.reg = memcg_reg,
	.unreg = memcg_unreg,
	.validate = memcg_validate,
	.cfi_stubs = &__memgov_memcg_ops,
	.name = "memgov_memcg_ops",
	.owner = THIS_MODULE,
};

static struct bpf_struct_ops memgov_psi_bpf_ops = {
	.verifier_ops = &memgov_verifier_ops,
	.init = memgov_ops_init,
	.init_member = psi_init_member,
	.check_member = memgov_check_member,
	.reg = psi_reg,
	.unreg = psi_unreg,
	.validate = psi_validate,
	.cfi_stubs = &__memgov_psi_ops,
	.name = "memgov_psi_ops",
	.owner = THIS_MODULE,
};

int memgov_struct_ops_init(void)
{
	int err;

	err = register_bpf_struct_ops(&memgov_oom_bpf_ops, memgov_oom_ops);
	if (err) {
		pr_err("cannot register struct_ops memgov_oom_ops: %d\n", err);
		return err;
	}
	err = register_bpf_struct_ops(&memgov_memcg_bpf_ops, memgov_memcg_ops);
	if (err) {
		pr_err("cannot register struct_ops memgov_memcg_ops: %d\n", err);
		return err;
	}
	err = register_bpf_struct_ops(&memgov_psi_bpf_ops, memgov_psi_ops);
	if (err) {
		pr_err("cannot register struct_ops memgov_psi_ops: %d\n", err);
		return err;
	}
	return 0;
}

void memgov_struct_ops_exit(void)
{
	/* The BPF core drops a module's struct_ops types when the module's BTF goes away. */
}
