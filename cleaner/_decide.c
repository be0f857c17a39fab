/* Compiled steps of classify's context decisions (cleaner.classify._Settling).
 *
 * Each function is the twin of a plain definition that stays in cleaner/classify.py and
 * runs when this module is not built; tests/test_decide.py checks that both give the same
 * answers:
 *
 *   score_round  <- _Settling._scores_numpy (one scorer round's low blocks, their reason
 *                   codes (_reason_codes) and Decisions (_coded_decision, _score_decision;
 *                   an uncoded one's by Python, _Settling._special), and the copies of
 *                   their texts (_apply_same_text))
 *   quote_scan   <- _Document.in_title (which texts the subset's first block quotes)
 *   measure_subset <- _Document.measure and PageGate.probability (a subset's scorer inputs
 *                   and page probability: quote_scan's reading, subset_rows and numpy's dot
 *                   products called as there, the rest in C)
 *   doc_arrays   <- _doc_arrays_plain (a document's per-block arrays, texts' ids)
 *   document_arrays <- _document_arrays_plain (doc_arrays, the features' prose flags
 *                   (features.block_measures), the blocks' counts and flags, in one call)
 *   counts_and_flags <- np.array of a list of ints / bools (document_arrays' reading)
 *   rules_step   <- _Settling._rules_numpy's strong hits and header runs
 *   edges_step   <- _Settling._extracted_numpy's edges (_apply_edges)
 *
 * Every float operation here is a comparison or one IEEE operation numpy also does once
 * (a product, a floor, a rint): no result depends on the order of work. The reason codes
 * read back whole numbers from their logarithms (rint of expm1 / exp of log1p(k) / log(k)),
 * which no last-bit difference between libm and numpy can move.
 * Built by setup.py as its own optional extension (cleaner._decide).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The integer parameters of score_round, in this order (classify._ROUND_INTS). */
enum {
    I_WIDTH,         /* columns of a feature row */
    I_PROSE,         /* the row's columns: prose, before_first_prose, after_last_prose, */
    I_BEFORE,        /* then what a reason reads: prose, ends_sentence, end_punct_per_word, */
    I_AFTER,         /* log_short_run, log_duplicates, linkish_per_word */
    I_R_PROSE,
    I_R_ENDS,
    I_R_PUNCT,
    I_R_RUN,
    I_R_COPIES,
    I_R_LINKISH,
    I_TITLE_MIN_WORDS,
    I_LIST_MIN_LINES,
    I_RUN_MENTION_MIN,
    I_UNCODED,
    I_RUN_SHIFT,
    I_COPIES_SHIFT,
    I_RUN_LIMIT,
    I_COPIES_LIMIT,
    I_PLACES, /* the place's bits in a code */
    I_KEPT,   /* how many Decisions without a hit kept may hold */
    I_COUNT
};

/* The float parameters (classify._ROUND_FLOATS). */
enum {
    F_SCORE,   /* SCORE_THRESHOLD: a short line at the edges */
    F_INSIDE,  /* INSIDE_SCORE_THRESHOLD: a short line inside the article */
    F_PROSE,   /* PROSE_SCORE_THRESHOLD */
    F_SHARE,   /* LIST_ITEM_SHARE */
    F_MARGIN,  /* _HALF_MARGIN */
    F_LINKISH, /* LINKISH_MENTION */
    F_COUNT
};

/* LIST_ITEM_RE's shape (classify._ITEM_SHAPE): bullets, number separators, unit signs,
 * then the bounds: digits, decimals, unit characters, key characters, spaces after a key. */
typedef struct {
    PyObject *bullets, *separators, *signs;
    Py_ssize_t digits, decimals, unit_chars, key_chars, key_spaces;
} ItemShape;

static int
read_shape(PyObject *shape, ItemShape *out)
{
    if (!PyArg_ParseTuple(shape, "UUUnnnnn", &out->bullets, &out->separators, &out->signs,
                          &out->digits, &out->decimals, &out->unit_chars, &out->key_chars,
                          &out->key_spaces)) {
        return 0;
    }
    return 1;
}

static int
one_of(PyObject *set, Py_UCS4 ch)
{
    return PyUnicode_FindChar(set, ch, 0, PyUnicode_GET_LENGTH(set), 1) >= 0;
}

/* Whether LIST_ITEM_RE.match(text) finds a match: its three alternatives, each path of its
 * bounded repetitions tried (the regex engine's backtracking, as an existence check).
 * \s is Py_UNICODE_ISSPACE, \d Py_UNICODE_ISDECIMAL and [^\W\d_] alphanumeric but not a
 * decimal digit, as the re module reads them on str. 1 or 0; -1 with an error set. */
static int
list_item(PyObject *text, const ItemShape *shape)
{
    if (PyUnicode_READY(text) < 0) {
        return -1;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
#define AT(i) PyUnicode_READ(kind, data, (i))
#define SPACE(i) Py_UNICODE_ISSPACE(AT(i))
    if (n == 0) {
        return 0;
    }
    /* [bullets]\s?\S */
    if (n >= 2 && one_of(shape->bullets, AT(0)) && (!SPACE(1) || (n >= 3 && !SPACE(2)))) {
        return 1;
    }
    /* \d{1,D}(?:[seps]\d{1,E})?(?:\s?(?:[^\W\d_]|[signs]){0,U}\.?)?\s\S */
    for (Py_ssize_t a = 1; a <= shape->digits && a <= n && Py_UNICODE_ISDECIMAL(AT(a - 1)); a++) {
        Py_ssize_t ends[8];
        int count = 0;
        ends[count++] = a;
        if (a < n && one_of(shape->separators, AT(a))) {
            for (Py_ssize_t b = 1; b <= shape->decimals && a + b < n &&
                                   Py_UNICODE_ISDECIMAL(AT(a + b)) && count < 8;
                 b++) {
                ends[count++] = a + 1 + b;
            }
        }
        for (int e = 0; e < count; e++) {
            const Py_ssize_t i = ends[e];
            for (int sp = 0; sp <= 1; sp++) {
                if (sp && !(i < n && SPACE(i))) {
                    continue;
                }
                const Py_ssize_t j0 = i + sp;
                for (Py_ssize_t u = 0; u <= shape->unit_chars; u++) {
                    if (u > 0) {
                        if (j0 + u - 1 >= n) {
                            break;
                        }
                        const Py_UCS4 ch = AT(j0 + u - 1);
                        if (!((Py_UNICODE_ISALNUM(ch) && !Py_UNICODE_ISDECIMAL(ch)) ||
                              one_of(shape->signs, ch))) {
                            break;
                        }
                    }
                    const Py_ssize_t j1 = j0 + u;
                    for (int dot = 0; dot <= 1; dot++) {
                        if (dot && !(j1 < n && AT(j1) == '.')) {
                            continue;
                        }
                        const Py_ssize_t j2 = j1 + dot;
                        if (j2 + 1 < n && SPACE(j2) && !SPACE(j2 + 1)) {
                            return 1;
                        }
                    }
                }
            }
        }
    }
    /* [^:]{1,K}:(?:\s{0,S}\S|$) */
    Py_ssize_t p = 0;
    while (p < n && p <= shape->key_chars && AT(p) != ':') {
        p++;
    }
    if (p >= 1 && p <= shape->key_chars && p < n && AT(p) == ':') {
        Py_ssize_t s = 0;
        while (p + 1 + s < n && s <= shape->key_spaces && SPACE(p + 1 + s)) {
            s++;
        }
        if (s <= shape->key_spaces && p + 1 + s < n) {
            return 1;
        }
        if (p + 1 == n || (p + 2 == n && AT(p + 1) == '\n')) {
            return 1;
        }
    }
#undef AT
#undef SPACE
    return 0;
}

/* list_item_match(text, shape) -> bool: list_item, for the tests. */
static PyObject *
list_item_match(PyObject *self, PyObject *args)
{
    PyObject *text, *shape_tuple;
    ItemShape shape;
    if (!PyArg_ParseTuple(args, "UO!", &text, &PyTuple_Type, &shape_tuple) ||
        !read_shape(shape_tuple, &shape)) {
        return NULL;
    }
    const int item = list_item(text, &shape);
    return item < 0 ? NULL : PyBool_FromLong(item);
}

/* The words of a scorer reason, in this order (classify._REASON_PARTS). */
enum {
    P_PREFIX,   /* "low article score " */
    P_OPEN,     /* " (" */
    P_CLOSE,    /* ")" */
    P_PROSE,    /* "sentence-like block" */
    P_SHORT,    /* "short line" */
    P_UNPUNCT,  /* ", no sentence punctuation" */
    P_RUN,      /* ", in a run of " */
    P_RUN_END,  /* " short lines" */
    P_COPIES,   /* ", repeated " */
    P_TIMES,    /* " times" */
    P_LINKISH,  /* ", link-like characters" */
    P_INSIDE,   /* the reason's end per place: inside the article, */
    P_BEFORE,   /* before it, */
    P_AFTER,    /* after it */
    P_RULE,     /* "scorer" */
    P_HIT_JOIN, /* ", ": between a hit's reason and the scorer's */
    P_COUNT
};

/* Appends the characters of an ASCII str to out (when out is not NULL); returns how many. */
static Py_ssize_t
put_ascii(char *out, PyObject *part)
{
    const Py_ssize_t n = PyUnicode_GET_LENGTH(part);
    if (out != NULL) {
        memcpy(out, PyUnicode_1BYTE_DATA(part), (size_t)n);
    }
    return n;
}

/* Writes the decimal digits of v >= 0 into out (at least 21 bytes); returns how many. */
static int
put_digits(char *out, int64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0 && n < 23);
    for (int i = 0; i < n; i++) {
        out[i] = tmp[n - 1 - i];
    }
    return n;
}

/* coded_reason's text laid out once to count its characters (out NULL) and once to write
 * them: the same pieces in the same order as its PyUnicode_FromFormat. */
static Py_ssize_t
lay_reason(char *out, int64_t score, int64_t flags, int64_t runs, int64_t copies,
           int mention_run, PyObject *parts, int end)
{
    char digits[64];
    Py_ssize_t n = 0;
#define PUT_PART(t) (n += put_ascii(out != NULL ? out + n : NULL, PyTuple_GET_ITEM(parts, (t))))
#define PUT_DIGITS(len)                                                                       \
    do {                                                                                      \
        if (out != NULL) {                                                                    \
            memcpy(out + n, digits, (size_t)(len));                                           \
        }                                                                                     \
        n += (len);                                                                           \
    } while (0)
    PUT_PART(P_PREFIX);
    digits[0] = (char)('0' + score / 100); /* score in [0, 100]: "%d.%02d" of its hundredths */
    digits[1] = '.';
    digits[2] = (char)('0' + score % 100 / 10);
    digits[3] = (char)('0' + score % 10);
    PUT_DIGITS(4);
    PUT_PART(P_OPEN);
    PUT_PART((flags & 1) ? P_PROSE : P_SHORT);
    if (!(flags & 2)) {
        PUT_PART(P_UNPUNCT);
    }
    if (mention_run) {
        PUT_PART(P_RUN);
        PUT_DIGITS(put_digits(digits, runs));
        PUT_PART(P_RUN_END);
    }
    if (copies > 1) {
        PUT_PART(P_COPIES);
        PUT_DIGITS(put_digits(digits, copies));
        PUT_PART(P_TIMES);
    }
    if (flags & 4) {
        PUT_PART(P_LINKISH);
    }
    PUT_PART(P_CLOSE);
    PUT_PART(end);
#undef PUT_PART
#undef PUT_DIGITS
    return n;
}

/* The scorer reason of a code (classify._coded_reason), ending with the words at part
 * `end` (the place's, or "" for a hit's reason). A new reference, or NULL. When every part
 * is ASCII (classify's are) the str is laid out directly, else by PyUnicode_FromFormat. */
static PyObject *
coded_reason(int64_t code, const int64_t *iv, PyObject *parts, int end)
{
    const int64_t score = code & 127, flags = code >> 7;
    const int64_t runs = (code >> iv[I_RUN_SHIFT]) & (iv[I_RUN_LIMIT] - 1);
    const int64_t copies = code >> iv[I_COPIES_SHIFT];
    PyObject *run_text = NULL, *copies_text = NULL, *result = NULL;
    PyObject *empty = PyTuple_GET_ITEM(parts, P_INSIDE);
    if (score > 100) { /* an uncoded score never gets here (Python builds its Decision) */
        PyErr_SetString(PyExc_ValueError, "score_round: an uncoded score");
        return NULL;
    }
    int ascii = copies >= 0;
    for (int t = 0; t < P_COUNT; t++) {
        ascii &= PyUnicode_IS_ASCII(PyTuple_GET_ITEM(parts, t)) != 0;
    }
    if (ascii) {
        const int mention_run = runs >= iv[I_RUN_MENTION_MIN];
        const Py_ssize_t n = lay_reason(NULL, score, flags, runs, copies, mention_run, parts, end);
        result = PyUnicode_New(n, 127);
        if (result != NULL) {
            lay_reason((char *)PyUnicode_1BYTE_DATA(result), score, flags, runs, copies,
                       mention_run, parts, end);
        }
        return result;
    }
    if (runs >= iv[I_RUN_MENTION_MIN]) {
        run_text = PyUnicode_FromFormat("%U%lld%U", PyTuple_GET_ITEM(parts, P_RUN),
                                        (long long)runs, PyTuple_GET_ITEM(parts, P_RUN_END));
        if (run_text == NULL) {
            goto done;
        }
    }
    if (copies > 1) {
        copies_text = PyUnicode_FromFormat("%U%lld%U", PyTuple_GET_ITEM(parts, P_COPIES),
                                           (long long)copies, PyTuple_GET_ITEM(parts, P_TIMES));
        if (copies_text == NULL) {
            goto done;
        }
    }
    result = PyUnicode_FromFormat(
        "%U%d.%02d%U%U%U%U%U%U%U%U", PyTuple_GET_ITEM(parts, P_PREFIX), (int)(score / 100),
        (int)(score % 100), PyTuple_GET_ITEM(parts, P_OPEN),
        PyTuple_GET_ITEM(parts, (flags & 1) ? P_PROSE : P_SHORT),
        (flags & 2) ? empty : PyTuple_GET_ITEM(parts, P_UNPUNCT),
        run_text != NULL ? run_text : empty, copies_text != NULL ? copies_text : empty,
        (flags & 4) ? PyTuple_GET_ITEM(parts, P_LINKISH) : empty,
        PyTuple_GET_ITEM(parts, P_CLOSE), PyTuple_GET_ITEM(parts, end));
done:
    Py_XDECREF(run_text);
    Py_XDECREF(copies_text);
    return result;
}

/* A hit's field by its interned name (as new_decision's: PyObject_GetAttrString would make
 * and hash a new str at every call). A new reference, or NULL. */
enum { HIT_CATEGORY, HIT_REASON, HIT_RULE, HIT_STRENGTH, HIT_FIELDS };

static PyObject *
hit_field(PyObject *hit, int field)
{
    static const char *fields[HIT_FIELDS] = {"category", "reason", "rule", "strength"};
    static PyObject *names[HIT_FIELDS]; /* interned once: they live as long as the process */
    if (names[field] == NULL) {
        names[field] = PyUnicode_InternFromString(fields[field]);
        if (names[field] == NULL) {
            return NULL;
        }
    }
    return PyObject_GetAttr(hit, names[field]);
}

/* Decision(category, reason, rule) as its frozen dataclass __init__ makes it:
 * object.__new__, then object.__setattr__ of each field (the slots' descriptors). */
static PyObject *
new_decision(PyObject *decision_type, PyObject *category, PyObject *reason, PyObject *rule)
{
    static const char *fields[] = {"category", "reason", "rule"};
    static PyObject *names[3]; /* interned once: they live as long as the process */
    PyObject *values[] = {category, reason, rule};
    if (!PyType_Check(decision_type)) {
        PyErr_SetString(PyExc_TypeError, "score_round: decision_type must be a class");
        return NULL;
    }
    PyTypeObject *type = (PyTypeObject *)decision_type;
    PyObject *made = type->tp_alloc(type, 0);
    if (made == NULL) {
        return NULL;
    }
    for (int f = 0; f < 3; f++) {
        if (names[f] == NULL) {
            names[f] = PyUnicode_InternFromString(fields[f]);
        }
        if (names[f] == NULL || PyObject_GenericSetAttr(made, names[f], values[f]) < 0) {
            Py_DECREF(made);
            return NULL;
        }
    }
    /* Its fields are a category and two str: it can be in no reference cycle, so the
     * garbage collector need not walk it (as _kernels.untracked_rows does for BlockInfo). */
    if (PyObject_IS_GC(made)) {
        PyObject_GC_UnTrack(made);
    }
    return made;
}

/* kept's key for a code: the code's bits spread by a bijection (splitmix64's finalizer), so
 * two codes never share a key. A code's low bits are its score and flags, which many codes
 * share (they differ in their run and copies, the high bits); a dict probes by the low bits of
 * an int's hash, the int itself, and such keys would collide there. */
static uint64_t
spread_code(int64_t code)
{
    uint64_t z = (uint64_t)code;
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* kept's index (classify.ScorerDecisions.table): a flat open-addressing table of uint64,
 * [count, capacity (a power of 2), then per slot: code + 1 (0: empty), the Decision kept for
 * it (a borrowed pointer: kept, which only grows, holds it)]. A lookup reads one slot where
 * the dict reads its index, its entry and its key object, each elsewhere in memory: kept's
 * Decisions are looked up at every removal, and those reads miss the cache. count follows
 * kept's size: when they differ (kept changed by other means), the table is not read. */
typedef struct {
    uint64_t *slots; /* NULL: no table */
    uint64_t capacity;
} KeptTable;

static int
kept_table_of(Py_buffer *table_b, PyObject *kept, KeptTable *out)
{
    out->slots = NULL;
    out->capacity = 0;
    if (table_b == NULL || table_b->buf == NULL || table_b->len < 16) {
        return 0;
    }
    uint64_t *slots = table_b->buf;
    const uint64_t capacity = slots[1];
    if (capacity == 0 || (capacity & (capacity - 1)) != 0 ||
        (uint64_t)table_b->len != (2 + 2 * capacity) * 8) {
        PyErr_SetString(PyExc_ValueError, "score_round: a kept table of the wrong size");
        return -1;
    }
    if (slots[0] == (uint64_t)PyDict_GET_SIZE(kept)) {
        out->slots = slots;
        out->capacity = capacity;
    }
    return 0;
}

/* The Decision the table holds for code (borrowed), or NULL. */
static PyObject *
kept_table_get(const KeptTable *table, int64_t code)
{
    const uint64_t mask = table->capacity - 1, want = (uint64_t)code + 1;
    for (uint64_t i = spread_code(code) & mask;; i = (i + 1) & mask) {
        const uint64_t at = table->slots[2 + 2 * i];
        if (at == want) {
            return (PyObject *)(uintptr_t)table->slots[3 + 2 * i];
        }
        if (at == 0) {
            return NULL;
        }
    }
}

/* Records that kept now also holds decision for code (at most half the slots are filled). */
static void
kept_table_put(KeptTable *table, int64_t code, PyObject *decision)
{
    if (table->slots == NULL || 2 * (table->slots[0] + 1) > table->capacity) {
        table->slots = NULL; /* full: it stops following kept (never with the shipped sizes) */
        return;
    }
    const uint64_t mask = table->capacity - 1;
    uint64_t i = spread_code(code) & mask;
    while (table->slots[2 + 2 * i] != 0) {
        i = (i + 1) & mask;
    }
    table->slots[2 + 2 * i] = (uint64_t)code + 1;
    table->slots[3 + 2 * i] = (uint64_t)(uintptr_t)decision;
    table->slots[0]++;
}

/* The Decision for a removal of code (its place in it), with hit (or None): looked up in
 * kept (without a hit: across documents, up to iv[I_KEPT] of them, the first ones built:
 * the reasons a corpus repeats come early; through table, its index, when given) or made
 * (with one: the document's), else built as classify._coded_decision / _score_decision
 * build it and kept there (when there is room). A new reference, or NULL. */
static PyObject *
coded_decision(int64_t code, PyObject *hit, const int64_t *iv, PyObject *kept, PyObject *made,
               PyObject *decision_type, PyObject *categories, PyObject *parts,
               KeptTable *table)
{
    const int64_t place = (code >> 10) & 3;
    PyObject *key, *found, *made_one = NULL, *why = NULL;
    if (hit == Py_None && table != NULL && table->slots != NULL) {
        found = kept_table_get(table, code);
        if (found != NULL) {
            return Py_NewRef(found);
        }
    }
    if (hit == Py_None) {
        made = kept;
        key = PyLong_FromUnsignedLongLong(spread_code(code));
    }
    else {
        /* By the hit's identity: made lives for one document, whose hits list holds them. */
        key = Py_BuildValue("(LN)", (long long)(code & ~iv[I_PLACES]), PyLong_FromVoidPtr(hit));
    }
    if (key == NULL) {
        return NULL;
    }
    found = PyDict_GetItemWithError(made, key);
    if (found != NULL || PyErr_Occurred()) {
        Py_DECREF(key);
        return Py_XNewRef(found);
    }
    if (place > 2) {
        PyErr_SetString(PyExc_ValueError, "score_round: a place out of range");
        goto done;
    }
    if (hit == Py_None) {
        why = coded_reason(code, iv, parts, P_INSIDE + (int)place);
        if (why != NULL) {
            made_one = new_decision(decision_type, PyTuple_GET_ITEM(categories, place), why,
                                    PyTuple_GET_ITEM(parts, P_RULE));
        }
    }
    else {
        PyObject *category = hit_field(hit, HIT_CATEGORY);
        PyObject *reason = category != NULL ? hit_field(hit, HIT_REASON) : NULL;
        PyObject *rule = reason != NULL ? hit_field(hit, HIT_RULE) : NULL;
        PyObject *scorer_why = NULL;
        if (category != NULL && reason != NULL && rule != NULL && PyUnicode_Check(reason)) {
            scorer_why = coded_reason(code, iv, parts, P_INSIDE);
        }
        else if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "score_round: a hit's reason must be str");
        }
        if (scorer_why != NULL) {
            why = PyUnicode_FromFormat("%U%U%U", reason, PyTuple_GET_ITEM(parts, P_HIT_JOIN),
                                       scorer_why);
        }
        if (why != NULL) {
            made_one = new_decision(decision_type, category, why, rule);
        }
        Py_XDECREF(category);
        Py_XDECREF(reason);
        Py_XDECREF(rule);
        Py_XDECREF(scorer_why);
    }
    if (made_one != NULL && (made != kept || PyDict_GET_SIZE(kept) < iv[I_KEPT])) {
        const Py_ssize_t before = PyDict_GET_SIZE(made);
        if (PyDict_SetItem(made, key, made_one) < 0) {
            Py_CLEAR(made_one);
        }
        else if (made == kept && table != NULL && table->slots != NULL) {
            if (PyDict_GET_SIZE(kept) == before + 1) {
                kept_table_put(table, code, made_one);
            }
            else {
                table->slots = NULL; /* a key kept already had: the table stops reading it */
            }
        }
    }
done:
    Py_DECREF(key);
    Py_XDECREF(why);
    return made_one;
}

/* coded_decision(code, hit, ints, kept, made, decision_type, categories, parts[, table])
 * -> Decision: score_round's Decision for a removal of code with hit (or None): see
 * coded_decision (table: kept's index, KeptTable). */
static PyObject *
coded_decision_py(PyObject *self, PyObject *args)
{
    long long code;
    PyObject *hit, *kept, *made, *decision_type, *categories, *parts;
    Py_buffer ints_b, table_b = {0};
    if (!PyArg_ParseTuple(args, "LOy*O!O!OO!O!|w*", &code, &hit, &ints_b, &PyDict_Type, &kept,
                          &PyDict_Type, &made, &decision_type, &PyTuple_Type, &categories,
                          &PyTuple_Type, &parts, &table_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    KeptTable table;
    if (kept_table_of(&table_b, kept, &table) < 0) {
        goto done;
    }
    if (ints_b.len != I_COUNT * 8 || PyTuple_GET_SIZE(categories) != 3 ||
        PyTuple_GET_SIZE(parts) != P_COUNT || (code & 127) > 100) {
        PyErr_SetString(PyExc_ValueError, "coded_decision: wrong parameters");
        goto done;
    }
    for (int t = 0; t < P_COUNT; t++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(parts, t))) {
            PyErr_SetString(PyExc_TypeError, "coded_decision: the reason's parts are str");
            goto done;
        }
    }
    result = coded_decision((int64_t)code, hit, ints_b.buf, kept, made, decision_type,
                            categories, parts, &table);
done:
    PyBuffer_Release(&ints_b);
    if (table_b.buf != NULL) {
        PyBuffer_Release(&table_b);
    }
    return result;
}

/* score_round(x, p, decided, current, where, dprose, has_hit, words, text_ids, items, texts,
 *             match, ints, floats, inside, decisions, hits, kept, made, decision_type,
 *             categories, parts, uncoded) -> int
 *
 * One scorer round of _Settling._scores_numpy over the blocks where[current] (rows of x,
 * scores p): the open blocks (decided[current] == 0) scored below their threshold, bar the
 * best one, the headline and list runs, go: decided[current[j]] = 1 and their Decision
 * (from their _reason_codes: see coded_decision) at decisions[where[current[j]]]; then
 * the open copies of the removed short lines' texts take the first removal's Decision.
 * items (int8 per text id) caches LIST_ITEM_RE's answers: -1 unread, read with match (a
 * callable, or the regex's shape for list_item).
 * A removal whose reason code is uncoded (its score within F_MARGIN of a half hundredth,
 * or a run or count too large for its bits: see _reason_codes) has its Decision built by
 * Python: uncoded(rows, codes) gets those removals' rows (j, in order) and codes (the
 * place's bits set, as _reason_codes gives them) and returns a list of their Decisions,
 * called once per round, before any block is decided; a page has few such scores, so the
 * round stays here and only those Decisions are Python's.
 * Returns how many blocks went before the copies (0: none) and -2 when a score is not
 * finite (the list definition decides); at -2 nothing but items has changed. */
static PyObject *
score_round(PyObject *self, PyObject *args)
{
    Py_buffer x_b, p_b, decided_b, current_b, where_b, dprose_b, hit_b, words_b, ids_b, items_b;
    Py_buffer ints_b, floats_b;
    PyObject *texts, *match, *decisions, *hits, *kept, *made, *decision_type, *categories;
    PyObject *parts, *uncoded;
    Py_buffer table_b = {0};
    int inside;
    if (!PyArg_ParseTuple(args, "y*y*w*y*y*y*y*y*y*w*O!Oy*y*pO!O!O!O!OO!O!O|w*", &x_b, &p_b,
                          &decided_b, &current_b, &where_b, &dprose_b, &hit_b, &words_b, &ids_b,
                          &items_b, &PyList_Type, &texts, &match, &ints_b, &floats_b, &inside,
                          &PyList_Type, &decisions, &PyList_Type, &hits, &PyDict_Type, &kept,
                          &PyDict_Type, &made, &decision_type, &PyTuple_Type, &categories,
                          &PyTuple_Type, &parts, &uncoded, &table_b)) {
        return NULL;
    }
    KeptTable table = {NULL, 0};
    PyObject *result = NULL, *odd_rows = NULL, *odd_codes = NULL, *odd_made = NULL;
    unsigned char *state = NULL; /* per j: bit 1 open, 2 prose, 4 before, 8 after, 16 spared,
                                    32 low */
    Py_ssize_t *run = NULL, *lines = NULL, *found = NULL, *first = NULL, *low_j = NULL;
    int64_t *codes = NULL;
    PyObject **chosen = NULL;
    Py_ssize_t low = 0;
    const Py_ssize_t m = current_b.len / (Py_ssize_t)sizeof(Py_ssize_t);
    const Py_ssize_t n = where_b.len / (Py_ssize_t)sizeof(Py_ssize_t);
    const Py_ssize_t docs = ids_b.len / (Py_ssize_t)sizeof(Py_ssize_t);
    const int64_t *iv = ints_b.buf;
    const double *fv = floats_b.buf;
    if (ints_b.len != I_COUNT * 8 || floats_b.len != F_COUNT * 8 ||
        PyTuple_GET_SIZE(categories) != 3 || PyTuple_GET_SIZE(parts) != P_COUNT) {
        PyErr_SetString(PyExc_ValueError, "score_round: wrong parameters");
        goto done;
    }
    if (kept_table_of(&table_b, kept, &table) < 0) {
        goto done;
    }
    for (int t = 0; t < P_COUNT; t++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(parts, t))) {
            PyErr_SetString(PyExc_TypeError, "score_round: the reason's parts are str");
            goto done;
        }
    }
    ItemShape shape;
    const int use_shape = PyTuple_Check(match);
    if (use_shape && !read_shape(match, &shape)) {
        goto done;
    }
    const Py_ssize_t width = (Py_ssize_t)iv[I_WIDTH];
    if (width <= 0 || x_b.len != m * width * 8 || p_b.len != m * 8 || decided_b.len != n ||
        dprose_b.len != docs || hit_b.len != docs || words_b.len != docs * 8 ||
        items_b.len != docs || PyList_GET_SIZE(texts) != docs ||
        PyList_GET_SIZE(decisions) != docs || PyList_GET_SIZE(hits) != docs) {
        PyErr_SetString(PyExc_ValueError, "score_round: buffers of the wrong size");
        goto done;
    }
    for (int c = I_PROSE; c <= I_R_LINKISH; c++) {
        if (iv[c] < 0 || iv[c] >= width) {
            PyErr_SetString(PyExc_ValueError, "score_round: a column out of the rows");
            goto done;
        }
    }
    const double *x = x_b.buf, *p = p_b.buf;
    unsigned char *decided = decided_b.buf, *items = items_b.buf;
    const Py_ssize_t *current = current_b.buf, *where = where_b.buf, *ids = ids_b.buf;
    const unsigned char *dprose = dprose_b.buf, *has_hit = hit_b.buf;
    const int64_t *words = words_b.buf;
    for (Py_ssize_t j = 0; j < m; j++) {
        if (!isfinite(p[j])) {
            result = PyLong_FromLong(-2);
            goto done;
        }
        if (current[j] < 0 || current[j] >= n || where[current[j]] < 0 ||
            where[current[j]] >= docs || ids[where[current[j]]] < 0 ||
            ids[where[current[j]]] >= docs) {
            PyErr_SetString(PyExc_IndexError, "score_round: a block out of the document");
            goto done;
        }
    }
    /* The round's arrays in one allocation (lines and found start at zero; state last). */
    run = malloc(sizeof(Py_ssize_t) * (size_t)(5 * m + 7) + (size_t)(m > 0 ? m : 1));
    if (run == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    lines = run + (m + 1);
    found = lines + (m + 2);
    low_j = found + (m + 2);
    codes = (int64_t *)(low_j + (m + 1));
    state = (unsigned char *)(codes + (m + 1));
    memset(lines, 0, sizeof(Py_ssize_t) * (size_t)(2 * m + 4));
    memset(state, 0, (size_t)(m > 0 ? m : 1));
    /* The open blocks, their shape, and the best open score (the first of equals). */
    Py_ssize_t best = -1;
    for (Py_ssize_t j = 0; j < m; j++) {
        const double *row = x + j * width;
        unsigned char s = 0;
        if (!decided[current[j]]) {
            s |= 1;
            if (best < 0 || p[j] > p[best]) {
                best = j;
            }
        }
        if (row[iv[I_PROSE]] > 0) {
            s |= 2;
        }
        if (row[iv[I_BEFORE]] > 0) {
            s |= 4;
        }
        if (row[iv[I_AFTER]] > 0) {
            s |= 8;
        }
        state[j] = s;
    }
    if (best < 0) {
        result = PyLong_FromLong(0);
        goto done;
    }
    state[best] |= 16;
    /* The headline: the last open block above the first open (describe) prose block. */
    Py_ssize_t first_prose = m;
    for (Py_ssize_t j = 0; j < m; j++) {
        if ((state[j] & 1) && dprose[where[current[j]]]) {
            first_prose = j;
            break;
        }
    }
    for (Py_ssize_t j = first_prose - 1; j >= 0; j--) {
        if (state[j] & 1) {
            const Py_ssize_t k = where[current[j]];
            if (!has_hit[k] && words[k] >= iv[I_TITLE_MIN_WORDS]) {
                state[j] |= 16;
            }
            break;
        }
    }
    for (Py_ssize_t j = 0; j < m; j++) {
        const unsigned char s = state[j];
        if ((s & 1) == 0 || (s & 16)) {
            continue;
        }
        const double threshold = (s & 2) ? fv[F_PROSE] : ((s & 12) ? fv[F_SCORE] : fv[F_INSIDE]);
        if (p[j] < threshold && (inside || (s & 12))) {
            state[j] |= 32;
            low++;
        }
    }
    if (!low) {
        result = PyLong_FromLong(0);
        goto done;
    }
    /* List runs (_Document.list_runs): the short lines between two prose blocks, items
     * matched only in runs long enough to be a list. */
    Py_ssize_t r = 0;
    for (Py_ssize_t j = 0; j < m; j++) {
        if (state[j] & 2) {
            r++;
        }
        else {
            lines[r]++;
        }
        run[j] = r;
    }
    for (Py_ssize_t j = 0; j < m; j++) {
        if ((state[j] & 2) || lines[run[j]] < iv[I_LIST_MIN_LINES]) {
            continue;
        }
        const Py_ssize_t id = ids[where[current[j]]];
        if ((signed char)items[id] < 0) {
            PyObject *text = PyList_GET_ITEM(texts, id);
            if (use_shape && PyUnicode_Check(text)) {
                const int item = list_item(text, &shape);
                if (item < 0) {
                    goto done;
                }
                items[id] = (unsigned char)item;
            }
            else {
                PyObject *matched = PyObject_CallOneArg(match, text);
                if (matched == NULL) {
                    goto done;
                }
                items[id] = matched != Py_None;
                Py_DECREF(matched);
            }
        }
        if ((signed char)items[id] > 0) {
            found[run[j]]++;
        }
    }
    for (Py_ssize_t j = 0; j < m; j++) {
        if (state[j] & 2) {
            continue;
        }
        const Py_ssize_t lines_r = lines[run[j]];
        if (lines_r >= iv[I_LIST_MIN_LINES] &&
            (double)found[run[j]] >= fv[F_SHARE] * (double)lines_r) {
            state[j] = (unsigned char)((state[j] | 16) & ~32); /* listed: spared */
        }
    }
    /* The low blocks' reason codes (_reason_codes); an uncoded one's score bits are
     * I_UNCODED (its run and count not kept), and it counts in odd. */
    low = 0;
    Py_ssize_t odd = 0;
    for (Py_ssize_t j = 0; j < m; j++) {
        const unsigned char s = state[j];
        if (!(s & 32)) {
            continue;
        }
        const double *row = x + j * width;
        const double score = p[j];
        const double hundredths = score * 100;
        const int unsure = fabs(hundredths - floor(hundredths) - 0.5) <= fv[F_MARGIN] ||
                           score < 0 || score > 1;
        const double clipped = hundredths < 0 ? 0 : (hundredths > 100 ? 100 : hundredths);
        const double run_f = rint(expm1(row[iv[I_R_RUN]]));
        const double copies_f = rint(exp(row[iv[I_R_COPIES]]));
        const int64_t place = (s & 4) ? 1 : ((s & 8) ? 2 : 0);
        const int64_t flags = (row[iv[I_R_PROSE]] != 0) |
                              (int64_t)(row[iv[I_R_ENDS]] != 0 || row[iv[I_R_PUNCT]] != 0) << 1 |
                              (int64_t)(row[iv[I_R_LINKISH]] >= fv[F_LINKISH]) << 2 | place << 3;
        low_j[low] = j;
        if (unsure || !(run_f >= 0 && run_f < (double)iv[I_RUN_LIMIT] && copies_f >= 0 &&
                        copies_f < (double)iv[I_COPIES_LIMIT])) {
            codes[low] = iv[I_UNCODED] | flags << 7; /* formatted by Python: see _reason_codes */
            odd++;
            low++;
            continue;
        }
        int64_t runs = (int64_t)run_f, copies = (int64_t)copies_f;
        if (runs < iv[I_RUN_MENTION_MIN]) {
            runs = 0;
        }
        if (copies < 2) {
            copies = 0;
        }
        codes[low] = (int64_t)rint(clipped) | flags << 7 | runs << iv[I_RUN_SHIFT] |
                     copies << iv[I_COPIES_SHIFT];
        low++;
    }
    if (!low) {
        result = PyLong_FromLong(0);
        goto done;
    }
    /* The uncoded removals' Decisions, from Python, before any block is decided. */
    if (odd) {
        odd_rows = PyList_New(odd);
        odd_codes = PyList_New(odd);
        if (odd_rows == NULL || odd_codes == NULL) {
            goto done;
        }
        Py_ssize_t filled = 0;
        for (Py_ssize_t t = 0; t < low; t++) {
            if ((codes[t] & 127) != iv[I_UNCODED]) {
                continue;
            }
            PyObject *row = PyLong_FromSsize_t(low_j[t]);
            PyObject *code = PyLong_FromLongLong((long long)codes[t]);
            if (row == NULL || code == NULL) {
                Py_XDECREF(row);
                Py_XDECREF(code);
                goto done;
            }
            PyList_SET_ITEM(odd_rows, filled, row);
            PyList_SET_ITEM(odd_codes, filled, code);
            filled++;
        }
        odd_made = PyObject_CallFunctionObjArgs(uncoded, odd_rows, odd_codes, NULL);
        if (odd_made == NULL) {
            goto done;
        }
        if (!PyList_Check(odd_made) || PyList_GET_SIZE(odd_made) != odd) {
            PyErr_SetString(PyExc_ValueError, "score_round: uncoded must return a list of "
                                              "one Decision per row");
            goto done;
        }
    }
    chosen = calloc(low, sizeof(PyObject *));
    if (chosen == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t o = 0; /* the next of odd_made */
    /* The Decisions without a hit this round already chose, by code (direct-mapped, 64
     * entries, borrowed from chosen): a page's low blocks repeat a few codes, and these
     * need no key object and no dict lookup. */
    int64_t recent_code[64];
    Py_ssize_t recent_t[64];
    for (int r = 0; r < 64; r++) {
        recent_code[r] = -1;
    }
    for (Py_ssize_t t = 0; t < low; t++) {
        const Py_ssize_t k = where[current[low_j[t]]];
        PyObject *hit = PyList_GET_ITEM(hits, k);
        const int r = (int)((((uint64_t)codes[t] * 0x9E3779B97F4A7C15ULL) >> 58) & 63);
        if ((codes[t] & 127) == iv[I_UNCODED]) {
            chosen[t] = Py_NewRef(PyList_GET_ITEM(odd_made, o));
            o++;
        }
        else if (hit == Py_None && recent_code[r] == codes[t]) {
            chosen[t] = Py_NewRef(chosen[recent_t[r]]);
        }
        else {
            chosen[t] = coded_decision(codes[t], hit, iv, kept, made, decision_type, categories,
                                       parts, &table);
            if (hit == Py_None && chosen[t] != NULL) {
                recent_code[r] = codes[t];
                recent_t[r] = t;
            }
        }
        if (chosen[t] == NULL) {
            goto done; /* the blocks decided so far stay decided: an error ends settle */
        }
        decided[current[low_j[t]]] = 1;
        PyObject *old = PyList_GET_ITEM(decisions, k);
        PyList_SET_ITEM(decisions, k, Py_NewRef(chosen[t]));
        Py_DECREF(old);
    }
    /* _apply_same_text: the first removed short line of each text decides its open copies. */
    Py_ssize_t short_low = 0;
    for (Py_ssize_t t = 0; t < low; t++) {
        short_low += !(state[low_j[t]] & 2);
    }
    if (short_low) {
        first = malloc(sizeof(Py_ssize_t) * (docs > 0 ? docs : 1));
        if (first == NULL) {
            PyErr_NoMemory();
            goto done;
        }
        for (Py_ssize_t id = 0; id < docs; id++) {
            first[id] = -1;
        }
        for (Py_ssize_t t = 0; t < low; t++) {
            const Py_ssize_t j = low_j[t];
            const Py_ssize_t id = ids[where[current[j]]];
            if (!(state[j] & 2) && first[id] < 0) {
                first[id] = t;
            }
        }
        for (Py_ssize_t j = 0; j < m; j++) {
            if ((state[j] & (1 | 16 | 32)) != 1) {
                continue;
            }
            const Py_ssize_t k = where[current[j]];
            const Py_ssize_t t = first[ids[k]];
            if (t >= 0) {
                decided[current[j]] = 1;
                PyObject *old = PyList_GET_ITEM(decisions, k);
                PyList_SET_ITEM(decisions, k, Py_NewRef(chosen[t]));
                Py_DECREF(old);
            }
        }
    }
    result = PyLong_FromSsize_t(low);
done:
    Py_XDECREF(odd_rows);
    Py_XDECREF(odd_codes);
    Py_XDECREF(odd_made);
    free(run); /* and the arrays laid out after it */
    free(first);
    if (chosen != NULL) {
        for (Py_ssize_t t = 0; t < low; t++) {
            Py_XDECREF(chosen[t]);
        }
        free(chosen);
    }
    PyBuffer_Release(&x_b);
    PyBuffer_Release(&p_b);
    PyBuffer_Release(&decided_b);
    PyBuffer_Release(&current_b);
    PyBuffer_Release(&where_b);
    PyBuffer_Release(&dprose_b);
    PyBuffer_Release(&hit_b);
    PyBuffer_Release(&words_b);
    PyBuffer_Release(&ids_b);
    PyBuffer_Release(&items_b);
    PyBuffer_Release(&ints_b);
    PyBuffer_Release(&floats_b);
    if (table_b.buf != NULL) {
        PyBuffer_Release(&table_b);
    }
    return result;
}

/* quote_scan(title, texts, text_ids, lengths, where, quoted, min_chars) -> None
 * _Document.in_title's reading: for each block at where[1:] whose text is between
 * min_chars and len(title) characters long and not read yet (quoted[id] < 0), whether the
 * title holds it (quoted[id] = 1 or 0). */
static PyObject *
quote_scan(PyObject *self, PyObject *args)
{
    PyObject *title, *texts;
    Py_buffer ids_b, lengths_b, where_b, quoted_b;
    Py_ssize_t min_chars;
    if (!PyArg_ParseTuple(args, "UO!y*y*y*w*n", &title, &PyList_Type, &texts, &ids_b,
                          &lengths_b, &where_b, &quoted_b, &min_chars)) {
        return NULL;
    }
    PyObject *result = NULL;
    const Py_ssize_t docs = PyList_GET_SIZE(texts);
    const Py_ssize_t m = where_b.len / (Py_ssize_t)sizeof(Py_ssize_t);
    if (ids_b.len != docs * 8 || lengths_b.len != docs * 8 || quoted_b.len != docs) {
        PyErr_SetString(PyExc_ValueError, "quote_scan: buffers of the wrong size");
        goto done;
    }
    const Py_ssize_t *ids = ids_b.buf, *lengths = lengths_b.buf, *where = where_b.buf;
    signed char *quoted = quoted_b.buf;
    const Py_ssize_t title_chars = PyUnicode_GET_LENGTH(title);
    for (Py_ssize_t j = 1; j < m; j++) {
        const Py_ssize_t k = where[j];
        if (k < 0 || k >= docs) {
            PyErr_SetString(PyExc_IndexError, "quote_scan: a block out of the document");
            goto done;
        }
        if (lengths[k] < min_chars || lengths[k] > title_chars) {
            continue;
        }
        const Py_ssize_t id = ids[k];
        if (id < 0 || id >= docs) {
            PyErr_SetString(PyExc_IndexError, "quote_scan: a text id out of the document");
            goto done;
        }
        if (quoted[id] >= 0) {
            continue;
        }
        const int holds = PyUnicode_Contains(title, PyList_GET_ITEM(texts, id));
        if (holds < 0) {
            goto done;
        }
        quoted[id] = (signed char)holds;
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&ids_b);
    PyBuffer_Release(&lengths_b);
    PyBuffer_Release(&where_b);
    PyBuffer_Release(&quoted_b);
    return result;
}

/* The items of measure_subset's consts tuple (classify._Settling._measuring), in order. */
enum {
    M_SUBSET_ROWS, /* cleaner._kernels.subset_rows */
    M_BASE,        /* the document's arrays subset_rows reads: base, weak, prose, chars, */
    M_WEAK,
    M_PROSE,
    M_CHARS,
    M_TEXT_IDS, /* text_ids and lengths (intp; quote_scan reads them too) */
    M_LENGTHS,
    M_TEXTS,       /* the document's texts (list, each at its id) */
    M_QUOTED,      /* dict: title -> int8 per text id (_Document.quoted) */
    M_UNQUOTED,    /* int8 per text id: what no title quotes */
    M_NEW_QUOTED,  /* callable: a fresh int8 array of -1 per text id */
    M_TITLE_MAX,   /* TITLE_MAX_CHARS */
    M_QUOTE_MIN,   /* TITLE_QUOTE_MIN_CHARS */
    M_LOG1P,       /* the log tables, WIDE */
    M_LOG,
    M_WIDE,
    M_GATE_COLUMNS, /* subset_rows' gate arguments */
    M_SHARE_COLUMN,
    M_LONG_LOG,
    M_TINY_LOG,
    M_STRONG,  /* bool per block: a strong hit */
    M_EMPTY,   /* numpy.empty */
    M_DOT,     /* numpy.dot */
    M_WIDTH,   /* len(ALL_NAMES) */
    M_STOP_VS, /* the columns stop_vs_prose and stop_ratio */
    M_STOP_RATIO,
    M_MEAN, /* the page gate: mean, std, weights (float64, one per gate feature), bias */
    M_STD,
    M_WEIGHTS,
    M_BIAS,
    M_SCRATCH, /* float64, one per gate feature: the standardized row */
    M_SUM,     /* numpy.add.reduce: what ndarray.sum calls */
    M_GATE,    /* float64, one per gate feature: the gate row (the document's, rewritten) */
    M_STOPS,   /* float64, one per block of the document: subset_rows' stops and weights */
    M_WEIGHTS_SCRATCH,
    M_COUNT
};

/* Calls f with n arguments; a new reference, or NULL. */
static PyObject *
call_n(PyObject *f, PyObject *const *items, Py_ssize_t n)
{
    return PyObject_Vectorcall(f, items, (size_t)n, NULL);
}

/* measure_subset(where, consts) -> (x, page probability) or None
 * classify._Settling._measure's work for the blocks at where (intp, not empty), in one
 * call: the count of strong hits among them, the title's quotes read (quote_scan), the
 * scorer inputs and gate row by subset_rows (called as _Document.measure calls it),
 * stop_vs_prose from numpy's dot product and sum as there, and PageGate.probability of
 * the gate row ((row - mean) / std elementwise, numpy's dot with the weights (@ on two
 * vectors: the same ddot), plus bias,
 * clamped to [-50, 50], the logistic by libm's exp as math.exp). None when subset_rows
 * asks for texts not read (never after quote_scan): the caller measures by Python. */
static PyObject *
measure_subset(PyObject *self, PyObject *args)
{
    PyObject *where_obj, *c;
    if (!PyArg_ParseTuple(args, "OO!", &where_obj, &PyTuple_Type, &c)) {
        return NULL;
    }
    if (PyTuple_GET_SIZE(c) != M_COUNT || !PyList_Check(PyTuple_GET_ITEM(c, M_TEXTS)) ||
        !PyDict_Check(PyTuple_GET_ITEM(c, M_QUOTED))) {
        PyErr_SetString(PyExc_ValueError, "measure_subset: wrong constants");
        return NULL;
    }
#define C_(k) PyTuple_GET_ITEM(c, (k))
    Py_buffer where_b = {0}, ids_b = {0}, lengths_b = {0}, strong_b = {0}, quoted_b = {0};
    Py_buffer out_b = {0}, stops_b = {0}, weights_b = {0}, gate_b = {0}, mean_b = {0};
    Py_buffer std_b = {0}, scratch_b = {0};
    PyObject *result = NULL, *quoted = NULL, *out = NULL, *stops = NULL, *weights = NULL;
    PyObject *shape = NULL, *called = NULL, *z_obj = NULL;
    PyObject *gate = C_(M_GATE); /* borrowed */
    PyObject *texts = C_(M_TEXTS);
    const Py_ssize_t docs = PyList_GET_SIZE(texts);
    const Py_ssize_t width = PyLong_AsSsize_t(C_(M_WIDTH));
    const Py_ssize_t stop_vs = PyLong_AsSsize_t(C_(M_STOP_VS));
    const Py_ssize_t stop_ratio = PyLong_AsSsize_t(C_(M_STOP_RATIO));
    const Py_ssize_t title_max = PyLong_AsSsize_t(C_(M_TITLE_MAX));
    const Py_ssize_t quote_min = PyLong_AsSsize_t(C_(M_QUOTE_MIN));
    const double bias = PyFloat_AsDouble(C_(M_BIAS));
    if (PyErr_Occurred()) {
        return NULL;
    }
    if (PyObject_GetBuffer(where_obj, &where_b, PyBUF_C_CONTIGUOUS) < 0 ||
        PyObject_GetBuffer(C_(M_TEXT_IDS), &ids_b, PyBUF_C_CONTIGUOUS) < 0 ||
        PyObject_GetBuffer(C_(M_LENGTHS), &lengths_b, PyBUF_C_CONTIGUOUS) < 0 ||
        PyObject_GetBuffer(C_(M_STRONG), &strong_b, PyBUF_C_CONTIGUOUS) < 0 ||
        PyObject_GetBuffer(C_(M_MEAN), &mean_b, PyBUF_C_CONTIGUOUS) < 0 ||
        PyObject_GetBuffer(C_(M_STD), &std_b, PyBUF_C_CONTIGUOUS) < 0 ||
        PyObject_GetBuffer(C_(M_SCRATCH), &scratch_b, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0) {
        goto done;
    }
    const Py_ssize_t m = where_b.len / (Py_ssize_t)sizeof(Py_ssize_t);
    const Py_ssize_t g = scratch_b.len / 8;
    if (m <= 0 || where_b.len != m * 8 || ids_b.len != docs * 8 || lengths_b.len != docs * 8 ||
        strong_b.len != docs || mean_b.len != g * 8 || std_b.len != g * 8 || width <= 0 ||
        stop_vs < 0 || stop_vs >= width || stop_ratio < 0 || stop_ratio >= width) {
        PyErr_SetString(PyExc_ValueError, "measure_subset: buffers of the wrong size");
        goto done;
    }
    const Py_ssize_t *where = where_b.buf, *ids = ids_b.buf, *lengths = lengths_b.buf;
    const unsigned char *strong = strong_b.buf;
    Py_ssize_t strong_count = 0;
    for (Py_ssize_t j = 0; j < m; j++) {
        if (where[j] < 0 || where[j] >= docs) {
            PyErr_SetString(PyExc_IndexError, "measure_subset: a block out of the document");
            goto done;
        }
        strong_count += strong[where[j]] != 0;
    }
    /* The title (the first block) and what it quotes, as _Document.measure reads them. */
    PyObject *title = PyList_GET_ITEM(texts, where[0]);
    if (!PyUnicode_Check(title)) {
        PyErr_SetString(PyExc_TypeError, "measure_subset: texts must be str");
        goto done;
    }
    if (PyUnicode_READY(title) < 0) {
        goto done;
    }
    Py_ssize_t title_chars = PyUnicode_GET_LENGTH(title);
    if (title_chars > title_max) {
        title_chars = -1; /* too long: no title */
        quoted = Py_NewRef(C_(M_UNQUOTED));
    }
    else {
        quoted = Py_XNewRef(PyDict_GetItemWithError(C_(M_QUOTED), title));
        if (quoted == NULL) {
            if (PyErr_Occurred()) {
                goto done;
            }
            quoted = PyObject_CallNoArgs(C_(M_NEW_QUOTED));
            if (quoted == NULL || PyDict_SetItem(C_(M_QUOTED), title, quoted) < 0) {
                goto done;
            }
        }
        if (PyObject_GetBuffer(quoted, &quoted_b, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0) {
            goto done;
        }
        if (quoted_b.len != docs) {
            PyErr_SetString(PyExc_ValueError, "measure_subset: quoted of the wrong size");
            goto done;
        }
        signed char *q = quoted_b.buf;
        /* Which characters the title holds, by their low 6 bits: a text whose first or last
         * character is not among them cannot be in it (PyUnicode_Contains is not asked). */
        uint64_t title_bits = 0;
        const int title_kind = PyUnicode_KIND(title);
        const void *title_data = PyUnicode_DATA(title);
        for (Py_ssize_t i = 0; i < title_chars; i++) {
            title_bits |= (uint64_t)1 << (PyUnicode_READ(title_kind, title_data, i) & 63);
        }
        for (Py_ssize_t j = 1; j < m; j++) { /* quote_scan */
            const Py_ssize_t k = where[j];
            if (lengths[k] < quote_min || lengths[k] > title_chars) {
                continue;
            }
            const Py_ssize_t id = ids[k];
            if (id < 0 || id >= docs) {
                PyErr_SetString(PyExc_IndexError, "measure_subset: a text id out of the document");
                goto done;
            }
            if (q[id] >= 0) {
                continue;
            }
            PyObject *text = PyList_GET_ITEM(texts, id);
            if (!PyUnicode_Check(text)) {
                PyErr_SetString(PyExc_TypeError, "measure_subset: texts must be str");
                goto done;
            }
            if (PyUnicode_READY(text) < 0) {
                goto done;
            }
            const Py_ssize_t text_chars = PyUnicode_GET_LENGTH(text);
            if (text_chars > 0) {
                const int kind = PyUnicode_KIND(text);
                const void *data = PyUnicode_DATA(text);
                const Py_UCS4 first = PyUnicode_READ(kind, data, 0);
                const Py_UCS4 last = PyUnicode_READ(kind, data, text_chars - 1);
                if (!((title_bits >> (first & 63)) & 1) || !((title_bits >> (last & 63)) & 1)) {
                    q[id] = 0;
                    continue;
                }
            }
            const int holds = PyUnicode_Contains(title, text);
            if (holds < 0) {
                goto done;
            }
            q[id] = (signed char)holds;
        }
        PyBuffer_Release(&quoted_b);
    }
    /* The outputs, as _Document.measure allocates them. */
    shape = Py_BuildValue("(nn)", m, width);
    if (shape == NULL) {
        goto done;
    }
    out = PyObject_CallOneArg(C_(M_EMPTY), shape);
    Py_CLEAR(shape);
    if (out == NULL) {
        goto done;
    }
    /* subset_rows' stops and weights: the first m of the document's scratch arrays, lent as
     * memoryviews of m * 8 bytes (their prose prefixes are sliced as arrays for numpy). */
    if (PyObject_GetBuffer(C_(M_STOPS), &stops_b, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0 ||
        PyObject_GetBuffer(C_(M_WEIGHTS_SCRATCH), &weights_b,
                           PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0) {
        goto done;
    }
    if (stops_b.len < m * 8 || weights_b.len < m * 8) {
        PyErr_SetString(PyExc_ValueError, "measure_subset: scratch of the wrong size");
        goto done;
    }
    stops = PyMemoryView_FromMemory(stops_b.buf, m * 8, PyBUF_WRITE);
    weights = stops != NULL ? PyMemoryView_FromMemory(weights_b.buf, m * 8, PyBUF_WRITE) : NULL;
    if (weights == NULL) {
        goto done;
    }
    PyObject *title_chars_obj = PyLong_FromSsize_t(title_chars);
    PyObject *strong_obj = PyLong_FromSsize_t(strong_count);
    if (title_chars_obj == NULL || strong_obj == NULL) {
        Py_XDECREF(title_chars_obj);
        Py_XDECREF(strong_obj);
        goto done;
    }
    PyObject *items[] = {
        C_(M_BASE),  C_(M_WEAK),     C_(M_PROSE),   C_(M_CHARS),         C_(M_TEXT_IDS),
        C_(M_LENGTHS), quoted,       title_chars_obj, C_(M_QUOTE_MIN),   where_obj,
        C_(M_LOG1P), C_(M_LOG),      C_(M_WIDE),    out,                 stops,
        weights,     C_(M_GATE_COLUMNS), C_(M_SHARE_COLUMN), C_(M_LONG_LOG), C_(M_TINY_LOG),
        strong_obj,  gate,
    };
    called = call_n(C_(M_SUBSET_ROWS), items, (Py_ssize_t)(sizeof items / sizeof items[0]));
    Py_DECREF(title_chars_obj);
    Py_DECREF(strong_obj);
    if (called == NULL) {
        goto done;
    }
    const Py_ssize_t prose = PyLong_AsSsize_t(called);
    Py_CLEAR(called);
    if (prose == -1 && PyErr_Occurred()) {
        goto done;
    }
    if (prose < 0) { /* texts the title has not been read for: Python measures */
        result = Py_NewRef(Py_None);
        goto done;
    }
    if (PyObject_GetBuffer(out, &out_b, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0 ||
        PyObject_GetBuffer(gate, &gate_b, PyBUF_C_CONTIGUOUS) < 0) {
        goto done;
    }
    if (out_b.len != m * width * 8 || gate_b.len != g * 8 || prose > m) {
        PyErr_SetString(PyExc_ValueError, "measure_subset: subset_rows' outputs of the wrong size");
        goto done;
    }
    if (prose) { /* context_features' stop_vs_prose: numpy's dot product and sum */
        PyObject *s = PySequence_GetSlice(C_(M_STOPS), 0, prose);
        PyObject *w = s != NULL ? PySequence_GetSlice(C_(M_WEIGHTS_SCRATCH), 0, prose) : NULL;
        PyObject *pair[] = {s, w};
        PyObject *dot = w != NULL ? call_n(C_(M_DOT), pair, 2) : NULL;
        PyObject *total = dot != NULL ? call_n(C_(M_SUM), &w, 1) : NULL;
        double dot_v = -1.0, total_v = -1.0;
        if (total != NULL) {
            dot_v = PyFloat_AsDouble(dot);
            total_v = PyFloat_AsDouble(total);
        }
        Py_XDECREF(s);
        Py_XDECREF(w);
        Py_XDECREF(dot);
        Py_XDECREF(total);
        if (total == NULL || PyErr_Occurred()) {
            goto done;
        }
        const double mean_stop = dot_v / total_v;
        double *rows = out_b.buf;
        for (Py_ssize_t j = 0; j < m; j++) {
            rows[j * width + stop_vs] = rows[j * width + stop_ratio] - mean_stop;
        }
    }
    /* PageGate.probability of the gate row. */
    const double *row = gate_b.buf, *mean = mean_b.buf, *std = std_b.buf;
    double *scratch = scratch_b.buf;
    for (Py_ssize_t i = 0; i < g; i++) {
        scratch[i] = (row[i] - mean[i]) / std[i];
    }
    /* numpy's dot of two vectors: BLAS's ddot, as their @ (matmul hands a vector pair to
     * the same dot), without the generalized ufunc's dispatch. */
    PyObject *pair[] = {C_(M_SCRATCH), C_(M_WEIGHTS)};
    z_obj = call_n(C_(M_DOT), pair, 2);
    if (z_obj == NULL) {
        goto done;
    }
    double z = PyFloat_AsDouble(z_obj);
    if (z == -1.0 && PyErr_Occurred()) {
        goto done;
    }
    z = z + bias;
    z = 50.0 < z ? 50.0 : z;    /* min(z, 50.0) */
    z = -50.0 > z ? -50.0 : z;  /* max(..., -50.0) */
    PyObject *probability = PyFloat_FromDouble(1.0 / (1.0 + exp(-z)));
    if (probability != NULL) {
        result = PyTuple_Pack(2, out, probability);
        Py_DECREF(probability);
    }
done:
#undef C_
    PyBuffer_Release(&where_b);
    PyBuffer_Release(&ids_b);
    PyBuffer_Release(&lengths_b);
    PyBuffer_Release(&strong_b);
    PyBuffer_Release(&quoted_b);
    PyBuffer_Release(&out_b);
    PyBuffer_Release(&stops_b);
    PyBuffer_Release(&weights_b);
    PyBuffer_Release(&gate_b);
    PyBuffer_Release(&mean_b);
    PyBuffer_Release(&std_b);
    PyBuffer_Release(&scratch_b);
    Py_XDECREF(quoted);
    Py_XDECREF(out);
    Py_XDECREF(stops);
    Py_XDECREF(weights);
    Py_XDECREF(shape);
    Py_XDECREF(called);
    Py_XDECREF(z_obj);
    return result;
}

#define HIT_CACHE 16

/* The per-block arrays of doc_arrays (see there), n blocks, into the given outputs: 1 when
 * filled, 0 (nothing read) when a text is not exactly a str, -1 with an exception set. */
static int
fill_doc_arrays(PyObject *texts, PyObject *hits, PyObject *weak, PyObject *header,
                PyObject *tweet_rule, Py_ssize_t *ids, Py_ssize_t *lengths,
                unsigned char *has_hit, unsigned char *strong, unsigned char *is_header,
                unsigned char *tweet, double *weak_out)
{
    int result = -1;
    Py_ssize_t *slots = NULL, *latest = NULL, *slot_of = NULL;
    const Py_ssize_t n = PyList_GET_SIZE(texts);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_CheckExact(text)) {
            return 0;
        }
        if (PyUnicode_READY(text) < 0) {
            return -1;
        }
    }
    /* An open-addressing table of the distinct texts: slot -> the first copy's index. */
    size_t size = 8;
    while (size < (size_t)n * 2) {
        size <<= 1;
    }
    slots = malloc(sizeof(Py_ssize_t) * (2 * size + (size_t)(n > 0 ? n : 1)));
    latest = slots != NULL ? slots + size : NULL;
    slot_of = slots != NULL ? latest + size : NULL;
    if (slots == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t k = 0; k < size; k++) {
        slots[k] = -1;
    }
    /* The hits last read, by identity (direct-mapped): a page's hits are a few rule objects
     * met many times, each read once here (whether strong, weak, a header, a tweet). */
    PyObject *seen_hit[HIT_CACHE] = {NULL};
    unsigned char seen_flags[HIT_CACHE];
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        const Py_hash_t hash = PyObject_Hash(text);
        if (hash == -1) {
            goto done;
        }
        size_t k = (size_t)hash & (size - 1);
        for (;;) {
            const Py_ssize_t at = slots[k];
            if (at < 0) {
                slots[k] = i;
                break;
            }
            PyObject *other = PyList_GET_ITEM(texts, at);
            if (other == text) {
                break;
            }
            if (PyObject_Hash(other) == hash) {
                const int equal = PyObject_RichCompareBool(other, text, Py_EQ);
                if (equal < 0) {
                    goto done;
                }
                if (equal) {
                    break;
                }
            }
            k = (k + 1) & (size - 1);
        }
        latest[k] = i; /* the last copy so far */
        slot_of[i] = (Py_ssize_t)k;
        lengths[i] = PyUnicode_GET_LENGTH(text);
        PyObject *hit = PyList_GET_ITEM(hits, i);
        has_hit[i] = strong[i] = is_header[i] = tweet[i] = 0;
        weak_out[i] = 0.0;
        if (hit == Py_None) {
            continue;
        }
        const size_t slot = ((uintptr_t)hit >> 4) % HIT_CACHE;
        unsigned char flags;
        if (seen_hit[slot] == hit) {
            flags = seen_flags[slot];
        }
        else {
            PyObject *strength = hit_field(hit, HIT_STRENGTH);
            PyObject *rule = strength != NULL ? hit_field(hit, HIT_RULE) : NULL;
            if (rule == NULL) {
                Py_XDECREF(strength);
                goto done;
            }
            const int is_tweet = PyObject_RichCompareBool(rule, tweet_rule, Py_EQ);
            Py_DECREF(rule);
            if (is_tweet < 0) {
                Py_DECREF(strength);
                goto done;
            }
            flags = (unsigned char)((strength != weak) | (strength == header) << 1 |
                                    is_tweet << 2);
            Py_DECREF(strength);
            /* The hits list holds the hit for this whole call: its address stays its own. */
            seen_hit[slot] = hit;
            seen_flags[slot] = flags;
        }
        has_hit[i] = 1;
        strong[i] = flags & 1;
        weak_out[i] = (flags & 1) ? 0.0 : 1.0;
        is_header[i] = (flags >> 1) & 1;
        tweet[i] = (flags >> 2) & 1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        ids[i] = latest[slot_of[i]];
    }
    result = 1;
done:
    free(slots); /* latest and slot_of with it */
    return result;
}

/* doc_arrays(texts, hits, weak, header, tweet_rule, text_ids, lengths, has_hit, strong,
 *            header_out, tweet_out, weak_out) -> bool
 * _doc_arrays_plain in one loop: per block, its text's id (the index of the text's last
 * copy), its length, whether it has a hit, a strong one (not of strength weak), a weak one
 * (1.0 in weak_out), a header (strength header), a tweet signature (rule == tweet_rule).
 * False (nothing read) when a text is not exactly a str: then Python does. */
static PyObject *
doc_arrays(PyObject *self, PyObject *args)
{
    PyObject *texts, *hits, *weak, *header, *tweet_rule;
    Py_buffer ids_b, lengths_b, hit_b, strong_b, weak_b, header_b, tweet_b;
    if (!PyArg_ParseTuple(args, "O!O!OOUw*w*w*w*w*w*w*", &PyList_Type, &texts, &PyList_Type,
                          &hits, &weak, &header, &tweet_rule, &ids_b, &lengths_b, &hit_b,
                          &strong_b, &header_b, &tweet_b, &weak_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    const Py_ssize_t n = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(hits) != n || ids_b.len != n * 8 || lengths_b.len != n * 8 ||
        hit_b.len != n || strong_b.len != n || weak_b.len != n * 8 || header_b.len != n ||
        tweet_b.len != n) {
        PyErr_SetString(PyExc_ValueError, "doc_arrays: buffers of the wrong size");
        goto done;
    }
    const int filled = fill_doc_arrays(texts, hits, weak, header, tweet_rule, ids_b.buf,
                                       lengths_b.buf, hit_b.buf, strong_b.buf, header_b.buf,
                                       tweet_b.buf, weak_b.buf);
    if (filled >= 0) {
        result = Py_NewRef(filled ? Py_True : Py_False);
    }
done:
    PyBuffer_Release(&ids_b);
    PyBuffer_Release(&lengths_b);
    PyBuffer_Release(&hit_b);
    PyBuffer_Release(&strong_b);
    PyBuffer_Release(&weak_b);
    PyBuffer_Release(&header_b);
    PyBuffer_Release(&tweet_b);
    return result;
}

/* Lists of n ints and n bools into int64 and bool arrays (counts_and_flags): 1, or 0 (nothing
 * promised of the outputs) when an item is not exactly an int in range or a bool. */
static int
fill_counts_and_flags(PyObject *words, PyObject *prose, int64_t *words_out,
                      unsigned char *prose_out)
{
    const Py_ssize_t n = PyList_GET_SIZE(words);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *count = PyList_GET_ITEM(words, i), *flag = PyList_GET_ITEM(prose, i);
        int overflow = 0;
        if (!PyLong_CheckExact(count) || (flag != Py_True && flag != Py_False)) {
            return 0;
        }
        const long long value = PyLong_AsLongLongAndOverflow(count, &overflow);
        if (overflow || (value == -1 && PyErr_Occurred())) {
            PyErr_Clear();
            return 0;
        }
        words_out[i] = (int64_t)value;
        prose_out[i] = flag == Py_True;
    }
    return 1;
}

/* document_arrays(texts, hits, weak, header, tweet_rule, base, words, columns, minimums,
 *                 counts, flags, ints, bools, weak_out, marks) -> int
 * A document's arrays for classify._Document and _Settling in one call (their definitions:
 * _doc_arrays_plain, features.block_measures' prose flags, np.array of the blocks' word
 * counts and prose flags, and the int8 marks _Document starts with):
 *   ints (3, n) intp: text ids and lengths (as doc_arrays), then the counts (int64);
 *   bools (6, n): has_hit, strong, header, tweet (as doc_arrays), the features' prose flag
 *     (features._prose_flags: words >= minimums[0] with sentence punctuation, base's columns
 *     columns[1] + columns[2] > 0, or words >= minimums[1] ending as a sentence, column
 *     columns[0] > 0; words: numpy's expm1 of the word column), then the flags;
 *   weak_out (n) float64: 1.0 for a weak hit (as doc_arrays);
 *   marks (2, n) int8: 0 (what no title quotes), then -1 (list items not matched yet).
 * Returns 0 when nothing was read (a text not exactly a str: Python does it all), else 1
 * plus 2 when a block has a strong hit, 4 when one has a tweet signature, 8 when the counts
 * and flags were read (else they are left to numpy). */
static PyObject *
document_arrays(PyObject *self, PyObject *args)
{
    PyObject *texts, *hits, *weak, *header, *tweet_rule, *counts, *flags;
    Py_buffer base_b, words_b, ints_b, bools_b, weak_b, marks_b;
    Py_ssize_t ends_col, punct_col, mid_col;
    double prose_min, sentence_min;
    if (!PyArg_ParseTuple(args, "O!O!OOUy*y*(nnn)(dd)O!O!w*w*w*w*", &PyList_Type, &texts,
                          &PyList_Type, &hits, &weak, &header, &tweet_rule, &base_b, &words_b,
                          &ends_col, &punct_col, &mid_col, &prose_min, &sentence_min,
                          &PyList_Type, &counts, &PyList_Type, &flags, &ints_b, &bools_b,
                          &weak_b, &marks_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    const Py_ssize_t n = PyList_GET_SIZE(texts);
    const Py_ssize_t width = n > 0 ? base_b.len / (n * 8) : 0;
    if (PyList_GET_SIZE(hits) != n || PyList_GET_SIZE(counts) != n ||
        PyList_GET_SIZE(flags) != n || base_b.len != n * width * 8 || words_b.len != n * 8 ||
        ints_b.len != 3 * n * 8 || bools_b.len != 6 * n || weak_b.len != n * 8 ||
        marks_b.len != 2 * n || ends_col < 0 || punct_col < 0 || mid_col < 0 ||
        (n > 0 && (ends_col >= width || punct_col >= width || mid_col >= width))) {
        PyErr_SetString(PyExc_ValueError, "document_arrays: buffers of the wrong size");
        goto done;
    }
    Py_ssize_t *ints = ints_b.buf;
    unsigned char *bools = bools_b.buf;
    const int filled = fill_doc_arrays(texts, hits, weak, header, tweet_rule, ints, ints + n,
                                       bools, bools + n, bools + 2 * n, bools + 3 * n,
                                       weak_b.buf);
    if (filled <= 0) {
        if (filled == 0) {
            result = PyLong_FromLong(0);
        }
        goto done;
    }
    const double *base = base_b.buf, *words = words_b.buf;
    unsigned char *prose = bools + 4 * n;
    long answer = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        const double *row = base + i * width;
        const int punct = (row[punct_col] + row[mid_col]) > 0;
        prose[i] = (unsigned char)((words[i] >= prose_min && punct) ||
                                   (words[i] >= sentence_min && row[ends_col] > 0));
        if (bools[n + i]) {
            answer |= 2;
        }
        if (bools[3 * n + i]) {
            answer |= 4;
        }
    }
    if (fill_counts_and_flags(counts, flags, (int64_t *)(ints + 2 * n), bools + 5 * n)) {
        answer |= 8;
    }
    signed char *marks = marks_b.buf;
    memset(marks, 0, (size_t)n);
    memset(marks + n, -1, (size_t)n);
    result = PyLong_FromLong(answer);
done:
    PyBuffer_Release(&base_b);
    PyBuffer_Release(&words_b);
    PyBuffer_Release(&ints_b);
    PyBuffer_Release(&bools_b);
    PyBuffer_Release(&weak_b);
    PyBuffer_Release(&marks_b);
    return result;
}

/* counts_and_flags(words, prose, words_out, prose_out) -> bool
 * np.array(words, dtype=int64) and np.array(prose, dtype=bool) of two lists of n ints and
 * n bools into the buffers (fill_counts_and_flags, which document_arrays reads them with);
 * False (nothing promised) when an item is not exactly an int in range or a bool. */
static PyObject *
counts_and_flags(PyObject *self, PyObject *args)
{
    PyObject *words, *prose;
    Py_buffer words_b, prose_b;
    if (!PyArg_ParseTuple(args, "O!O!w*w*", &PyList_Type, &words, &PyList_Type, &prose,
                          &words_b, &prose_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    const Py_ssize_t n = PyList_GET_SIZE(words);
    if (PyList_GET_SIZE(prose) != n || words_b.len != n * 8 || prose_b.len != n) {
        PyErr_SetString(PyExc_ValueError, "counts_and_flags: buffers of the wrong size");
        goto done;
    }
    result = Py_NewRef(fill_counts_and_flags(words, prose, words_b.buf, prose_b.buf) ? Py_True
                                                                                    : Py_False);
done:
    PyBuffer_Release(&words_b);
    PyBuffer_Release(&prose_b);
    return result;
}

/* Decision(hit.category, hit.reason + suffix, hit.rule): classify._decide. A new reference. */
static PyObject *
hit_decision(PyObject *decision_type, PyObject *hit, PyObject *suffix)
{
    PyObject *category = hit_field(hit, HIT_CATEGORY);
    PyObject *reason = category != NULL ? hit_field(hit, HIT_REASON) : NULL;
    PyObject *rule = reason != NULL ? hit_field(hit, HIT_RULE) : NULL;
    PyObject *why = NULL, *made = NULL;
    if (rule != NULL) {
        why = PyUnicode_GET_LENGTH(suffix) ? PyNumber_Add(reason, suffix) : Py_NewRef(reason);
    }
    if (why != NULL) {
        made = new_decision(decision_type, category, why, rule);
    }
    Py_XDECREF(category);
    Py_XDECREF(reason);
    Py_XDECREF(rule);
    Py_XDECREF(why);
    return made;
}

/* decisions[k] = decision (a new reference is taken). */
static void
put(PyObject *decisions, Py_ssize_t k, PyObject *decision)
{
    PyObject *old = PyList_GET_ITEM(decisions, k);
    PyList_SET_ITEM(decisions, k, Py_NewRef(decision));
    Py_DECREF(old);
}

/* Checks the per-pass arguments shared by rules_step and edges_step. */
static int
pass_sizes_ok(Py_ssize_t m, Py_ssize_t docs, const Py_ssize_t *where, Py_buffer *decided_b,
              PyObject *decisions, PyObject *hits, PyObject *texts, const char *name)
{
    if (decided_b->len != m || PyList_GET_SIZE(decisions) != docs ||
        PyList_GET_SIZE(hits) != docs || PyList_GET_SIZE(texts) != docs) {
        PyErr_Format(PyExc_ValueError, "%s: buffers of the wrong size", name);
        return 0;
    }
    for (Py_ssize_t k = 0; k < m; k++) {
        if (where[k] < 0 || where[k] >= docs) {
            PyErr_Format(PyExc_IndexError, "%s: a block out of the document", name);
            return 0;
        }
    }
    return 1;
}

/* rules_step(where, decided, decisions, hits, texts, strong, header, dprose, lengths, words,
 *            decision_type, header_decision, late_from, paragraph_words) -> None
 * _Settling._rules' first two steps on the blocks at where (none decided yet): each strong
 * hit's Decision (classify._decide), then each header's run (_apply_header_runs: its
 * Decision from header_decision(text, hit)), into decisions and decided. */
static PyObject *
rules_step(PyObject *self, PyObject *args)
{
    Py_buffer where_b, decided_b, strong_b, header_b, dprose_b, lengths_b, words_b;
    PyObject *decisions, *hits, *texts, *decision_type, *header_decision;
    double late_from;
    long long paragraph_words;
    if (!PyArg_ParseTuple(args, "y*w*O!O!O!y*y*y*y*y*OOdL", &where_b, &decided_b, &PyList_Type,
                          &decisions, &PyList_Type, &hits, &PyList_Type, &texts, &strong_b,
                          &header_b, &dprose_b, &lengths_b, &words_b, &decision_type,
                          &header_decision, &late_from, &paragraph_words)) {
        return NULL;
    }
    PyObject *result = NULL, *empty = NULL;
    const Py_ssize_t m = where_b.len / (Py_ssize_t)sizeof(Py_ssize_t);
    const Py_ssize_t docs = PyList_GET_SIZE(hits);
    const Py_ssize_t *where = where_b.buf, *lengths = lengths_b.buf;
    unsigned char *decided = decided_b.buf;
    const unsigned char *strong = strong_b.buf, *is_header = header_b.buf, *dprose = dprose_b.buf;
    const int64_t *words = words_b.buf;
    if (strong_b.len != docs || header_b.len != docs || dprose_b.len != docs ||
        lengths_b.len != docs * 8 || words_b.len != docs * 8) {
        PyErr_SetString(PyExc_ValueError, "rules_step: buffers of the wrong size");
        goto done;
    }
    if (!pass_sizes_ok(m, docs, where, &decided_b, decisions, hits, texts, "rules_step")) {
        goto done;
    }
    empty = PyUnicode_FromString("");
    if (empty == NULL) {
        goto done;
    }
    Py_ssize_t headers = 0;
    long long total = 0;
    /* The Decisions made for the hits last met, by the hit's identity (direct-mapped): a
     * page repeats a few rule objects ("Share", "Tweet"), and equal Decisions, immutable,
     * may be one object (borrowed: decisions holds each one put there). */
    PyObject *seen_hit[HIT_CACHE] = {NULL}, *seen_made[HIT_CACHE] = {NULL};
    for (Py_ssize_t k = 0; k < m; k++) {
        const Py_ssize_t i = where[k];
        headers += is_header[i] != 0;
        if (dprose[i]) {
            total += lengths[i];
        }
        if (!strong[i]) {
            continue;
        }
        PyObject *hit = PyList_GET_ITEM(hits, i);
        const size_t slot = ((uintptr_t)hit >> 4) % HIT_CACHE;
        PyObject *made;
        if (seen_hit[slot] == hit) {
            made = Py_NewRef(seen_made[slot]);
        }
        else {
            made = hit_decision(decision_type, hit, empty);
            if (made == NULL) {
                goto done;
            }
            seen_hit[slot] = hit;
            seen_made[slot] = made;
        }
        put(decisions, i, made);
        Py_DECREF(made);
        decided[k] = 1;
    }
    if (total == 0) {
        total = 1;
    }
    long long seen = 0; /* prose characters above the block */
    for (Py_ssize_t k = 0; k < m && headers; k++) {
        const Py_ssize_t i = where[k];
        if (!is_header[i]) {
            if (dprose[i]) {
                seen += lengths[i];
            }
            continue;
        }
        Py_ssize_t stop = k + 1;
        while (stop < m && !is_header[where[stop]]) {
            stop++;
        }
        Py_ssize_t follower = k + 1;
        while (follower < stop && decided[follower]) {
            follower++;
        }
        /* A long paragraph right under it means the word was a heading of the article
         * itself: the run must not cut the article's second half. */
        const int late = (double)seen / (double)total >= late_from &&
                         !(follower < stop && dprose[where[follower]] &&
                           words[where[follower]] >= paragraph_words);
        PyObject *decision = NULL;
        for (Py_ssize_t j = k + 1; j < stop; j++) {
            if (!late && dprose[where[j]]) {
                break;
            }
            if (decided[j]) {
                continue;
            }
            if (decision == NULL) {
                decision = PyObject_CallFunctionObjArgs(header_decision, PyList_GET_ITEM(texts, i),
                                                        PyList_GET_ITEM(hits, i), NULL);
                if (decision == NULL) {
                    goto done;
                }
            }
            put(decisions, where[j], decision);
            decided[j] = 1;
        }
        Py_XDECREF(decision);
        if (dprose[i]) {
            seen += lengths[i];
        }
    }
    result = Py_NewRef(Py_None);
done:
    Py_XDECREF(empty);
    PyBuffer_Release(&where_b);
    PyBuffer_Release(&decided_b);
    PyBuffer_Release(&strong_b);
    PyBuffer_Release(&header_b);
    PyBuffer_Release(&dprose_b);
    PyBuffer_Release(&lengths_b);
    PyBuffer_Release(&words_b);
    return result;
}

/* edges_step(where, decided, decisions, hits, texts, dprose, has_hit, words, decision_type,
 *            phrase_search, bullet_match, list_endings, ints, leading, trailing,
 *            before, after) -> (first, last, weak)
 * _Settling._extracted's edges (_apply_edges on the blocks at where): the first and last
 * open (describe) prose blocks (-1 when none); the open short lines before the first go
 * (but the headline and a hitless lead's phrase: phrase_search), and after the last (but
 * an introduced or bulleted closing list: list_endings, bullet_match); hitless ones take
 * leading / trailing, the others their hit's Decision with before / after. ints: title
 * min words, edge max words, introduced list max lines, list min lines. weak: whether an
 * open block with a hit is left (the weak hits' step). */
static PyObject *
edges_step(PyObject *self, PyObject *args)
{
    Py_buffer where_b, decided_b, dprose_b, hit_b, words_b;
    PyObject *decisions, *hits, *texts, *decision_type, *phrase_search, *bullet_match;
    PyObject *list_endings, *leading, *trailing, *before, *after;
    long long title_min, edge_max, introduced_max, list_min;
    if (!PyArg_ParseTuple(args, "y*w*O!O!O!y*y*y*OOOO!(LLLL)OOUU", &where_b, &decided_b,
                          &PyList_Type, &decisions, &PyList_Type, &hits, &PyList_Type, &texts,
                          &dprose_b, &hit_b, &words_b, &decision_type, &phrase_search,
                          &bullet_match, &PyTuple_Type, &list_endings, &title_min, &edge_max,
                          &introduced_max, &list_min, &leading, &trailing, &before, &after)) {
        return NULL;
    }
    PyObject *result = NULL;
    const Py_ssize_t m = where_b.len / (Py_ssize_t)sizeof(Py_ssize_t);
    const Py_ssize_t docs = PyList_GET_SIZE(hits);
    const Py_ssize_t *where = where_b.buf;
    unsigned char *decided = decided_b.buf;
    const unsigned char *dprose = dprose_b.buf, *has_hit = hit_b.buf;
    const int64_t *words = words_b.buf;
    if (dprose_b.len != docs || hit_b.len != docs || words_b.len != docs * 8) {
        PyErr_SetString(PyExc_ValueError, "edges_step: buffers of the wrong size");
        goto done;
    }
    if (!pass_sizes_ok(m, docs, where, &decided_b, decisions, hits, texts, "edges_step")) {
        goto done;
    }
    Py_ssize_t first = -1, last = -1;
    for (Py_ssize_t k = 0; k < m; k++) {
        if (!decided[k] && dprose[where[k]]) {
            if (first < 0) {
                first = k;
            }
            last = k;
        }
    }
    if (first >= 0) {
        Py_ssize_t title = -1;
        for (Py_ssize_t k = first - 1; k >= 0; k--) {
            const Py_ssize_t i = where[k];
            if (!decided[k] && !has_hit[i] && words[i] >= title_min) {
                title = k;
                break;
            }
        }
        for (Py_ssize_t k = 0; k < first; k++) {
            const Py_ssize_t i = where[k];
            if (k == title || decided[k] || words[i] > edge_max) {
                continue;
            }
            PyObject *hit = PyList_GET_ITEM(hits, i), *made;
            if (hit == Py_None) {
                PyObject *found = PyObject_CallOneArg(phrase_search, PyList_GET_ITEM(texts, i));
                if (found == NULL) {
                    goto done;
                }
                const int phrase = found != Py_None;
                Py_DECREF(found);
                if (phrase) {
                    continue; /* "Red berries, citrus, sweet": a lead's phrase */
                }
                made = Py_NewRef(leading);
            }
            else {
                made = hit_decision(decision_type, hit, before);
                if (made == NULL) {
                    goto done;
                }
            }
            put(decisions, i, made);
            Py_DECREF(made);
            decided[k] = 1;
        }
        Py_ssize_t tail = 0;
        for (Py_ssize_t k = last + 1; k < m; k++) {
            tail += !decided[k];
        }
        int keep = tail == 0;
        if (!keep && tail <= introduced_max) { /* _introduces_list */
            PyObject *text = PyList_GET_ITEM(texts, where[last]);
            for (Py_ssize_t e = 0; e < PyTuple_GET_SIZE(list_endings) && !keep; e++) {
                const Py_ssize_t ends =
                    PyUnicode_Tailmatch(text, PyTuple_GET_ITEM(list_endings, e), 0,
                                        PY_SSIZE_T_MAX, 1);
                if (ends < 0) {
                    goto done;
                }
                keep = ends > 0;
            }
        }
        if (!keep && tail >= list_min) { /* _ends_with_list */
            keep = 1;
            for (Py_ssize_t k = last + 1; k < m && keep; k++) {
                if (decided[k]) {
                    continue;
                }
                PyObject *found = PyObject_CallOneArg(bullet_match, PyList_GET_ITEM(texts, where[k]));
                if (found == NULL) {
                    goto done;
                }
                keep = found != Py_None;
                Py_DECREF(found);
            }
        }
        for (Py_ssize_t k = last + 1; k < m && !keep; k++) {
            const Py_ssize_t i = where[k];
            if (decided[k] || words[i] > edge_max) {
                continue;
            }
            PyObject *hit = PyList_GET_ITEM(hits, i);
            PyObject *made = hit == Py_None ? Py_NewRef(trailing)
                                            : hit_decision(decision_type, hit, after);
            if (made == NULL) {
                goto done;
            }
            put(decisions, i, made);
            Py_DECREF(made);
            decided[k] = 1;
        }
    }
    int weak = 0;
    for (Py_ssize_t k = 0; k < m && !weak; k++) {
        weak = !decided[k] && has_hit[where[k]];
    }
    result = Py_BuildValue("(nni)", first, last, weak);
done:
    PyBuffer_Release(&where_b);
    PyBuffer_Release(&decided_b);
    PyBuffer_Release(&dprose_b);
    PyBuffer_Release(&hit_b);
    PyBuffer_Release(&words_b);
    return result;
}

static PyMethodDef methods[] = {
    {"score_round", score_round, METH_VARARGS,
     "score_round(x, p, decided, current, where, dprose, has_hit, words, text_ids, items, "
     "texts, match, ints, floats, inside, decisions, hits, kept, made, decision_type, categories, "
     "parts, uncoded[, table]): one scorer round's removals, their Decisions written into decisions "
     "(uncoded(rows, codes): the Decisions of those whose score Python formats); returns "
     "how many went (-2: a score is not finite)."},
    {"coded_decision", coded_decision_py, METH_VARARGS,
     "coded_decision(code, hit, ints, kept, made, decision_type, categories, parts): "
     "score_round's Decision for a removal of code with hit (or None)."},
    {"list_item_match", list_item_match, METH_VARARGS,
     "list_item_match(text, shape): whether LIST_ITEM_RE (of this shape) matches text."},
    {"quote_scan", quote_scan, METH_VARARGS,
     "quote_scan(title, texts, text_ids, lengths, where, quoted, min_chars): which texts "
     "the title quotes, read into quoted."},
    {"measure_subset", measure_subset, METH_VARARGS,
     "measure_subset(where, consts): the scorer inputs of the blocks at where and their page "
     "probability (classify._Settling._measure), or None: Python measures."},
    {"doc_arrays", doc_arrays, METH_VARARGS,
     "doc_arrays(texts, hits, weak, header, tweet_rule, text_ids, lengths, has_hit, strong, "
     "header_out, tweet_out, weak_out): a document's per-block arrays; False: not str texts."},
    {"document_arrays", document_arrays, METH_VARARGS,
     "document_arrays(texts, hits, weak, header, tweet_rule, base, words, columns, minimums, "
     "counts, flags, ints, bools, weak_out, marks): doc_arrays, the features' prose flags, "
     "the blocks' counts and flags and the start marks in one call; 0: Python does."},
    {"counts_and_flags", counts_and_flags, METH_VARARGS,
     "counts_and_flags(words, prose, words_out, prose_out): lists of ints and bools into "
     "int64 and bool buffers; False: other items."},
    {"rules_step", rules_step, METH_VARARGS,
     "rules_step(where, decided, decisions, hits, texts, strong, header, dprose, lengths, "
     "words, decision_type, header_decision, late_from, paragraph_words): strong hits and "
     "header runs."},
    {"edges_step", edges_step, METH_VARARGS,
     "edges_step(where, decided, decisions, hits, texts, dprose, has_hit, words, "
     "decision_type, phrase_search, bullet_match, list_endings, ints, leading, trailing, "
     "before, after): extracted text's edges; returns (first, last, weak)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_decide", "Compiled steps of classify's context decisions.", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__decide(void)
{
    return PyModule_Create(&module);
}
