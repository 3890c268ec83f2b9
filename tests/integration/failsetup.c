/*
 * failsetup.c: an LD_PRELOAD shim for t-setup.sh that makes the calls
 * feedgen makes while setting up fail: setenv (as with ENOMEM) and
 * curl_easy_setopt of one option. failio.c is for file I/O; this is apart.
 *
 *   cc -shared -fPIC -o failsetup.so failsetup.c -ldl
 *   LD_PRELOAD=./failsetup.so FAILSETUP_SETENV=TZ feedgen build
 *   LD_PRELOAD=./failsetup.so FAILSETUP_CURLOPT=10318 feedgen publish
 *
 *   FAILSETUP_SETENV=NAME   setenv(NAME, ...) fails with ENOMEM
 *   FAILSETUP_CURLOPT=N     curl_easy_setopt(h, N, ...) returns
 *                           CURLE_UNKNOWN_OPTION (48); N is the option's
 *                           number (CURLOPT_PROTOCOLS_STR is 10318)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int
setenv(const char *name, const char *value, int overwrite)
{
	static int (*real)(const char *, const char *, int);
	const char *fail = getenv("FAILSETUP_SETENV");

	if (fail && strcmp(fail, name) == 0) {
		errno = ENOMEM;
		return -1;
	}
	if (!real)
		real = (int (*)(const char *, const char *, int))dlsym(RTLD_NEXT, "setenv");
	return real(name, value, overwrite);
}

/*
 * libcurl's options take one long, pointer or curl_off_t; on x86-64 and
 * aarch64 each travels in one 64-bit register, so passing it on as a pointer
 * hands the real function the same bits.
 */
int
curl_easy_setopt(void *h, int opt, ...)
{
	static int (*real)(void *, int, ...);
	const char *fail = getenv("FAILSETUP_CURLOPT");
	va_list ap;
	void *arg;

	if (fail && atoi(fail) == opt)
		return 48;
	va_start(ap, opt);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!real)
		real = (int (*)(void *, int, ...))dlsym(RTLD_NEXT, "curl_easy_setopt");
	return real(h, opt, arg);
}
