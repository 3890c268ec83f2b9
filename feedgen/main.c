/* main.c: the command line: which command, which options; then the pipeline runs. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "diag.h"

#ifndef FEEDGEN_VERSION
#define FEEDGEN_VERSION "0"
#endif

static const char usage_text[] =
    "usage: feedgen build   [-c FILE] [--now TIME] [--dry-run] [--no-publish] [-q|-v]\n"
    "       feedgen check   [-c FILE] [-q|-v] [ENTRY...]\n"
    "       feedgen next    [-c FILE] [--now TIME]\n"
    "       feedgen new     [-c FILE] [--now TIME] [--category C]... TITLE\n"
    "       feedgen publish [-c FILE] [-q|-v]\n"
    "       feedgen server-config nginx|apache [-c FILE]\n"
    "       feedgen --help | --version\n";

static const char help_text[] =
    "\n"
    "Builds RSS 2.0 (feed.xml) and Atom 1.0 (atom.xml) feeds from dated entry\n"
    "files, YYYY-MM-DD-slug.md or .yaml, after checking each against the schema.\n"
    "\n"
    "commands:\n"
    "  build    check every entry, then write the feeds that changed\n"
    "  check    check every entry (or the named ones); write nothing\n"
    "  next     print when the next scheduled entry goes live or one expires\n"
    "  new      write entries/YYYY-MM-DD-slug.md for TITLE, dated now, with a\n"
    "           fresh id and draft: true; prints its path\n"
    "  publish  send the pending WebSub hub notifications only\n"
    "  server-config  print the nginx or apache snippet that sends each feed's\n"
    "           Content-Type and WebSub Link headers\n"
    "\n"
    "options:\n"
    "  -c, --config FILE  the site configuration (default: feedgen.yaml)\n"
    "      --category C   new: a category for the entry (repeatable)\n"
    "      --now TIME     the clock, as YYYY-MM-DD or an RFC 3339 date-time\n"
    "                     (SOURCE_DATE_EPOCH is used when --now is not given)\n"
    "  -n, --dry-run      check and say what would change; write nothing\n"
    "      --no-publish   write the feeds but notify no hub (kept pending)\n"
    "  -q, --quiet        print errors only\n"
    "  -v, --verbose      say what was read and what changed\n"
    "  -h, --help         this text\n"
    "  -V, --version      the version\n"
    "\n"
    "exit status: 0 success, 1 invalid input (nothing written), 2 usage,\n"
    "3 system error (previous feeds intact), 4 hub notification pending\n";

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("feedgen: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	/* Sorted by long name, as curl's tool keeps its table. */
	static const struct option longopts[] = {
		{"category", required_argument, NULL, 'C'},
		{"config", required_argument, NULL, 'c'},
		{"dry-run", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{"no-publish", no_argument, NULL, 'P'},
		{"now", required_argument, NULL, 'N'},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct run_opts o = {.config = "feedgen.yaml"};
	char *cats[32];
	const char *cmd;
	int c, rc, ncats = 0;

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stdout);
		fputs(help_text, stdout);
		return EXIT_OK;
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("feedgen %s\n", FEEDGEN_VERSION);
		return EXIT_OK;
	}
	if (argc < 2)
		return usage("no command given (expected build, check, next, new, publish or server-config)");
	if (argv[1][0] == '-')
		return usage("unknown option '%s' (expected a command first)", argv[1]);
	cmd = argv[1];
	argv++;
	argc--;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:hnqvV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o.config = optarg; break;
		case 'C':
			if (ncats == (int)(sizeof cats / sizeof *cats))
				return usage("too many --category options (at most 32)");
			cats[ncats++] = optarg;
			break;
		case 'n': o.dry_run = 1; break;
		case 'N': o.now_text = optarg; break;
		case 'P': o.no_publish = 1; break;
		case 'q': diag_set_quiet(1); break;
		case 'v': diag_set_verbose(1); break;
		case 'h':
			fputs(usage_text, stdout);
			fputs(help_text, stdout);
			return EXIT_OK;
		case 'V':
			printf("feedgen %s\n", FEEDGEN_VERSION);
			return EXIT_OK;
		case ':':
			return usage("option '%s' needs a value", argv[optind - 1]);
		default:
			/* optopt names a short option even inside a bundle such as -xq. */
			if (optopt)
				return usage("unknown option '-%c'", optopt);
			return usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (strcmp(cmd, "build") == 0 || strcmp(cmd, "next") == 0) {
		if (optind < argc)
			return usage("unexpected argument '%s'", argv[optind]);
		rc = cmd[0] == 'b' ? build_run(&o) : build_next(&o);
	} else if (strcmp(cmd, "new") == 0) {
		if (optind + 1 != argc)
			return usage("new takes one title (expected feedgen new \"Title of the story\")");
		o.categories = cats;
		o.ncategories = ncats;
		rc = build_new(&o, argv[optind]);
	} else if (strcmp(cmd, "publish") == 0) {
		if (optind < argc)
			return usage("unexpected argument '%s'", argv[optind]);
		rc = build_publish(&o);
	} else if (strcmp(cmd, "server-config") == 0) {
		if (optind + 1 != argc)
			return usage("server-config takes one argument (expected nginx or apache)");
		if (strcmp(argv[optind], "nginx") != 0 && strcmp(argv[optind], "apache") != 0)
			return usage("unknown web server '%s' (expected nginx or apache)", argv[optind]);
		rc = build_server_config(&o, argv[optind]);
	} else if (strcmp(cmd, "check") == 0) {
		o.files = argv + optind;
		o.nfiles = argc - optind;
		rc = build_check(&o);
	} else {
		return usage("unknown command '%s' (expected build, check, next, new, publish or server-config)", cmd);
	}
	diag_reset();
	return rc;
}
