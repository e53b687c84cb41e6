// SPDX-License-Identifier: GPL-2.0
/*
 * Boot-module roles. Pure code: also built into host tests.
 */
#include <warden/modules.h>
#include <warden/string.h>

static const struct {
	const char *word;
	enum module_role role;
} roles[] = {
	{ "linux", MODULE_LINUX },
	{ "initrd", MODULE_INITRD },
	{ "system-config", MODULE_SYSTEM_CONFIG },
	{ "cell", MODULE_CELL },
	{ "inmate", MODULE_INMATE },
};

enum module_role module_role(const char *string, const char **args)
{
	size_t len = 0, i;

	while (*string == ' ')
		string++;
	while (string[len] && string[len] != ' ')
		len++;
	*args = string + len;
	while (**args == ' ')
		(*args)++;
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strlen(roles[i].word) == len &&
		    strncmp(roles[i].word, string, len) == 0)
			return roles[i].role;
	return MODULE_UNKNOWN;
}

const char *module_role_name(enum module_role role)
{
	size_t i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (roles[i].role == role)
			return roles[i].word;
	return "unknown";
}

const struct boot_module *module_find(const struct boot_info *bi,
				      enum module_role role)
{
	const char *args;
	unsigned int i;

	for (i = 0; i < bi->num_modules; i++)
		if (module_role(bi->modules[i].string, &args) == role)
			return &bi->modules[i];
	return NULL;
}
