// SPDX-License-Identifier: GPL-2.0
/*
 * btf-dedup BASE SPLIT: deduplicate the raw split BTF in SPLIT against BASE (vmlinux) again,
 * in place.  Run by kmod/tools/pahole.sh on the module BTF that 7.x's scripts/gen-btf.sh has
 * pahole write to a file: trixie's pahole 1.30 leaves copies of task_struct, mem_cgroup,
 * folio ... (their whole graph, 3,000 types) in memgov.ko's BTF against 7.2/7.3's vmlinux,
 * and the verifier then refuses a kernel task_struct for a kfunc taking memgov's copy
 * ("expected pointer to STRUCT task_struct but R2 has a pointer to STRUCT task_struct").
 *
 * Each of memgov's objects alone dedups onto vmlinux; linked together they do not, even for
 * libbpf's btf__dedup() run again (some type reachable from task_struct ends up two ways in
 * the whole module's DWARF: the graph of every struct that reaches it then differs from
 * vmlinux's).  So, after a dedup: every named struct or union of the module's BTF that
 * vmlinux has with the same name, size and members (names and offsets) is taken to be
 * vmlinux's, every reference to it is pointed there, and a second dedup folds the copies and
 * what referred to them (memgov.ko on 7.3.4: 3,149 types of its own, 579 after).  The kernel
 * matches a distilled module BTF the same way when it loads it (btf_relocate(): by name and
 * size).
 *
 * Built at module build time against the libbpf.so.1 pahole itself uses, without libbpf's
 * headers (not installed with DKMS): the functions are declared here, as libbpf 1.x exports
 * them.  <linux/btf.h> is the UAPI header (linux-libc-dev).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/btf.h>

struct btf;
struct btf *btf__parse(const char *path, void *btf_ext);
struct btf *btf__parse_split(const char *path, struct btf *base_btf);
int btf__dedup(struct btf *btf, const void *opts);
const void *btf__raw_data(const struct btf *btf, unsigned int *size);
unsigned int btf__type_cnt(const struct btf *btf);
const struct btf_type *btf__type_by_id(const struct btf *btf, uint32_t id);
const char *btf__name_by_offset(const struct btf *btf, uint32_t offset);
int btf__find_by_name_kind(const struct btf *btf, const char *name, uint32_t kind);

static unsigned int kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

static unsigned int vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}

/* Same name, kind, size, and members by name and offset: the same struct. */
static int same_struct(const struct btf *a, const struct btf_type *ta, const struct btf *b,
		       const struct btf_type *tb)
{
	const struct btf_member *ma = (const void *)(ta + 1), *mb = (const void *)(tb + 1);
	unsigned int i;

	if (ta->info != tb->info || ta->size != tb->size)
		return 0;
	for (i = 0; i < vlen(ta); i++)
		if (ma[i].offset != mb[i].offset ||
		    strcmp(btf__name_by_offset(a, ma[i].name_off),
			   btf__name_by_offset(b, mb[i].name_off)))
			return 0;
	return 1;
}

static void remap(uint32_t *id, const uint32_t *map, unsigned int nbase, unsigned int ntypes)
{
	if (*id >= nbase && *id < ntypes && map[*id - nbase])
		*id = map[*id - nbase];
}

/* Point every reference of the split types through @map (split id -> base id, 0: none). */
static void remap_all(struct btf *split, const uint32_t *map, unsigned int nbase,
		      unsigned int ntypes)
{
	unsigned int id, i;

	for (id = nbase; id < ntypes; id++) {
		/* libbpf keeps a deduplicated BTF's types in memory it owns and may modify. */
		struct btf_type *t = (struct btf_type *)btf__type_by_id(split, id);

		switch (kind(t)) {
		case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_FUNC:
		case BTF_KIND_VAR: case BTF_KIND_DECL_TAG: case BTF_KIND_TYPE_TAG:
			remap(&t->type, map, nbase, ntypes);
			break;
		case BTF_KIND_ARRAY: {
			struct btf_array *a = (void *)(t + 1);

			remap(&a->type, map, nbase, ntypes);
			remap(&a->index_type, map, nbase, ntypes);
			break;
		}
		case BTF_KIND_STRUCT: case BTF_KIND_UNION: {
			struct btf_member *m = (void *)(t + 1);

			for (i = 0; i < vlen(t); i++)
				remap(&m[i].type, map, nbase, ntypes);
			break;
		}
		case BTF_KIND_FUNC_PROTO: {
			struct btf_param *p = (void *)(t + 1);

			remap(&t->type, map, nbase, ntypes);
			for (i = 0; i < vlen(t); i++)
				remap(&p[i].type, map, nbase, ntypes);
			break;
		}
		case BTF_KIND_DATASEC: {
			struct btf_var_secinfo *v = (void *)(t + 1);

			for (i = 0; i < vlen(t); i++)
				remap(&v[i].type, map, nbase, ntypes);
			break;
		}
		}
	}
}

/* Map the split's named structs and unions that the base has; returns how many. */
static unsigned int map_to_base(struct btf *split, const struct btf *base, uint32_t *map,
				unsigned int nbase, unsigned int ntypes)
{
	unsigned int id, n = 0;

	for (id = nbase; id < ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(split, id), *bt;
		const char *name = btf__name_by_offset(split, t->name_off);
		int bid;

		if ((kind(t) != BTF_KIND_STRUCT && kind(t) != BTF_KIND_UNION) || !name || !*name)
			continue;
		bid = btf__find_by_name_kind(base, name, kind(t));
		if (bid <= 0)
			continue;
		bt = btf__type_by_id(base, bid);
		if (same_struct(split, t, base, bt)) {
			map[id - nbase] = bid;
			n++;
		}
	}
	return n;
}

int main(int argc, char **argv)
{
	struct btf *base, *split;
	unsigned int size, before, nbase;
	const void *raw;
	char tmp[4096];
	FILE *f;
	int err;

	if (argc != 3) {
		fprintf(stderr, "usage: %s BASE SPLIT\n", argv[0]);
		return 2;
	}
	base = btf__parse(argv[1], NULL);
	if (!base) {
		fprintf(stderr, "btf-dedup: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	split = btf__parse_split(argv[2], base);
	if (!split) {
		fprintf(stderr, "btf-dedup: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	nbase = btf__type_cnt(base);
	before = btf__type_cnt(split) - nbase;
	err = btf__dedup(split, NULL);
	if (!err) {
		unsigned int ntypes = btf__type_cnt(split);
		uint32_t *map = calloc(ntypes - nbase + 1, sizeof(*map));

		if (!map)
			return 1;
		if (map_to_base(split, base, map, nbase, ntypes)) {
			remap_all(split, map, nbase, ntypes);
			err = btf__dedup(split, NULL);
		}
		free(map);
	}
	if (err) {
		fprintf(stderr, "btf-dedup: dedup of %s failed: %d\n", argv[2], err);
		return 1;
	}
	raw = btf__raw_data(split, &size);
	snprintf(tmp, sizeof(tmp), "%s.dedup", argv[2]);
	f = fopen(tmp, "wb");
	if (!raw || !f || fwrite(raw, 1, size, f) != size || fclose(f) || rename(tmp, argv[2])) {
		fprintf(stderr, "btf-dedup: cannot write %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	if (before != btf__type_cnt(split) - nbase)
		printf("btf-dedup: %s: %u types of its own, %u after a second dedup against %s\n",
		       argv[2], before, btf__type_cnt(split) - nbase, argv[1]);
	return 0;
}
