/* main.c: the command line: which command, which options; then the pipeline runs. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "diag.h"
#include "pool.h"
#include "progress.h"
#include "watch.h"

#ifndef FEEDGEN_VERSION
#define FEEDGEN_VERSION "0"
#endif

static const char usage_text[] =
    "usage: feedgen build   [-c FILE] [--now TIME] [--dry-run] [--no-publish] [--no-cache] [-j N] [--no-caret] [-q|-v]\n"
    "       feedgen check   [-c FILE] [-j N] [--no-caret] [-q|-v] [ENTRY...]\n"
    "       feedgen next    [-c FILE] [--now TIME] [--no-cache] [-j N] [--no-caret]\n"
    "       feedgen new     [-c FILE] [--now TIME] [--dry-run] [--no-cache] [-j N] [--no-caret] [--category C]... TITLE\n"
    "       feedgen publish [-c FILE] [--dry-run] [--no-caret] [-q|-v]\n"
    "       feedgen server-config nginx|apache [-c FILE] [--no-caret]\n"
    "       feedgen watch   [-c FILE] [-j N] [--no-caret] [-q|-v]\n"
    "       feedgen --help | --version\n";

static const char help_text[] =
    "\n"
    "Builds RSS 2.0 (feed.xml) and Atom 1.0 (atom.xml) feeds, and JSON Feed 1.1\n"
    "(feed.json) when configured, from dated entry files, YYYY-MM-DD-slug.md or\n"
    ".yaml, after checking each against the schema.\n"
    "\n"
    "commands:\n"
    "  build    check every entry, then write the feeds that changed\n"
    "  check    check every entry (or the named ones); write nothing\n"
    "  next     print when the next scheduled entry goes live or one expires\n"
    "  new      write entries/YYYY-MM-DD-slug.md for TITLE, dated now, with an\n"
    "           id no other entry holds and draft: true; prints its path\n"
    "  publish  send the pending WebSub hub notifications only\n"
    "  server-config  print the nginx or apache snippet that sends each feed's\n"
    "           Content-Type and WebSub Link headers\n"
    "  watch    build, then build again whenever entries, the configuration or\n"
    "           the schemas change, or a scheduled entry is due; retry pending\n"
    "           hub notifications; stop on SIGTERM or SIGINT\n"
    "\n"
    "options:\n"
    "  -c, --config FILE  the site configuration (default: feedgen.yaml)\n"
    "      --category C   new: a category for the entry (repeatable)\n"
    "      --now TIME     build, next, new: the clock, as YYYY-MM-DD or an RFC 3339\n"
    "                     date-time (SOURCE_DATE_EPOCH is used when --now is not given)\n"
    "  -j, --jobs N       build, check, next, new, watch: read entries on N threads\n"
    "                     (default: one per online processor); what is printed and\n"
    "                     written is the same for every N\n"
    "  -n, --dry-run      write nothing, send nothing: build checks and says what\n"
    "                     would change (with -v); new prints the path and the text\n"
    "                     it would write; publish prints the notifications it would\n"
    "                     send; check, next and server-config write nothing anyway\n"
    "      --no-caret     print each message on its one line only: no source line,\n"
    "                     caret or hint under it (for scripts)\n"
    "      --no-cache     build, next, new: read every entry file, neither reading\n"
    "                     nor writing the entry cache (.feedgen/cache); check\n"
    "                     always reads every file\n"
    "      --no-publish   build: write the feeds but notify no hub (kept pending)\n"
    "  -q, --quiet        print errors only, and no progress line on a terminal\n"
    "  -v, --verbose      say what was read and what changed\n"
    "  -h, --help         this text\n"
    "  -V, --version      the version\n"
    "\n"
    "An option a command does not use is a usage error. Messages are in colour\n"
    "when stderr is a terminal, unless NO_COLOR is set (to anything but empty).\n"
    "\n"
    "exit status: 0 success, 1 invalid input (nothing written), 2 usage,\n"
    "3 system error (previous feeds intact), 4 hub notification pending\n";

/* The options only some commands use; -c, -n, -q and -v apply to all. */
enum { TAKES_NOW = 1, TAKES_CATEGORY = 2, TAKES_NO_PUBLISH = 4, TAKES_NO_CACHE = 8, TAKES_JOBS = 16 };

struct command {
	const char *name;
	unsigned takes;		/* TAKES_* */
};

static const struct command commands[] = {
	{"build", TAKES_NOW | TAKES_NO_PUBLISH | TAKES_NO_CACHE | TAKES_JOBS},
	{"check", TAKES_JOBS},
	{"new", TAKES_NOW | TAKES_CATEGORY | TAKES_NO_CACHE | TAKES_JOBS},
	{"next", TAKES_NOW | TAKES_NO_CACHE | TAKES_JOBS},
	{"publish", 0},
	{"server-config", 0},
	{"watch", TAKES_JOBS},
};

/* The command line, read. */
struct cli {
	const struct command *cmd;
	struct run_opts o;
	char *cats[32];
	int ncats;
	char **args;		/* the operands after the options */
	int nargs;
};

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

static int
help(void)
{
	fputs(usage_text, stdout);
	fputs(help_text, stdout);
	return EXIT_OK;
}

static int
version(void)
{
	printf("feedgen %s\n", FEEDGEN_VERSION);
	return EXIT_OK;
}

static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* An option the command would ignore: said, not dropped silently. */
static int
not_for(const struct cli *cli, const char *option)
{
	return usage("option '%s' does nothing for %s (see feedgen --help)", option, cli->cmd->name);
}

/* Reads the options after the command. Returns -1 to go on, else the exit status. */
static int
parse_options(int argc, char **argv, struct cli *cli)
{
	/* Sorted by long name, as curl's tool keeps its table. */
	static const struct option longopts[] = {
		{"category", required_argument, NULL, 'C'},
		{"config", required_argument, NULL, 'c'},
		{"dry-run", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{"jobs", required_argument, NULL, 'j'},
		{"no-cache", no_argument, NULL, 'K'},
		{"no-caret", no_argument, NULL, 'R'},
		{"no-publish", no_argument, NULL, 'P'},
		{"now", required_argument, NULL, 'N'},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:hj:nqvV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': cli->o.config = optarg; break;
		case 'C':
			if (!(cli->cmd->takes & TAKES_CATEGORY))
				return not_for(cli, "--category");
			if (cli->ncats == (int)(sizeof cli->cats / sizeof *cli->cats))
				return usage("too many --category options (at most 32)");
			cli->cats[cli->ncats++] = optarg;
			break;
		case 'j': {
			char *end;
			long n;

			if (!(cli->cmd->takes & TAKES_JOBS))
				return not_for(cli, "--jobs");
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || n < 1 || n > POOL_MAX_THREADS)
				return usage("--jobs '%s' is not a number of threads (expected 1 to %d)", optarg,
				    POOL_MAX_THREADS);
			cli->o.jobs = (int)n;
			break;
		}
		case 'n': cli->o.dry_run = 1; break;
		case 'N':
			if (!(cli->cmd->takes & TAKES_NOW))
				return not_for(cli, "--now");
			cli->o.now_text = optarg;
			break;
		case 'K':
			if (!(cli->cmd->takes & TAKES_NO_CACHE))
				return not_for(cli, "--no-cache");
			cli->o.no_cache = 1;
			break;
		case 'P':
			if (!(cli->cmd->takes & TAKES_NO_PUBLISH))
				return not_for(cli, "--no-publish");
			cli->o.no_publish = 1;
			break;
		case 'R': diag_set_excerpts(0); break;
		case 'q': diag_set_quiet(1); progress_set_enabled(0); break;
		case 'v': diag_set_verbose(1); break;
		case 'h': return help();
		case 'V': return version();
		case ':':
			return usage("option '%s' needs a value", argv[optind - 1]);
		default:
			/* optopt names a short option even inside a bundle such as -xq. */
			if (optopt)
				return usage("unknown option '-%c'", optopt);
			return usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	cli->args = argv + optind;
	cli->nargs = argc - optind;
	return -1;
}

/* Reads argv into cli. Returns -1 to go on, else the exit status. */
static int
parse(int argc, char **argv, struct cli *cli)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0)
		return help();
	if (argc > 1 && strcmp(argv[1], "--version") == 0)
		return version();
	if (argc < 2)
		return usage("no command given (expected build, check, next, new, publish, server-config or watch)");
	if (argv[1][0] == '-')
		return usage("unknown option '%s' (expected a command first)", argv[1]);
	if (!(cli->cmd = find_command(argv[1])))
		return usage("unknown command '%s' (expected build, check, next, new, publish, server-config or watch)",
		    argv[1]);
	/* getopt starts at argv[1]: the command stands where the program name would. */
	return parse_options(argc - 1, argv + 1, cli);
}

/* Checks the command's operands and runs it. Returns the exit status. */
static int
dispatch(struct cli *cli)
{
	const char *name = cli->cmd->name;

	if (strcmp(name, "check") == 0) {
		cli->o.files = cli->args;
		cli->o.nfiles = cli->nargs;
		return build_check(&cli->o);
	}
	if (strcmp(name, "new") == 0) {
		if (cli->nargs != 1)
			return usage("new takes one title (expected feedgen new \"Title of the story\")");
		cli->o.categories = cli->cats;
		cli->o.ncategories = cli->ncats;
		return build_new(&cli->o, cli->args[0]);
	}
	if (strcmp(name, "server-config") == 0) {
		if (cli->nargs != 1)
			return usage("server-config takes one argument (expected nginx or apache)");
		if (strcmp(cli->args[0], "nginx") != 0 && strcmp(cli->args[0], "apache") != 0)
			return usage("unknown web server '%s' (expected nginx or apache)", cli->args[0]);
		return build_server_config(&cli->o, cli->args[0]);
	}
	if (cli->nargs > 0)
		return usage("unexpected argument '%s'", cli->args[0]);
	if (strcmp(name, "build") == 0)
		return build_run(&cli->o);
	if (strcmp(name, "next") == 0)
		return build_next(&cli->o);
	if (strcmp(name, "watch") == 0) {
		if (cli->o.dry_run)
			return usage("option '--dry-run' does not go with watch, which writes as build does "
			    "(expected build --dry-run to see what would change)");
		return watch_run(&cli->o);
	}
	return build_publish(&cli->o);
}

int
main(int argc, char **argv)
{
	struct cli cli = {.o = {.config = "feedgen.yaml"}};
	const char *no_colour = getenv("NO_COLOR"), *term = getenv("TERM");
	int rc;

	/* no-color.org: NO_COLOR set and not empty turns colour off, whatever its value. */
	diag_set_colour(isatty(STDERR_FILENO) && !(no_colour && *no_colour) &&
	    !(term && strcmp(term, "dumb") == 0));
	if ((rc = parse(argc, argv, &cli)) < 0)
		rc = dispatch(&cli);
	diag_reset();
	return rc;
}
