/*
 * floor_stat.c: the bench's floor for a run that changes nothing: list the
 * entries folder recursively and stat every file, as any incremental build
 * must at least do. Prints how many files it saw.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long
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

	if (argc != 2) {
		fprintf(stderr, "usage: floor_stat DIR\n");
		return 2;
	}
	if ((fd = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 || walk(fd, &files) < 0) {
		perror(argv[1]);
		return 1;
	}
	printf("%ld\n", files);
	return 0;
}
