// SPDX-License-Identifier: GPL-2.0
/*
 * Prototype check over raw BTF.
 *
 * A kprobe or ftrace handler reads arguments positionally.  If a kernel update renamed,
 * reordered or retyped a parameter, the handler would misread it silently; this compares a
 * function's BTF prototype with the one the handler was written for.  The parser reads only
 * what it needs: FUNC -> FUNC_PROTO -> parameter names and, for pointers, the name of the
 * struct pointed to.
 */
#include <linux/btf.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <uapi/linux/btf.h>
#include "protocheck.h"

struct btf_view {
	const char *strs;
	u32 str_len;
	const struct btf_type **types;	/* by id; [0] is void */
	u32 ntypes;
};

static const char *str_at(const struct btf_view *v, u32 off)
{
	return off < v->str_len ? v->strs + off : "";
}

/* Bytes of kind-specific data after a btf_type, or -1 for a kind we do not know. */
static long extra_size(const struct btf_type *t)
{
	u32 vlen = btf_type_vlen(t);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return vlen * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return vlen * sizeof(struct btf_var_secinfo);
	}
	return -1;
}

static int view_init(struct btf_view *v, const void *data, size_t size)
{
	const struct btf_header *h = data;
	const void *p, *end;
	u32 cap = 64;

	if (size < sizeof(*h) || h->magic != BTF_MAGIC ||
	    (u64)h->hdr_len + h->type_off + h->type_len > size ||
	    (u64)h->hdr_len + h->str_off + h->str_len > size)
		return -EBADMSG;
	v->strs = data + h->hdr_len + h->str_off;
	v->str_len = h->str_len;
	v->types = kvmalloc_array(cap, sizeof(*v->types), GFP_KERNEL);
	if (!v->types)
		return -ENOMEM;
	v->types[0] = NULL;
	v->ntypes = 1;
	p = data + h->hdr_len + h->type_off;
	end = p + h->type_len;
	while (p + sizeof(struct btf_type) <= end) {
		const struct btf_type *t = p;
		long extra = extra_size(t);

		if (extra < 0 || p + sizeof(*t) + extra > end)
			return -EBADMSG;
		if (v->ntypes == cap) {
			const struct btf_type **n;

			n = kvrealloc(v->types, cap * 2 * sizeof(*n), GFP_KERNEL);
			if (!n)
				return -ENOMEM;
			v->types = n;
			cap *= 2;
		}
		v->types[v->ntypes++] = t;
		p += sizeof(*t) + extra;
	}
	return 0;
}

static const struct btf_type *type_at(const struct btf_view *v, u32 id)
{
	return id && id < v->ntypes ? v->types[id] : NULL;
}

/* The struct a pointer parameter points to, through typedefs and qualifiers, or "". */
static const char *pointee_struct(const struct btf_view *v, u32 id)
{
	const struct btf_type *t = type_at(v, id);
	int depth;

	if (!t || BTF_INFO_KIND(t->info) != BTF_KIND_PTR)
		return "";
	for (depth = 0, t = type_at(v, t->type); t && depth < 8; depth++) {
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_FWD:
			return str_at(v, t->name_off);
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			t = type_at(v, t->type);
			continue;
		}
		break;
	}
	return "";
}

/*
 * @want: "name:struct,name,..." -- each parameter's name, and for a pointer to a struct,
 * that struct's name.  Returns 0 on a match, else fills @why.
 */
static int check_proto(const struct btf_view *v, const struct btf_type *func, const char *want,
		       char *why, size_t len)
{
	const struct btf_type *proto = type_at(v, func->type);
	const struct btf_param *par;
	char buf[128], *spec, *tok, *sname;
	u32 i = 0;

	if (!proto || BTF_INFO_KIND(proto->info) != BTF_KIND_FUNC_PROTO) {
		scnprintf(why, len, "no prototype");
		return -EINVAL;
	}
	par = (const struct btf_param *)(proto + 1);
	strscpy(buf, want, sizeof(buf));
	spec = buf;
	while ((tok = strsep(&spec, ","))) {
		sname = strchr(tok, ':');
		if (sname)
			*sname++ = '\0';
		if (i >= btf_type_vlen(proto)) {
			scnprintf(why, len, "has %u parameters, memgov expects more", i);
			return -EINVAL;
		}
		if (strcmp(str_at(v, par[i].name_off), tok)) {
			scnprintf(why, len, "parameter %u is '%s', memgov expects '%s'", i + 1,
				  str_at(v, par[i].name_off), tok);
			return -EINVAL;
		}
		if (sname && strcmp(pointee_struct(v, par[i].type), sname)) {
			scnprintf(why, len, "parameter '%s' is not a struct %s *", tok, sname);
			return -EINVAL;
		}
		i++;
	}
	if (i != btf_type_vlen(proto)) {
		scnprintf(why, len, "has %u parameters, memgov expects %u", btf_type_vlen(proto), i);
		return -EINVAL;
	}
	return 0;
}

/**
 * memgov_protocheck() - check functions' prototypes in raw BTF
 * @btf: the BTF blob (e.g. /sys/kernel/btf/vmlinux)
 * @len: its size
 * @want: the functions and the prototypes expected
 * @n: how many
 * @bad: set to the index in @want of the first mismatch
 * @why: filled with what differs
 * @whylen: size of @why
 *
 * Return: 0 when all match; -ENOENT when a function is missing, -EINVAL when its prototype
 * changed, -EBADMSG for malformed BTF, -ENOMEM.
 */
int memgov_protocheck(const void *btf, size_t len, const struct memgov_proto *want,
		      unsigned int n, unsigned int *bad, char *why, size_t whylen)
{
	struct btf_view v = {};
	bool *found;
	unsigned int i;
	u32 id;
	int err;

	*bad = 0;
	found = kcalloc(n, sizeof(*found), GFP_KERNEL);
	if (!found)
		return -ENOMEM;
	err = view_init(&v, btf, len);
	if (err) {
		scnprintf(why, whylen, "malformed BTF");
		goto out;
	}
	for (id = 1; id < v.ntypes && !err; id++) {
		const struct btf_type *t = v.types[id];

		if (BTF_INFO_KIND(t->info) != BTF_KIND_FUNC)
			continue;
		for (i = 0; i < n; i++) {
			if (found[i] || strcmp(str_at(&v, t->name_off), want[i].symbol))
				continue;
			found[i] = true;
			if (check_proto(&v, t, want[i].params, why, whylen)) {
				*bad = i;
				err = -EINVAL;
				break;
			}
		}
	}
	for (i = 0; i < n && !err; i++) {
		if (!found[i]) {
			*bad = i;
			scnprintf(why, whylen, "not in the BTF");
			err = -ENOENT;
		}
	}
out:
	kfree(found);
	kvfree(v.types);
	return err;
}
