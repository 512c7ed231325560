/* A tiny C interface to RE2 for libtenuo's Regex constraint. Only this target touches C++. */
#ifndef TENUO_CRE2SHIM_H
#define TENUO_CRE2SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A compiled RE2 program. Immutable once compiled; matching is thread-safe. */
typedef struct cre2shim_regex cre2shim_regex;

/**
 * Compiles `pattern` (UTF-8, `len` bytes, RE2 syntax) with `max_mem` bytes of memory budget
 * (program plus DFA caches). Case-sensitive, `.` does not match `\n`, no capture groups.
 * Returns NULL on failure and writes a NUL-terminated reason into `err` (at most `err_len`
 * bytes, truncated). Never throws, never logs.
 */
cre2shim_regex *cre2shim_compile(const char *pattern, size_t len, int64_t max_mem, char *err, size_t err_len);

/**
 * Matches `text` (`len` bytes of UTF-8): `anchored` 0 searches anywhere (unanchored), 1
 * requires the whole text to match. Returns 1 for a match, 0 for none, -1 if RE2 could not
 * run (out of memory).
 */
int cre2shim_match(const cre2shim_regex *re, const char *text, size_t len, int anchored);

/** The size of the compiled program (RE2's cost measure), or -1. */
int cre2shim_program_size(const cre2shim_regex *re);

/** Releases a program (NULL is ignored). */
void cre2shim_free(cre2shim_regex *re);

#ifdef __cplusplus
}
#endif

#endif
