// SPDX-License-Identifier: GPL-2.0
/*
 * Policy loader plumbing: set the struct_ops data, load, attach with a link, wait.  Each
 * loader opens its policy through the skeleton generated from it (build/bpf/<name>.skel.h).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stddef.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <memgov/ops.h>
#include "client.h"
#include "cli.h"
#include "loader.h"

static bool verbose;

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* Before main(): libbpf's messages go through print_fn from the skeleton's open on. */
__attribute__((constructor)) static void loader_init(void)
{
	libbpf_set_print(print_fn);
}

void mg_loader_usage(const char *prog, const char *usage_extra)
{
	fprintf(stderr,
		"usage: %s [--cgroup PATH | --cgroup-id ID] [--name NAME] [--allow-override] [--shadow] [-v]%s\n"
		"  --cgroup PATH     govern this cgroup v2 directory and below (default: whole system)\n"
		"  --name NAME       policy name shown by memgovctl (default: built in)\n"
		"  --allow-override  let descendant cgroups attach policies of their own\n"
		"  --shadow          decide and record, but do not apply\n"
		"  --cgroup-id ID    like --cgroup, by cgroup id\n"
		"exit status: 0 stopped by SIGINT/SIGTERM, 1 error, 2 ejected by the kernel\n",
		prog, usage_extra ? usage_extra : "");
}

int mg_loader_parse(int argc, char **argv, struct mg_loader_opts *o, const char *usage_extra)
{
	return mg_loader_parse_knobs(argc, argv, o, usage_extra, NULL, NULL);
}

int mg_loader_parse_knobs(int argc, char **argv, struct mg_loader_opts *o,
			  const char *usage_extra, const struct option *knobs,
			  int (*set_knob)(int c, const char *arg))
{
	static const struct option common[] = {
		{ "cgroup", required_argument, NULL, 'c' },
		{ "name", required_argument, NULL, 'n' },
		{ "allow-override", no_argument, NULL, 'o' },
		{ "shadow", no_argument, NULL, 's' },
		{ "cgroup-id", required_argument, NULL, 'i' },
		{ "no-link", no_argument, NULL, 'L' },
		{ "churn", required_argument, NULL, 'C' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
	};
	struct option longopts[64];
	size_t n = 0, i;
	int c;

	for (i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		longopts[n++] = common[i];
	for (i = 0; knobs && knobs[i].name && n < 63; i++)
		longopts[n++] = knobs[i];
	memset(&longopts[n], 0, sizeof(longopts[n]));

	memset(o, 0, sizeof(*o));
	while ((c = getopt_long(argc, argv, "c:n:vh", longopts, NULL)) != -1) {
		if (c >= 256 && set_knob) {
			if (set_knob(c, optarg)) {
				mg_loader_usage(argv[0], usage_extra);
				return -1;
			}
			continue;
		}
		switch (c) {
		case 'c':
			o->cgroup_path = optarg;
			break;
		case 'n':
			/* Content is the kernel's to judge; only the length would be cut here. */
			if (strlen(optarg) >= MEMGOV_NAME_LEN) {
				fprintf(stderr, "%s: --name must be at most %d characters\n", argv[0],
					MEMGOV_NAME_LEN - 1);
				return -1;
			}
			o->name = optarg;
			break;
		case 'i': {
			char *end;

			errno = 0;
			o->cgroup_id = strtoull(optarg, &end, 0);
			if (errno || !*optarg || *end || optarg[0] == '-') {
				fprintf(stderr, "%s: --cgroup-id wants a number, not '%s'\n", argv[0],
					optarg);
				return -1;
			}
			o->has_cgroup_id = true;
			break;
		}
		case 'o':
			o->flags |= MEMGOV_F_ALLOW_OVERRIDE;
			break;
		case 's':
			o->flags |= MEMGOV_F_SHADOW;
			break;
		case 'L':
			o->no_link = true;
			break;
		case 'C':
			o->churn = strtoul(optarg, NULL, 0);
			break;
		case 'v':
			o->verbose = true;
			break;
		default:
			mg_loader_usage(argv[0], usage_extra);
			return -1;
		}
	}
	verbose = o->verbose;
	return optind;
}

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/*
 * A cgroup v2 directory's inode number is its cgroup id.  Only there: any other file
 * system's directory has an inode number too (a tmpfs root's is 1, the cgroup root's id).
 */
static int cgroup_id_of(const char *path, uint64_t *id)
{
	struct statfs sfs;
	struct stat st;

	if (stat(path, &st) || statfs(path, &sfs)) {
		fprintf(stderr, "memgov: cgroup %s: %s\n", path, strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "memgov: cgroup %s: not a directory\n", path);
		return -ENOTDIR;
	}
	if ((unsigned long)sfs.f_type != CGROUP2_SUPER_MAGIC) {
		fprintf(stderr, "memgov: cgroup %s: not a cgroup v2 directory\n", path);
		return -ENOTDIR;
	}
	*id = st.st_ino;
	return 0;
}

/*
 * Under systemd (Type=notify, as memgov-policy@.service runs loaders), say the policy is
 * attached: units ordered after this one start only then, and `systemctl start` returns a
 * refused attach as the unit's failure.  sd_notify(3)'s protocol, without libsystemd: one
 * "READY=1" datagram to $NOTIFY_SOCKET (a path, or an abstract name after '@').
 */
static void notify_ready(void)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len;
	int fd;

	if (!path || (path[0] != '/' && path[0] != '@'))
		return;
	len = strlen(path);
	if (len >= sizeof(sa.sun_path))
		return;
	memcpy(sa.sun_path, path, len);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = 0;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, "READY=1", 7, 0, (struct sockaddr *)&sa,
		   offsetof(struct sockaddr_un, sun_path) + len) < 0)
		fprintf(stderr, "memgov: cannot notify systemd: %s\n", strerror(errno));
	close(fd);
}

/*
 * MEMGOV_LOADER_DROP_CAPS="21 ...": drop these capabilities (numbers) just before attaching,
 * after the object is loaded.  What a process that was handed ready struct_ops maps (or a
 * BPF token) would hold: the VM tests check the kernel refuses it (CAP_SYS_ADMIN is 21).
 */
static int drop_caps_for_attach(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];
	const char *s = getenv("MEMGOV_LOADER_DROP_CAPS");
	char *end;
	long cap;

	if (!s)
		return 0;
	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	while (*s) {
		cap = strtol(s, &end, 10);
		if (end == s || cap < 0 || cap > CAP_LAST_CAP)
			return -EINVAL;
		data[cap / 32].effective &= ~(1U << (cap % 32));
		data[cap / 32].permitted &= ~(1U << (cap % 32));
		s = end + strspn(end, " ,");
	}
	return syscall(SYS_capset, &hdr, data) ? -errno : 0;
}

/* The data members share a layout-independent treatment through these accessors. */
struct ops_fields {
	uint64_t *cgroup_id;
	uint32_t *flags;
	char *name;
};

static int ops_fields(struct bpf_object *obj, struct bpf_map *map, struct ops_fields *f)
{
	const char *tname;
	size_t sz = 0;
	void *data;
	const struct btf *btf;
	const struct btf_type *t;

	data = bpf_map__initial_value(map, &sz);
	btf = bpf_object__btf(obj);
	t = btf ? btf__type_by_id(btf, bpf_map__btf_value_type_id(map)) : NULL;
	tname = t ? btf__name_by_offset(btf, t->name_off) : NULL;
	if (!data || !tname)
		return -EINVAL;
	if (!strcmp(tname, "memgov_oom_ops") && sz >= sizeof(struct memgov_oom_ops)) {
		struct memgov_oom_ops *ops = data;

		f->cgroup_id = (uint64_t *)&ops->cgroup_id;
		f->flags = &ops->flags;
		f->name = ops->name;
		return 0;
	}
	if (!strcmp(tname, "memgov_memcg_ops") && sz >= sizeof(struct memgov_memcg_ops)) {
		struct memgov_memcg_ops *ops = data;

		f->cgroup_id = (uint64_t *)&ops->cgroup_id;
		f->flags = &ops->flags;
		f->name = ops->name;
		return 0;
	}
	if (!strcmp(tname, "memgov_psi_ops") && sz >= sizeof(struct memgov_psi_ops)) {
		struct memgov_psi_ops *ops = data;

		f->cgroup_id = (uint64_t *)&ops->cgroup_id;
		f->flags = &ops->flags;
		f->name = ops->name;
		return 0;
	}
	fprintf(stderr, "memgov: map %s is not a memgov struct_ops map (%s)\n",
		bpf_map__name(map), tname);
	return -EINVAL;
}

int mg_loader_prepare_ops(struct bpf_object *obj, const char *map_name,
			  const struct mg_loader_opts *o)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, map_name);
	struct ops_fields f;
	uint64_t id = 0;
	int err;

	if (!map) {
		fprintf(stderr, "memgov: no map %s in the object\n", map_name);
		return -ENOENT;
	}
	err = ops_fields(obj, map, &f);
	if (err)
		return err;
	if (o->has_cgroup_id) {
		id = o->cgroup_id;
	} else if (o->cgroup_path) {
		err = cgroup_id_of(o->cgroup_path, &id);
		if (err)
			return err;
	}
	*f.cgroup_id = id;
	*f.flags |= o->flags;
	if (o->name)
		snprintf(f.name, MEMGOV_NAME_LEN, "%s", o->name);
	if (o->no_link)
		bpf_map__set_map_flags(map, bpf_map__map_flags(map) & ~BPF_F_LINK);
	return 0;
}

int mg_loader_load(struct bpf_object_skeleton *skel)
{
	/* Through the skeleton: its bss and data then map the kernel's copies. */
	int err = bpf_object__load_skeleton(skel);

	if (err)
		fprintf(stderr, "memgov: load failed: %s (is memgov.ko loaded?)\n", strerror(-err));
	return err;
}

struct bpf_link *mg_loader_attach(struct bpf_object *obj, const char *map_name,
				  const struct mg_loader_opts *o)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, map_name);
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	struct bpf_link *link;
	struct ops_fields f;
	int err;

	if (!map || ops_fields(obj, map, &f))
		return NULL;
	if (bpf_map__fd(map) < 0)
		return NULL;
	err = drop_caps_for_attach();
	if (err) {
		fprintf(stderr, "memgov: MEMGOV_LOADER_DROP_CAPS: %s\n", strerror(-err));
		return NULL;
	}
	link = bpf_map__attach_struct_ops(map);
	if (!link) {
		err = errno;
		fprintf(stderr, "memgov: attach of policy '%s' failed: %s%s\n", f.name, strerror(err),
			err == EINVAL ? " (a name is 1-31 printable characters without spaces; "
					"flags must be known)" :
			err == EEXIST ? " (another policy of this type governs that cgroup)" :
			err == ENOENT ? " (no such cgroup, or no cgroup2 hierarchy at memgov's cgroup_mount)" :
			err == EOPNOTSUPP ? " (memgov policies attach only with a link)" :
			err == EACCES ? " (memgov refuses new policies: its refuse_attach switch is on)" :
			err == EPERM ? " (an ancestor cgroup's policy does not allow overriding, "
				       "or the loader lacks CAP_SYS_ADMIN in the initial user namespace)" :
			err == EBUSY ? " (a descendant cgroup has its own policy; use --allow-override)" :
			"");
		errno = err;
		return NULL;
	}
	if (o->no_link) {
		printf("memgov: policy '%s' attached without a link\n", f.name);
		fflush(stdout);
		notify_ready();
		return link;
	}
	memset(&info, 0, sizeof(info));
	if (bpf_link_get_info_by_fd(bpf_link__fd(link), &info, &len)) {
		fprintf(stderr, "memgov: cannot read link info: %s\n", strerror(errno));
		bpf_link__destroy(link);
		return NULL;
	}
	printf("memgov: policy '%s' attached (link %u, cgroup %llu)\n", f.name, info.id,
	       (unsigned long long)*f.cgroup_id);
	fflush(stdout);
	notify_ready();
	return link;
}

static int report_exit(uint32_t link_id)
{
	struct mg_policy p;
	struct mg_nl *nl;
	int err;

	err = mg_nl_open(&nl);
	if (err) {
		fprintf(stderr, "memgov: link %u was detached; cannot reach the memgov family: %s\n",
			link_id, strerror(-err));
		return MG_LOADER_EJECTED;
	}
	err = mg_nl_policy_get(nl, link_id, &p);
	mg_nl_close(nl);
	if (err) {
		fprintf(stderr, "memgov: link %u was detached; no exit record: %s\n", link_id,
			strerror(-err));
		return MG_LOADER_EJECTED;
	}
	mg_print_exit(stdout, &p);
	fflush(stdout);
	return MG_LOADER_EJECTED;
}

int mg_loader_churn(struct bpf_object *obj, const char *map_name, const struct mg_loader_opts *o)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, map_name);
	unsigned int i, ok = 0, refused = 0, other = 0;
	struct bpf_link *link;
	int last = 0;

	if (!map || bpf_map__fd(map) < 0)
		return MG_LOADER_ERR;
	srand(getpid());
	for (i = 0; i < o->churn; i++) {
		link = bpf_map__attach_struct_ops(map);
		if (!link) {
			last = errno;
			/* The rules (another policy there), or its cgroup removed meanwhile. */
			if (last == EEXIST || last == EBUSY || last == EPERM || last == ENOENT)
				refused++;
			else
				other++;
			usleep(rand() % 2000);
			continue;
		}
		ok++;
		usleep(rand() % 5000);
		bpf_link__destroy(link);
	}
	printf("memgov: churn: %u attaches, %u refused by the rules, %u failed otherwise%s%s\n",
	       ok, refused, other, last ? ", last error " : "", last ? strerror(last) : "");
	fflush(stdout);
	return other ? MG_LOADER_ERR : MG_LOADER_OK;
}

int mg_loader_parse_num(const char *prog, const char *what, const char *arg, uint64_t min,
			uint64_t max, uint64_t *v)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(arg, &end, arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X') ? 16 : 10);
	if (errno || end == arg || *end || arg[0] == '-' || n < min || n > max) {
		fprintf(stderr, "%s: %s wants a number from %llu to %llu, not '%s'\n", prog, what,
			(unsigned long long)min, (unsigned long long)max, arg);
		return -1;
	}
	*v = n;
	return 0;
}

void mg_loader_print_counters(const char *prog, const struct mg_counter *c, size_t n)
{
	size_t i;

	printf("%s:", prog);
	for (i = 0; i < n; i++) {
		uint64_t v = *c[i].val;

		if (c[i].is_signed)
			printf(" %s=%lld", c[i].label, (long long)v);
		else
			printf(" %s=%llu", c[i].label, (unsigned long long)v);
	}
	printf("\n");
	fflush(stdout);
}

int mg_loader_run(struct bpf_object_skeleton *skel, const struct mg_loader_opts *o,
		  const struct mg_loader_run *run)
{
	struct bpf_object *obj = *skel->obj;
	struct bpf_link *link;
	int rc;

	if (mg_loader_prepare_ops(obj, run->map_name, o) || mg_loader_load(skel))
		return MG_LOADER_ERR;
	if (run->setup && run->setup(run->arg))
		return MG_LOADER_ERR;
	if (o->churn)
		return mg_loader_churn(obj, run->map_name, o);
	link = mg_loader_attach(obj, run->map_name, o);
	if (!link)
		return MG_LOADER_ERR;
	if (o->no_link) {
		bpf_link__destroy(link);
		return MG_LOADER_OK;
	}
	rc = mg_loader_wait(link);
	if (run->report)
		run->report(run->arg);
	return rc;
}

int mg_loader_wait(struct bpf_link *link)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	struct pollfd pfd[2];
	sigset_t mask;
	int sfd;

	memset(&info, 0, sizeof(info));
	if (bpf_link_get_info_by_fd(bpf_link__fd(link), &info, &len))
		return MG_LOADER_ERR;
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0)
		return MG_LOADER_ERR;

	pfd[0].fd = bpf_link__fd(link);
	pfd[0].events = POLLIN;
	pfd[1].fd = sfd;
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return MG_LOADER_ERR;
		}
		if (pfd[0].revents & (POLLHUP | POLLERR)) {
			close(sfd);
			bpf_link__destroy(link);
			return report_exit(info.id);
		}
		if (pfd[1].revents & POLLIN) {
			close(sfd);
			bpf_link__destroy(link);
			printf("memgov: policy detached on signal\n");
			fflush(stdout);
			return MG_LOADER_OK;
		}
	}
}
