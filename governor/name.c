// SPDX-License-Identifier: GPL-2.0
#include <linux/ctype.h>
#include <linux/errno.h>
#include "name.h"

int memgov_name_len(const char *src, size_t max)
{
	size_t i;

	for (i = 0; i < max && src[i]; i++)
		if (!isgraph(src[i]))
			return -EINVAL;
	return i == 0 || i == max ? -EINVAL : (int)i;
}
