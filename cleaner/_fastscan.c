/* Compiled kernels of the stages around the rules: the encoding repair's scan
 * (cleaner.encoding) and segmentation (cleaner.segment).
 *
 * scan(text, tables) reads every code point of text once and
 * returns the positions where ftfy could have something to do, each with the
 * kinds of evidence found there (see cleaner.encoding.ScanPlan, which builds the
 * tables from ftfy's own character sets and badness regex, and whose method
 * scan_plain is this kernel's plain-Python twin: tests/test_fastscan.py checks
 * that both give the same list).
 *
 * compile(blocks, pages, classes) checks and copies the tables once (a capsule).
 * They map a code point to a class in two steps: blocks[cp >> 8] names a
 * page of 256 class ids, pages[page * 256 + (cp & 255)] is the class. Each class
 * is three 64-bit words: the evidence flags the character gives alone, the mask
 * of pair rules it can open, and the mask of pair rules it can close. A pair
 * rule k fires between text[i - 1] and text[i] when the first's opening mask and
 * the second's closing mask share bit k; its hit is reported at i - 1. An "&"
 * (ENTITY_FLAG) counts only where an HTML entity's shape starts. Plain ASCII (no
 * flag, opening no rule) after a character that opens none of the rules it closes
 * changes nothing: it is skipped in a tighter loop, sixteen bytes (eight characters) at
 * a time where SSE2 is.
 *
 * Output: a list of ints (position << FLAG_BITS) | flags, in increasing position,
 * one per position with evidence (flags of the same position OR-ed together).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define HAVE_SSE2_SEARCH 1
#endif

#define FLAG_BITS 4 /* must equal cleaner.encoding.FLAG_BITS */
#define PAIR_FLAG 4 /* must equal cleaner.encoding.BADNESS: a pair is badness evidence */
#define ENTITY_FLAG 2 /* must equal cleaner.encoding.ENTITY */
#define ENTITY_MAX_NAME 24 /* must equal cleaner.encoding.ENTITY_MAX_NAME */
#define BLOCK_COUNT (0x110000 >> 8)
#define MAX_EXCEPTIONS 4

typedef struct {
    uint64_t flags, opens, closes;
} Class;

/* Append (pos, flags) to out, OR-ing into the last entry when it is the same position. */
static int
emit(PyObject *out, Py_ssize_t *last_pos, Py_ssize_t pos, uint64_t flags)
{
    Py_ssize_t n = PyList_GET_SIZE(out);
    if (n > 0 && *last_pos == pos) {
        PyObject *old = PyList_GET_ITEM(out, n - 1);
        long long merged = PyLong_AsLongLong(old) | (long long)flags;
        PyObject *item = PyLong_FromLongLong(merged);
        if (item == NULL) {
            return -1;
        }
        PyList_SET_ITEM(out, n - 1, item);
        Py_DECREF(old);
        return 0;
    }
    PyObject *item = PyLong_FromLongLong(((long long)pos << FLAG_BITS) | (long long)flags);
    if (item == NULL) {
        return -1;
    }
    int status = PyList_Append(out, item);
    Py_DECREF(item);
    *last_pos = pos;
    return status;
}

static int
buffer_of(PyObject *obj, const char *name, const char **data, Py_ssize_t *size)
{
    if (!PyBytes_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "compile: %s must be bytes", name);
        return -1;
    }
    *data = PyBytes_AS_STRING(obj);
    *size = PyBytes_GET_SIZE(obj);
    return 0;
}

/* Checked copies of the tables, held by a capsule: scan reads them without bounds checks. */
typedef struct {
    uint16_t blocks[BLOCK_COUNT];
    uint16_t *pages;
    Class *classes;
    /* 1 for the ASCII characters that raise no flag and open no pair rule: after one that
     * opens none, they change nothing, and scan skips them in a tighter loop. */
    unsigned char quiet[256];
    /* The pair rules some quiet character closes: after a character that opens none of
     * them, the quiet characters that follow change nothing either. */
    uint64_t quiet_closes;
    /* The printable ASCII characters (" " to "~") that are not quiet, when at most
     * MAX_EXCEPTIONS (unused ones 0, which is not printable), so that a vector of
     * characters is seen quiet in a few comparisons; n_exceptions -1: more of them. */
    int n_exceptions;
    unsigned char exceptions[MAX_EXCEPTIONS];
    /* The quiet controls (below " ": tab, line feed), MAX_EXCEPTIONS at most (else
     * n_exceptions is -1), unused ones " " (quiet already when the vectors are used). */
    unsigned char controls[MAX_EXCEPTIONS];
} Tables;

#define CAPSULE_NAME "cleaner._fastscan.Tables"

static void
free_tables(PyObject *capsule)
{
    Tables *t = PyCapsule_GetPointer(capsule, CAPSULE_NAME);
    if (t != NULL) {
        PyMem_Free(t->pages);
        PyMem_Free(t->classes);
        PyMem_Free(t);
    }
}

/* compile(blocks, pages, classes) -> an opaque capsule for scan: blocks is BLOCK_COUNT
 * native uint16 page numbers, pages is 256 native uint16 class ids per page, classes
 * is three native uint64 (flags, opens, closes) per class. */
static PyObject *
compile(PyObject *self, PyObject *args)
{
    PyObject *blocks_obj, *pages_obj, *classes_obj;
    if (!PyArg_ParseTuple(args, "OOO", &blocks_obj, &pages_obj, &classes_obj)) {
        return NULL;
    }
    const char *blocks_raw, *pages_raw, *classes_raw;
    Py_ssize_t blocks_size, pages_size, classes_size;
    if (buffer_of(blocks_obj, "blocks", &blocks_raw, &blocks_size) < 0 ||
        buffer_of(pages_obj, "pages", &pages_raw, &pages_size) < 0 ||
        buffer_of(classes_obj, "classes", &classes_raw, &classes_size) < 0) {
        return NULL;
    }
    const Py_ssize_t page_bytes = 256 * (Py_ssize_t)sizeof(uint16_t);
    const Py_ssize_t class_count = classes_size / (Py_ssize_t)sizeof(Class);
    const Py_ssize_t page_count = pages_size / page_bytes;
    if (blocks_size != (Py_ssize_t)sizeof(((Tables *)0)->blocks) || class_count < 1 ||
        classes_size % (Py_ssize_t)sizeof(Class) != 0 || page_count < 1 ||
        pages_size % page_bytes != 0) {
        PyErr_SetString(PyExc_ValueError, "compile: malformed tables");
        return NULL;
    }
    Tables *t = PyMem_Calloc(1, sizeof(Tables));
    if (t == NULL) {
        return PyErr_NoMemory();
    }
    t->pages = PyMem_Malloc(pages_size);
    t->classes = PyMem_Malloc(classes_size);
    if (t->pages == NULL || t->classes == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    memcpy(t->blocks, blocks_raw, blocks_size);
    memcpy(t->pages, pages_raw, pages_size);
    memcpy(t->classes, classes_raw, classes_size);
    for (Py_ssize_t b = 0; b < BLOCK_COUNT; b++) {
        if (t->blocks[b] >= page_count) {
            PyErr_SetString(PyExc_ValueError, "compile: a block names a missing page");
            goto fail;
        }
    }
    for (Py_ssize_t p = 0; p < page_count * 256; p++) {
        if (t->pages[p] >= class_count) {
            PyErr_SetString(PyExc_ValueError, "compile: a page names a missing class");
            goto fail;
        }
    }
    int n_controls = 0;
    memset(t->controls, ' ', sizeof(t->controls));
    for (int cp = 0; cp < 128; cp++) {
        const Class *c = t->classes + t->pages[(Py_ssize_t)t->blocks[0] * 256 + cp];
        t->quiet[cp] = c->flags == 0 && c->opens == 0;
        t->quiet_closes |= t->quiet[cp] ? c->closes : 0;
        if (cp < ' ' && t->quiet[cp]) {
            if (n_controls == MAX_EXCEPTIONS) {
                t->n_exceptions = -1;
            }
            else {
                t->controls[n_controls++] = (unsigned char)cp;
            }
        }
        if (cp >= ' ' && cp <= '~' && !t->quiet[cp] && t->n_exceptions >= 0) {
            t->n_exceptions = t->n_exceptions < MAX_EXCEPTIONS ? t->n_exceptions + 1 : -1;
            if (t->n_exceptions > 0) {
                t->exceptions[t->n_exceptions - 1] = (unsigned char)cp;
            }
        }
    }
    PyObject *capsule = PyCapsule_New(t, CAPSULE_NAME, free_tables);
    if (capsule == NULL) {
        goto fail;
    }
    return capsule;
fail:
    PyMem_Free(t->pages);
    PyMem_Free(t->classes);
    PyMem_Free(t);
    return NULL;
}

/* The first position from i on whose character is not quiet (or n), for one string kind:
 * where SSE2 is, and the exceptions are few, sixteen bytes at a time while they are all
 * printable ASCII and no exception, then one by one to the end of those sixteen. */
#ifdef HAVE_SSE2_SEARCH
#define DEFINE_SKIP_QUIET(NAME, TYPE, LANES, SET1, GREATER, LESS, EQUAL)                    \
    static inline Py_ssize_t NAME(const Tables *t, const TYPE *chars, Py_ssize_t i,       \
                                  Py_ssize_t n)                                           \
    {                                                                                     \
        if (t->n_exceptions >= 0) {                                                       \
            const __m128i space = SET1(' ' - 1), tilde = SET1('~' + 1);                   \
            __m128i except[MAX_EXCEPTIONS], controls[MAX_EXCEPTIONS];                     \
            for (int k = 0; k < MAX_EXCEPTIONS; k++) {                                    \
                except[k] = SET1(t->exceptions[k]);                                       \
                controls[k] = SET1(t->controls[k]);                                       \
            }                                                                             \
            for (;;) {                                                                    \
                for (; i + LANES <= n; i += LANES) {                                      \
                    const __m128i v = _mm_loadu_si128((const __m128i *)(chars + i));      \
                    /* signed lanes: a character past the type's half is below " " */     \
                    __m128i fine = _mm_and_si128(GREATER(v, space), LESS(v, tilde));      \
                    for (int k = 0; k < MAX_EXCEPTIONS; k++) {                            \
                        fine = _mm_andnot_si128(EQUAL(v, except[k]), fine);               \
                        fine = _mm_or_si128(fine, EQUAL(v, controls[k]));                 \
                    }                                                                     \
                    if (_mm_movemask_epi8(fine) != 0xFFFF) {                              \
                        break;                                                            \
                    }                                                                     \
                }                                                                         \
                const Py_ssize_t end = i + LANES < n ? i + LANES : n;                     \
                while (i < end && chars[i] < 128 && t->quiet[chars[i]]) {                 \
                    i++;                                                                  \
                }                                                                         \
                if (i < end || i == n) {                                                  \
                    return i;                                                             \
                }                                                                         \
            }                                                                             \
        }                                                                                 \
        while (i < n && chars[i] < 128 && t->quiet[chars[i]]) {                           \
            i++;                                                                          \
        }                                                                                 \
        return i;                                                                         \
    }
DEFINE_SKIP_QUIET(skip_quiet_1, Py_UCS1, 16, _mm_set1_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8,
                  _mm_cmpeq_epi8)
DEFINE_SKIP_QUIET(skip_quiet_2, Py_UCS2, 8, _mm_set1_epi16, _mm_cmpgt_epi16, _mm_cmplt_epi16,
                  _mm_cmpeq_epi16)
#undef DEFINE_SKIP_QUIET
#else
#define DEFINE_SKIP_QUIET(NAME, TYPE)                                                       \
    static inline Py_ssize_t NAME(const Tables *t, const TYPE *chars, Py_ssize_t i,       \
                                  Py_ssize_t n)                                           \
    {                                                                                     \
        while (i < n && chars[i] < 128 && t->quiet[chars[i]]) {                           \
            i++;                                                                          \
        }                                                                                 \
        return i;                                                                         \
    }
DEFINE_SKIP_QUIET(skip_quiet_1, Py_UCS1)
DEFINE_SKIP_QUIET(skip_quiet_2, Py_UCS2)
#undef DEFINE_SKIP_QUIET
#endif

static inline Py_ssize_t
skip_quiet_4(const Tables *t, const Py_UCS4 *chars, Py_ssize_t i, Py_ssize_t n)
{
    while (i < n && chars[i] < 128 && t->quiet[chars[i]]) {
        i++;
    }
    return i;
}

/* Whether an HTML entity's shape starts at chars[i] (an "&"): "&", maybe "#", 1 to
 * ENTITY_MAX_NAME ASCII letters or digits, ";" (cleaner.encoding._ENTITY_RE, ftfy's). The
 * run of letters and digits is read whole: only its end can be followed by the ";". */
#define DEFINE_ENTITY_AT(NAME, TYPE)                                                      \
    static inline int NAME(const TYPE *chars, Py_ssize_t i, Py_ssize_t n)                 \
    {                                                                                     \
        Py_ssize_t j = i + 1;                                                             \
        if (j < n && chars[j] == '#') {                                                   \
            j++;                                                                          \
        }                                                                                 \
        const Py_ssize_t name = j;                                                        \
        while (j < n && j - name <= ENTITY_MAX_NAME &&                                    \
               ((chars[j] >= '0' && chars[j] <= '9') || (chars[j] >= 'A' && chars[j] <= 'Z') || \
                (chars[j] >= 'a' && chars[j] <= 'z'))) {                                  \
            j++;                                                                          \
        }                                                                                 \
        return j > name && j - name <= ENTITY_MAX_NAME && j < n && chars[j] == ';';       \
    }
DEFINE_ENTITY_AT(entity_at_1, Py_UCS1)
DEFINE_ENTITY_AT(entity_at_2, Py_UCS2)
DEFINE_ENTITY_AT(entity_at_4, Py_UCS4)
#undef DEFINE_ENTITY_AT

static PyObject *
scan(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "scan(text, tables) takes 2 arguments");
        return NULL;
    }
    PyObject *text = args[0];
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "scan: text must be a str");
        return NULL;
    }
    const Tables *t = PyCapsule_GetPointer(args[1], CAPSULE_NAME);
    if (t == NULL || PyUnicode_READY(text) < 0) {
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    const uint16_t *blocks = t->blocks, *pages = t->pages;
    const Class *classes = t->classes;
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    /* The ASCII classes, looked up directly: most characters of most texts are ASCII. */
    const uint16_t *ascii = pages + (Py_ssize_t)blocks[0] * 256;
    uint64_t open = 0; /* the pair rules the previous character opens */
    Py_ssize_t last_pos = -1;
#define SCAN_LOOP(TYPE, skip_quiet, entity_at)                                            \
    do {                                                                                  \
        const TYPE *chars = (const TYPE *)data;                                           \
        for (Py_ssize_t i = 0; i < n; i++) {                                              \
            if ((open & t->quiet_closes) == 0) { /* the quiet ones next change nothing */ \
                const Py_ssize_t from = i;                                                \
                i = skip_quiet(t, chars, i, n);                                           \
                open = i > from ? 0 : open; /* a quiet character opens no rule */         \
                if (i == n) {                                                             \
                    break;                                                                \
                }                                                                         \
            }                                                                             \
            const Py_UCS4 cp = chars[i];                                                  \
            const Class *c =                                                              \
                classes + (cp < 128 ? ascii[cp]                                           \
                                    : pages[(Py_ssize_t)blocks[cp >> 8] * 256 + (cp & 255)]); \
            if ((open & c->closes) != 0 && emit(out, &last_pos, i - 1, PAIR_FLAG) < 0) {  \
                goto fail;                                                                \
            }                                                                             \
            uint64_t flags = c->flags;                                                    \
            if ((flags & ENTITY_FLAG) && !entity_at(chars, i, n)) {                       \
                flags &= ~(uint64_t)ENTITY_FLAG; /* an "&" that starts no entity */      \
            }                                                                             \
            if (flags != 0 && emit(out, &last_pos, i, flags) < 0) {                       \
                goto fail;                                                                \
            }                                                                             \
            open = c->opens;                                                              \
        }                                                                                 \
    } while (0)
    if (kind == PyUnicode_1BYTE_KIND) {
        SCAN_LOOP(Py_UCS1, skip_quiet_1, entity_at_1);
    }
    else if (kind == PyUnicode_2BYTE_KIND) {
        SCAN_LOOP(Py_UCS2, skip_quiet_2, entity_at_2);
    }
    else {
        SCAN_LOOP(Py_UCS4, skip_quiet_4, entity_at_4);
    }
#undef SCAN_LOOP
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* The position of the first "\n" of chars[pos:n], or n: by memchr for one-byte strings
 * (the C library reads them a vector at a time). */
static inline Py_ssize_t
line_end_1(const Py_UCS1 *chars, Py_ssize_t pos, Py_ssize_t n)
{
    const Py_UCS1 *found = memchr(chars + pos, '\n', (size_t)(n - pos));
    return found == NULL ? n : found - chars;
}

/* The same for two-byte strings (most documents: one curly quote makes a text two-byte):
 * eight characters at a time where SSE2 is (every x86-64), else one by one. */
static inline Py_ssize_t
line_end_2(const Py_UCS2 *chars, Py_ssize_t pos, Py_ssize_t n)
{
#ifdef HAVE_SSE2_SEARCH
    const __m128i newline = _mm_set1_epi16('\n');
    for (; pos + 8 <= n; pos += 8) {
        const __m128i eight = _mm_loadu_si128((const __m128i *)(chars + pos));
        const int found = _mm_movemask_epi8(_mm_cmpeq_epi16(eight, newline));
        if (found != 0) {
            return pos + (__builtin_ctz((unsigned)found) >> 1); /* two mask bits a char */
        }
    }
#endif
    while (pos < n && chars[pos] != '\n') {
        pos++;
    }
    return pos;
}

static inline Py_ssize_t
line_end_4(const Py_UCS4 *chars, Py_ssize_t pos, Py_ssize_t n)
{
    while (pos < n && chars[pos] != '\n') {
        pos++;
    }
    return pos;
}

/* text[start:end] of a two-byte text, as PyUnicode_Substring gives it (the narrowest kind
 * that holds its characters), its characters read twice rather than three times: the OR
 * of its characters (a loop the compiler vectorizes) is below 128, 256 or 65536 exactly
 * when their largest is, which is all PyUnicode_New reads of it; then one copy. */
static PyObject *
substring_2(const Py_UCS2 *chars, Py_ssize_t start, Py_ssize_t end)
{
    const Py_ssize_t len = end - start;
    const Py_UCS2 *from = chars + start;
    Py_UCS2 any = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        any |= from[i];
    }
    PyObject *out = PyUnicode_New(len, any);
    if (out == NULL) {
        return NULL;
    }
    if (PyUnicode_KIND(out) == PyUnicode_1BYTE_KIND) {
        Py_UCS1 *to = PyUnicode_1BYTE_DATA(out);
        for (Py_ssize_t i = 0; i < len; i++) {
            to[i] = (Py_UCS1)from[i];
        }
    }
    else {
        memcpy(PyUnicode_2BYTE_DATA(out), from, (size_t)len * sizeof(Py_UCS2));
    }
    return out;
}

/* split_lines(text, cls[, texts]) -> list of cls((start, end, text[start:end])), one per
 * non-blank line of text (lines end at "\n"), trimmed of whitespace: the matches
 * of \S(?:[^\n]*\S)? in order (the plain twin: cleaner.segment.split_blocks_plain).
 * cls is a tuple subclass (a NamedTuple). Whitespace is Py_UNICODE_ISSPACE, what
 * str.isspace and the re module's \s read. Each line's end is found by a plain
 * search for "\n" and its trailing whitespace trimmed backwards, so most
 * characters are read once and classified never. The blocks hold only ints and a
 * str, which can form no reference cycle, so they are not tracked by the
 * collector (as CPython untracks such plain tuples itself). With texts (a list), each
 * block's text is appended to it too (the pipeline's next stages read the texts alone). */
#define SPLIT_LOOP(TYPE, line_end)                                                        \
    do {                                                                                  \
        const TYPE *chars = (const TYPE *)data;                                           \
        Py_ssize_t pos = 0;                                                               \
        while (pos < n) {                                                                 \
            while (pos < n && Py_UNICODE_ISSPACE(chars[pos])) {                           \
                pos++;                                                                    \
            }                                                                             \
            if (pos >= n) {                                                               \
                break;                                                                    \
            }                                                                             \
            const Py_ssize_t start = pos;                                                 \
            pos = line_end(chars, pos, n);                                                \
            Py_ssize_t end = pos; /* one past the last non-space: start is not a space */ \
            while (Py_UNICODE_ISSPACE(chars[end - 1])) {                                  \
                end--;                                                                    \
            }                                                                             \
            if (append_block(out, texts, cls, text, start, end) < 0) {                    \
                goto fail;                                                                \
            }                                                                             \
        }                                                                                 \
    } while (0)

static int
append_block(PyObject *out, PyObject *texts, PyTypeObject *cls, PyObject *text,
             Py_ssize_t start, Py_ssize_t end)
{
    PyObject *block = cls->tp_alloc(cls, 3);
    if (block == NULL) {
        return -1;
    }
    PyObject *a = PyLong_FromSsize_t(start);
    PyObject *b = PyLong_FromSsize_t(end);
    PyObject *s = PyUnicode_KIND(text) == PyUnicode_2BYTE_KIND
                      ? substring_2(PyUnicode_2BYTE_DATA(text), start, end)
                      : PyUnicode_Substring(text, start, end);
    if (a == NULL || b == NULL || s == NULL) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_XDECREF(s);
        Py_DECREF(block);
        return -1;
    }
    PyTuple_SET_ITEM(block, 0, a);
    PyTuple_SET_ITEM(block, 1, b);
    PyTuple_SET_ITEM(block, 2, s);
    if (cls->tp_dictoffset == 0 && PyObject_GC_IsTracked(block)) {
        PyObject_GC_UnTrack(block); /* no __dict__: nothing can be added that makes a cycle */
    }
    int failed = PyList_Append(out, block) < 0 || (texts != NULL && PyList_Append(texts, s) < 0);
    Py_DECREF(block);
    return failed ? -1 : 0;
}

static PyObject *
split_lines(PyObject *self, PyObject *args)
{
    PyObject *text, *texts = NULL;
    PyTypeObject *cls;
    if (!PyArg_ParseTuple(args, "UO!|O!", &text, &PyType_Type, &cls, &PyList_Type, &texts)) {
        return NULL;
    }
    if (!PyType_IsSubtype(cls, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "split_lines: cls must be a tuple subclass");
        return NULL;
    }
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    if (kind == PyUnicode_1BYTE_KIND) {
        SPLIT_LOOP(Py_UCS1, line_end_1);
    }
    else if (kind == PyUnicode_2BYTE_KIND) {
        SPLIT_LOOP(Py_UCS2, line_end_2);
    }
    else {
        SPLIT_LOOP(Py_UCS4, line_end_4);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}
#undef SPLIT_LOOP

static PyMethodDef methods[] = {
    {"split_lines", split_lines, METH_VARARGS,
     "split_lines(text, cls[, texts]): the trimmed non-blank lines of text as "
     "cls((start, end, text)), each text also appended to the list texts if given."},
    {"compile", compile, METH_VARARGS,
     "compile(blocks, pages, classes): the checked tables scan reads, as a capsule."},
    {"scan", (PyCFunction)(void (*)(void))scan, METH_FASTCALL,
     "scan(text, tables): (position << 4) | flags for every position of text where the "
     "tables find evidence, in order."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaner._fastscan",
    "Compiled encoding scan and segmentation (see cleaner/_fastscan.c).", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__fastscan(void)
{
    return PyModule_Create(&module);
}
