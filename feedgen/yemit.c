/* yemit.c: front matter through libyaml's emitter; the only libyaml writer. */
#include "yemit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "xalloc.h"

struct yemit {
	yaml_emitter_t em;
	struct buf out;
	int failed;
};

#define YC(s) ((yaml_char_t *)(uintptr_t)(s))

static int
on_write(void *arg, unsigned char *p, size_t n)
{
	buf_add(&((struct yemit *)arg)->out, (const char *)p, n);
	return 1;
}

static void
emit(struct yemit *y, yaml_event_t *ev, int made)
{
	if (!made || y->failed || !yaml_emitter_emit(&y->em, ev))
		y->failed = 1;
}

struct yemit *
yemit_new(void)
{
	struct yemit *y = xcalloc(1, sizeof *y);
	yaml_event_t ev;

	if (!yaml_emitter_initialize(&y->em)) {
		free(y);
		return NULL;
	}
	yaml_emitter_set_output(&y->em, on_write, y);
	yaml_emitter_set_unicode(&y->em, 1);
	yaml_emitter_set_width(&y->em, -1);	/* no folding: a title stays on its line */
	emit(y, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	emit(y, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	emit(y, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
	return y;
}

/* quoted: no plain style, so "true", "2024" or "null" stay text to any reader. */
static void
scalar(struct yemit *y, const char *v, int quoted)
{
	yaml_event_t ev;

	emit(y, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL, YC(v), (int)strlen(v), !quoted, 1,
	    YAML_ANY_SCALAR_STYLE));
}

void
yemit_text(struct yemit *y, const char *key, const char *value)
{
	scalar(y, key, 0);
	scalar(y, value, 1);
}

void
yemit_plain(struct yemit *y, const char *key, const char *value)
{
	scalar(y, key, 0);
	scalar(y, value, 0);
}

void
yemit_list(struct yemit *y, const char *key, char *const *v, size_t n)
{
	yaml_event_t ev;
	size_t i;

	scalar(y, key, 0);
	emit(y, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_FLOW_SEQUENCE_STYLE));
	for (i = 0; i < n; i++)
		scalar(y, v[i], 1);
	emit(y, &ev, yaml_sequence_end_event_initialize(&ev));
}

char *
yemit_finish(struct yemit *y)
{
	yaml_event_t ev;
	char *s = NULL;

	emit(y, &ev, yaml_mapping_end_event_initialize(&ev));
	emit(y, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit(y, &ev, yaml_stream_end_event_initialize(&ev));
	if (!y->failed && yaml_emitter_flush(&y->em))
		s = buf_steal(&y->out);
	yemit_free(y);
	return s;
}

void
yemit_free(struct yemit *y)
{
	if (!y)
		return;
	yaml_emitter_delete(&y->em);
	buf_free(&y->out);
	free(y);
}
