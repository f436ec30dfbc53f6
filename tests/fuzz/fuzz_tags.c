/*
 * libFuzzer target for src/tags. The input is "TEMPLATE\nTAG\nNAME". Besides
 * memory errors, it aborts when an invariant breaks: a tag that splits
 * formats back to itself from its name and version; matching with the name
 * it split into gives the same version; a tag formatted from a name and a
 * version splits back to a name whose match gives that version.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tags/tags.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(const cc_tag_template *t, const char *tag)
{
	char *name = NULL, *version = NULL;
	if (cc_tag_split(t, tag, &name, &version)) {
		char *back = cc_tag_format(t, name, version);
		char *again = cc_tag_match(t, name, tag);
		if (strcmp(back, tag) != 0 || !again || strcmp(again, version) != 0)
			abort();
		free(back);
		free(again);
	}
	free(name);
	free(version);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1024 || memchr(data, '\0', size))
		return 0;
	char *s = strndup((const char *)data, size);
	char *tag = strchr(s, '\n');
	char *name = tag ? strchr(tag + 1, '\n') : NULL;
	if (tag)
		*tag++ = '\0';
	if (name)
		*name++ = '\0';
	cc_tag_template *t = NULL;
	cc_error err;
	if (cc_tag_template_parse(s, &t, &err) == CC_OK) {
		roundtrip(t, tag ? tag : "");
		if (name) {
			char *v = cc_tag_match(t, name, tag ? tag : "");
			free(v);
			char *made = cc_tag_format(t, name, "1.2.3-rc.1");
			char *m = cc_tag_match(t, name, made);
			if (!m || strcmp(m, "1.2.3-rc.1") != 0)
				abort();
			free(m);
			free(made);
		}
	}
	cc_tag_template_free(t);
	free(s);
	return 0;
}
