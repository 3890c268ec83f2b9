/* pattern.h: XSD patterns that are a sequence of character classes, matched in one pass. */
#ifndef FEEDGEN_PATTERN_H
#define FEEDGEN_PATTERN_H

/*
 * A schema's pattern facets are judged by libxml2's regular expressions,
 * which cost some hundred instructions a character. Most patterns a
 * grammar gives a text field are a plain sequence of character classes,
 * each once, optional or repeated ("[ \t]*[^\s][^\n\r]*"): those are
 * compiled here to a small automaton whose verdict on any text is
 * xmlRegexpExec's (tests/unit/test_pattern.c holds them side by side).
 */
struct pattern;

/*
 * Compiles an XSD regular expression (XML Schema part 2, appendix F) when
 * it is in the subset this module reads exactly: printable ASCII characters,
 * '.', the escapes \n \r \t \s \S and those of metacharacters, classes
 * [...] and [^...] of those and of ranges, each with ?, *, + or {n}, {n,},
 * {n,m}, in sequence, at most 64 positions once the counts are written out.
 * Returns NULL for anything else (groups, '|', \d, \p{..}, subtraction,
 * non-ASCII): the caller keeps libxml2's engine for those. The caller
 * frees the result with pattern_free.
 */
struct pattern *pattern_compile(const char *xsd);
/* 1 when the whole of s, valid UTF-8, matches; 0 when not. */
int pattern_match(const struct pattern *p, const char *s);
/* pattern_free(NULL) does nothing. */
void pattern_free(struct pattern *p);

#endif
