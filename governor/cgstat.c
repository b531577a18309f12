// SPDX-License-Identifier: GPL-2.0
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include "cgstat.h"

/* The decimal number at @s (digits up to the first non-digit); -EINVAL if none or too big. */
static int parse_dec(const char *s, u64 *out)
{
	u64 v = 0;
	int n = 0;

	for (; *s >= '0' && *s <= '9'; s++, n++) {
		if (v > (U64_MAX - (*s - '0')) / 10)
			return -EINVAL;
		v = v * 10 + (*s - '0');
	}
	if (!n)
		return -EINVAL;
	*out = v;
	return 0;
}

/* The start of the line of @text that begins with @word followed by a space, or NULL. */
static const char *line_of(const char *text, const char *word)
{
	size_t len = strlen(word);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, word, len) && p[len] == ' ')
			return p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static int pressure_total(const char *text, const char *which, u64 *out)
{
	const char *line = line_of(text, which), *end, *t;

	if (!line)
		return -EINVAL;
	end = strchrnul(line, '\n');
	t = strnstr(line, " total=", end - line);
	return t ? parse_dec(t + 7, out) : -EINVAL;
}

int memgov_parse_pressure(const char *text, u64 *some_us, u64 *full_us)
{
	return pressure_total(text, "some", some_us) ?: pressure_total(text, "full", full_us);
}

u64 memgov_stat_value(const char *text, const char *key)
{
	const char *line = line_of(text, key);
	u64 v;

	return line && !parse_dec(line + strlen(key) + 1, &v) ? v : 0;
}

int memgov_meminfo_kb(const char *text, const char *key, u64 *kb)
{
	size_t len = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, len) && p[len] == ':') {
			const char *v = skip_spaces(p + len + 1);
			const char *end = v;

			while (*end >= '0' && *end <= '9')
				end++;
			/* "N kB" or a bare N at the end of its line; nothing else. */
			if (strncmp(end, " kB", 3) && *end != '\n' && *end)
				return -EINVAL;
			return parse_dec(v, kb);
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -EINVAL;
}
