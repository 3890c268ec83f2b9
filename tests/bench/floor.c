/*
 * floor.c: the bench's floors, the least any feed generator must do.
 *
 *   floor stat DIR    list the entries folder recursively and stat every file,
 *                     as any incremental build must: the floor for a run that
 *                     changes nothing
 *   floor parse DIR   the same, and read every file, run libyaml over its front
 *                     matter (every event) and cmark over its body (a parse, no
 *                     rendering), on one core: the floor for a cold build
 *
 * Prints how many files it saw.
 */
#include <cmark.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

static char buf[1 << 20];

static int
parse_file(int dfd, const char *name)
{
	const char *fm, *end;
	yaml_parser_t p;
	yaml_event_t ev;
	cmark_node *doc;
	ssize_t n;
	size_t len = 0;
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC), done = 0;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (n < 0)
		return -1;
	buf[len] = '\0';
	/* Front matter between the first "---\n" and the next "\n---\n". */
	fm = strncmp(buf, "---\n", 4) == 0 ? buf + 4 : buf;
	end = strstr(fm, "\n---\n");
	end = end ? end + 1 : buf + len;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)fm, (size_t)(end - fm));
	while (!done) {
		if (!yaml_parser_parse(&p, &ev))
			break;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	end = end < buf + len ? end + 4 : end;
	doc = cmark_parse_document(end, (size_t)(buf + len - end), CMARK_OPT_DEFAULT);
	cmark_node_free(doc);
	return 0;
}

static int parse_too;

static int
walk(int dfd, long *files)
{
	DIR *d = fdopendir(dfd);
	struct dirent *de;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return -1;
		if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			if (sub < 0 || walk(sub, files) < 0)
				return -1;
		} else if (S_ISREG(st.st_mode)) {
			if (parse_too && parse_file(dirfd(d), de->d_name) < 0)
				return -1;
			(*files)++;
		}
	}
	closedir(d);
	return 0;
}

int
main(int argc, char **argv)
{
	long files = 0;
	int fd;

	if (argc != 3 || (strcmp(argv[1], "stat") != 0 && strcmp(argv[1], "parse") != 0)) {
		fprintf(stderr, "usage: floor stat|parse DIR\n");
		return 2;
	}
	parse_too = strcmp(argv[1], "parse") == 0;
	if ((fd = open(argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 || walk(fd, &files) < 0) {
		perror(argv[2]);
		return 1;
	}
	printf("%ld\n", files);
	return 0;
}
