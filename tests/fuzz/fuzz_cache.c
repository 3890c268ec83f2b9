/*
 * fuzz_cache.c: libFuzzer over the entry cache's reader and writer. The input
 * is the cache file after its header (the harness writes a header with this
 * site's key, so the records are read, not refused as another key's). Whatever
 * the bytes: opening, walking the records in the listing's order, checking
 * each against the identity it records, looking up documents, and staging the
 * new cache do not crash or leak; and the file written is one a second open
 * accepts silently, holding every record that was carried, byte for byte.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "config.h"
#include "diag.h"
#include "entry.h"
#include "fuzz.h"
#include "output.h"
#include "text.h"
#include "xalloc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* In memory when it can be: every run stages and commits a cache, fsync included. */
static char dir[64];
static char *config_path, *link_path, *entries, *private, *cache_path;
static struct config *cfg;
static char key[17];

static void
fini(void)
{
	config_free(cfg);
	unlink(cache_path);
	rmdir(private);
	rmdir(entries);
	unlink(config_path);
	unlink(link_path);
	rmdir(dir);
	free(config_path);
	free(link_path);
	free(entries);
	free(private);
	free(cache_path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char yaml[] = "title: Fuzz\nurl: https://news.example.org/\nauthor: Desk\n"
	    "timezone: UTC\nfeeds: [rss, atom, json]\n";
	char *diags;
	int fd, errors;

	(void)argc;
	(void)argv;
	fuzz_init();
	snprintf(dir, sizeof dir, "%s/feedgen-fuzz-cache-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(dir))
		fuzz_fail(NULL, "cannot make a temporary folder");
	config_path = xasprintf("%s/feedgen.yaml", dir);
	link_path = xasprintf("%s/schemas", dir);
	entries = xasprintf("%s/entries", dir);
	private = xasprintf("%s/.feedgen", dir);
	cache_path = xasprintf("%s/cache", private);
	if (symlink(fuzz_schemas(), link_path) < 0 || mkdir(entries, 0700) < 0 || mkdir(private, 0700) < 0)
		fuzz_fail(NULL, "cannot set up '%s'", dir);
	if ((fd = open(config_path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0 ||
	    write(fd, yaml, sizeof yaml - 1) != (ssize_t)(sizeof yaml - 1) || close(fd) < 0)
		fuzz_fail(NULL, "cannot write '%s'", config_path);
	if (!(cfg = config_load(config_path))) {
		diags = fuzz_diagnostics(&errors);
		fuzz_fail(diags, "the harness's configuration is refused");
	}
	cache_key(cfg, key);
	atexit(fini);
	return 0;
}

/*
 * Writes the cache: this site's header, then the input. An input whose last
 * line is not an "end" line gets a true one (the count and hash of its
 * lines), so that mutated records pass the file's check and reach the
 * reader of records; one that has its own tests the check.
 */
static void
put(const uint8_t *data, size_t size)
{
	char header[128], end[64];
	int n = snprintf(header, sizeof header, "# fuzz\nfeedgen-cache\t%d\t%s\n", CACHE_VERSION, key);
	int fd = open(cache_path, O_WRONLY | O_CREAT | O_TRUNC, 0600), e = 0;
	const char *last = (const char *)data, *p;
	size_t lines = 0;

	for (p = (const char *)data; p < (const char *)data + size; p++)
		if (*p == '\n') {
			lines++;
			if (p + 1 < (const char *)data + size)
				last = p + 1;
		}
	if (size == 0 || data[size - 1] != '\n' || strncmp(last, "end\t", 4) != 0) {
		if (size && data[size - 1] != '\n')
			lines++;
		e = snprintf(end, sizeof end, "%send\t%zu\t%016llx\n", size && data[size - 1] != '\n' ? "\n" : "",
		    lines, 0ULL);
	}
	if (fd < 0 || write(fd, header, (size_t)n) != n || write(fd, data, size) != (ssize_t)size)
		fuzz_fail(NULL, "cannot write '%s'", cache_path);
	if (e) {
		/* The hash of exactly the lines before the end line, newline-terminated. */
		struct hash64 h;
		char *full;

		hash64_init(&h);
		hash64_add(&h, data, size);
		if (size && data[size - 1] != '\n')
			hash64_add(&h, "\n", 1);
		full = xasprintf("%send\t%zu\t%016llx\n", size && data[size - 1] != '\n' ? "\n" : "", lines,
		    (unsigned long long)hash64_end(&h));
		if (write(fd, full, strlen(full)) != (ssize_t)strlen(full))
			fuzz_fail(NULL, "cannot write '%s'", cache_path);
		free(full);
	}
	if (close(fd) < 0)
		fuzz_fail(NULL, "cannot write '%s'", cache_path);
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The second fields of the input's lines that start with tag and a tab: paths or files to ask for. */
static size_t
names(const uint8_t *data, size_t size, char tag, char ***out)
{
	const char *p = (const char *)data, *end = p + size;
	char **v = NULL;
	size_t n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end, *tab;

		if (eol - p > 2 && p[0] == tag && p[1] == '\t') {
			tab = memchr(p + 2, '\t', (size_t)(eol - p - 2));
			v = xrealloc(v, (n + 1) * sizeof *v);
			v[n++] = xstrndup(p + 2, (size_t)((tab ? tab : eol) - p - 2));
		}
		p = eol + 1;
	}
	if (n)
		qsort(v, n, sizeof *v, by_str);
	*out = v;
	return n;
}

/* The identity a record line states, read loosely: what cache_hit compares a stat with. */
static void
stated(const char *line, struct stat *st)
{
	unsigned long long dev = 0, ino = 0;
	long long size = 0, ms = 0, mns = 0, cs = 0, cns = 0;
	const char *t = strchr(line, '\t');

	memset(st, 0, sizeof *st);
	if (t && (t = strchr(t + 1, '\t')))
		sscanf(t + 1, "%llu\t%llu\t%lld\t%lld\t%lld\t%lld\t%lld", &dev, &ino, &size, &ms, &mns, &cs, &cns);
	st->st_mode = S_IFREG | 0600;
	st->st_dev = (dev_t)dev;
	st->st_ino = (ino_t)ino;
	st->st_size = (off_t)size;
	st->st_mtim.tv_sec = (time_t)ms;
	st->st_mtim.tv_nsec = (long)(mns % 1000000000);
	st->st_ctim.tv_sec = (time_t)cs;
	st->st_ctim.tv_nsec = (long)(cns % 1000000000);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char **rels, **files, **kept = NULL, *diags;
	size_t nrels, nfiles, nkept = 0, i;
	struct cache *c;
	struct batch b;
	int errors, rc;

	if (memchr(data, '\0', size))
		return 0;	/* refused whole, as a binary file: nothing more to see */
	put(data, size);
	nrels = names(data, size, 'e', &rels);
	nfiles = names(data, size, 'd', &files);
	c = cache_open(cfg, 1);
	for (i = 0; i < nrels; i++) {
		struct cache_rec r;
		struct entry *e;
		struct stat st;
		int racy;

		if ((i && strcmp(rels[i - 1], rels[i]) == 0) || !cache_lookup(c, rels[i], &r, NULL, 0))
			continue;
		stated(r.line, &st);
		if ((e = cache_hit(c, &r, rels[i], &st, &racy))) {
			if (!e->id || !*e->id || !e->path || !cache_stub(e) || racy)
				fuzz_fail(NULL, "cache_hit gave an entry without an id, path or stub shape: %s", r.line);
			cache_keep(c, &r);
			kept = xrealloc(kept, (nkept + 1) * sizeof *kept);
			kept[nkept++] = xstrndup(r.line, r.len);
			entry_free(e);
		} else if (racy) {
			cache_racy(c);
		}
		cache_rec_free(&r);
	}
	for (i = 0; i < nfiles; i++) {
		uint64_t fp;
		long long len;

		if (cache_doc(c, files[i], &fp, &len))
			cache_doc_note(c, files[i], fp, len);
	}
	batch_init(&b);
	rc = cache_stage(c, &b);
	if (rc == 0)
		rc = batch_commit(&b);
	batch_free(&b);
	cache_free(c);
	diags = fuzz_diagnostics(&errors);
	if (rc < 0 || errors)
		fuzz_fail(diags, "staging the cache failed");
	free(diags);
	/* What was written reads back silently, with every record carried. */
	c = cache_open(cfg, 0);
	diags = fuzz_diagnostics(&errors);
	if (*diags)
		fuzz_fail(diags, "the cache just written is refused");
	free(diags);
	for (i = 0; i < nkept; i++) {
		const char *t1 = strchr(kept[i], '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		char *rel = t2 ? xstrndup(t1 + 1, (size_t)(t2 - t1 - 1)) : xstrdup("");
		struct cache_rec r = {0};

		if (!cache_lookup(c, rel, &r, NULL, 0) || strcmp(r.line, kept[i]) != 0)
			fuzz_fail(NULL, "a carried record did not come back: %s", kept[i]);
		cache_rec_free(&r);
		free(rel);
		free(kept[i]);
	}
	cache_free(c);
	for (i = 0; i < nrels; i++)
		free(rels[i]);
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(rels);
	free(files);
	free(kept);
	return 0;
}
