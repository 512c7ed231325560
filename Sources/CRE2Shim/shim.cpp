// The C++ side of CRE2Shim: wraps re2::RE2 behind the plain C functions of cre2shim.h so the
// Swift core never sees a C++ type or exception.
#include "cre2shim.h"

#include <re2/re2.h>

#include <cstring>
#include <new>

struct cre2shim_regex {
    re2::RE2 re;
    cre2shim_regex(const re2::StringPiece &pattern, const re2::RE2::Options &options) : re(pattern, options) {}
};

static void copy_error(const char *message, char *err, size_t err_len) {
    if (err == nullptr || err_len == 0) return;
    size_t n = std::strlen(message);
    if (n >= err_len) n = err_len - 1;
    std::memcpy(err, message, n);
    err[n] = '\0';
}

extern "C" cre2shim_regex *cre2shim_compile(const char *pattern, size_t len, int64_t max_mem, char *err,
                                            size_t err_len) {
    try {
        re2::RE2::Options options;
        options.set_encoding(re2::RE2::Options::EncodingUTF8);
        options.set_log_errors(false);
        options.set_never_capture(true);
        options.set_max_mem(max_mem);
        cre2shim_regex *r = new cre2shim_regex(re2::StringPiece(pattern, len), options);
        if (!r->re.ok()) {
            copy_error(r->re.error().c_str(), err, err_len);
            delete r;
            return nullptr;
        }
        return r;
    } catch (const std::bad_alloc &) {
        copy_error("out of memory", err, err_len);
    } catch (...) {
        copy_error("RE2 raised an exception", err, err_len);
    }
    return nullptr;
}

extern "C" int cre2shim_match(const cre2shim_regex *r, const char *text, size_t len, int anchored) {
    if (r == nullptr) return -1;
    try {
        re2::StringPiece input(text, len);
        re2::RE2::Anchor anchor = anchored ? re2::RE2::ANCHOR_BOTH : re2::RE2::UNANCHORED;
        return r->re.Match(input, 0, input.size(), anchor, nullptr, 0) ? 1 : 0;
    } catch (...) {
        return -1;
    }
}

extern "C" int cre2shim_program_size(const cre2shim_regex *r) { return r == nullptr ? -1 : r->re.ProgramSize(); }

extern "C" void cre2shim_free(cre2shim_regex *r) { delete r; }

