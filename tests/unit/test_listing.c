/*
 * test_listing.c: the walk gives every entry file once, in strcmp order of
 * the paths, however the names share prefixes (listing.c sorts a folder by
 * 16 bytes past the shared prefix first, strcmp after).
 */
#include "unit.h"
#include "listing.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];
static char **made;
static size_t nmade;

static void
touch(const char *rel)
{
	char path[512];
	int fd;

	snprintf(path, sizeof path, "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	close(fd);
	made = realloc(made, (nmade + 1) * sizeof *made);
	made[nmade] = malloc(strlen(path) + 1);
	strcpy(made[nmade++], path);
}

static void
folder(const char *rel)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static int
by_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks root and checks the paths against made, sorted by strcmp. */
static void
check_walk(void)
{
	struct listing *l = listing_open(root, 0);
	enum listed_kind kind;
	const char *path;
	size_t i = 0;

	qsort(made, nmade, sizeof *made, by_strcmp);
	while (listing_next(l, &path, &kind) == 1) {
		assert_true(i < nmade);
		assert_string_equal(path, made[i]);
		i++;
	}
	listing_close(l);
	assert_int_equal(i, nmade);
}

static void
cleanup(void)
{
	char cmd[128];
	size_t i;

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	for (i = 0; i < nmade; i++)
		free(made[i]);
	free(made);
	made = NULL;
	nmade = 0;
}

static void
start(void)
{
	strcpy(root, "/tmp/feedgen-listing-XXXXXX");
	assert_non_null(mkdtemp(root));
}

/* Names that share long prefixes, differ inside, at and past the 16-byte window, and end in it. */
static void
test_shared_prefixes(void **state)
{
	static const char *names[] = {
		"2025-01-01-a.md", "2025-01-01-ab.md", "2025-01-01-abcdefghijkl.md",
		"2025-01-01-abcdefghijklm.md", "2025-01-01-abcdefghijklmnopqrstuvwxyz-1.md",
		"2025-01-01-abcdefghijklmnopqrstuvwxyz-2.md", "2025-01-01-abcdefghijklmnopqrstuvwxyz.md",
		"2025-01-01-b.md", "2025-01-02-a.md", "2025-01-0.md", "2025-01-01.md",
		"2025-01-01-\xc3\xa9t\xc3\xa9.md", "2025-01-01-Z.md", "2025-01-01-_.md",
	};
	size_t i;

	(void)state;
	start();
	for (i = 0; i < sizeof names / sizeof *names; i++)
		touch(names[i]);
	/* A folder sorts as "name/": "2025-01-01-a/" comes after "2025-01-01-a.md" ('.' < '/'). */
	folder("2025-01-01-a");
	touch("2025-01-01-a/2025-01-01-x.md");
	folder("2025-01-01-abcdefghijklmnop");
	touch("2025-01-01-abcdefghijklmnop/2025-01-01-y.md");
	check_walk();
	cleanup();
}

/* Many random names over a small alphabet: ties in the window, then strcmp. */
static void
test_random(void **state)
{
	static const char alpha[] = "-.0129aAzZ_";
	size_t i, k;

	(void)state;
	start();
	srand(12345);
	for (i = 0; i < 600; i++) {
		char name[64], *p = name;
		size_t len = 1 + (size_t)rand() % 40, j;

		p += sprintf(p, "2025-%zu", i % 3);
		for (j = 0; j < len; j++)
			*p++ = alpha[rand() % (int)(sizeof alpha - 1)];
		strcpy(p, ".md");
		for (k = 0; k < nmade; k++)
			if (strcmp(strrchr(made[k], '/') + 1, name) == 0)
				break;
		if (k == nmade)
			touch(name);
	}
	check_walk();
	cleanup();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_prefixes),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
