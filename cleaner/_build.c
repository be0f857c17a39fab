/* Compiled builders of the pipeline's per-document outputs.
 *
 * outputs(source, blocks, decisions, ...): the kept text and the Removal list of one
 * document, the twin of cleaner.pipeline.outputs_plain (the kept blocks' texts joined by
 * "\n" and cleaner.pipeline._removals). tests/test_build.py checks that both give equal
 * outputs. The Removals it builds hold only strings, ints and a category (an enum member,
 * whose attributes never lead back to a removal): they can be in no reference cycle, so
 * they are left untracked by the garbage collector, whose passes would otherwise revisit
 * the hundred removals of every Result a caller keeps.
 *
 * describe_rows / block_rows: the one compiled per-character loop of block features
 * (cleaner.features.measure_blocks and block_features; twins: block_features_plain and
 * cleaner.classify._words_and_prose; tests/test_build.py checks the same bits).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The feature rows are divisions whose IEEE results numpy gives too: kept two roundings. */
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif
#include <stdint.h>
#include <string.h>
#include <structmember.h>

/* Where each field of a type's instances is: the offset of a slot of the type's own (a
 * member descriptor of an object slot), or -1 to go through the descriptor. */
static Py_ssize_t
slot_offset(PyObject *descr, PyTypeObject *owner)
{
    if (Py_TYPE(descr) != &PyMemberDescr_Type || PyDescr_TYPE(descr) != owner) {
        return -1;
    }
    const PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
    if (member->type != T_OBJECT_EX || (member->flags & READONLY)) {
        return -1;
    }
    return member->offset;
}

/* Whether the collector tracks o: asked only of objects of a collected type (str, int and
 * None, most of what is asked about, are not). */
static inline int
tracked(PyObject *o)
{
    return PyType_IS_GC(Py_TYPE(o)) && PyObject_GC_IsTracked(o);
}

/* How outputs reads a decision's fields and fills a removal's. */
struct fields {
    PyObject *getters, *setters;           /* tuples of 3 and 6 descriptors */
    Py_ssize_t get_at[3], set_at[6];       /* their slot offsets, or -1 (see slot_offset) */
    PyTypeObject *decision_type, *type, *leaf;
};

/* The value of field k of a decision (read as attribute access reads it). */
static inline PyObject *
field_get(const struct fields *f, int k, PyObject *decision)
{
    if (f->get_at[k] >= 0 && Py_TYPE(decision) == f->decision_type) {
        PyObject *value = *(PyObject **)((char *)decision + f->get_at[k]);
        if (value != NULL) {
            return Py_NewRef(value);
        }
    }
    PyObject *descr = PyTuple_GET_ITEM(f->getters, k);
    return Py_TYPE(descr)->tp_descr_get(descr, decision, (PyObject *)Py_TYPE(decision));
}

/* One Removal: category, text, start, end, reason, rule set in its slots (as the plain
 * twin sets them through the slots' descriptors), untracked when its items can hold no
 * cycle. Its text is source[start:end]: text when given (a block's own, which is that
 * slice: no copy), else a new one. */
static PyObject *
new_removal(const struct fields *f, PyObject *source, PyObject *start_obj, PyObject *end_obj,
            Py_ssize_t start, Py_ssize_t end, PyObject *decision, PyObject *text)
{
    PyObject *values[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
    PyObject *removal = NULL;
    values[0] = field_get(f, 0, decision);
    values[1] = text != NULL ? Py_NewRef(text) : PyUnicode_Substring(source, start, end);
    values[2] = Py_NewRef(start_obj); /* the blocks' own offsets: the same ints */
    values[3] = Py_NewRef(end_obj);
    values[4] = field_get(f, 1, decision);
    values[5] = field_get(f, 2, decision);
    for (int k = 0; k < 6; k++) {
        if (values[k] == NULL) {
            goto done;
        }
    }
    removal = f->type->tp_alloc(f->type, 0);
    if (removal == NULL) {
        goto done;
    }
    int acyclic = 1;
    for (int k = 0; k < 6; k++) {
        if (tracked(values[k]) && Py_TYPE(values[k]) != f->leaf) {
            acyclic = 0;
        }
        if (f->set_at[k] >= 0) { /* a fresh object's empty slot: the reference moves in */
            *(PyObject **)((char *)removal + f->set_at[k]) = values[k];
            values[k] = NULL;
            continue;
        }
        PyObject *descr = PyTuple_GET_ITEM(f->setters, k);
        if (Py_TYPE(descr)->tp_descr_set(descr, removal, values[k]) < 0) {
            Py_CLEAR(removal);
            goto done;
        }
    }
    if (acyclic && PyObject_GC_IsTracked(removal)) {
        PyObject_GC_UnTrack(removal);
    }
done:
    for (int k = 0; k < 6; k++) {
        Py_XDECREF(values[k]);
    }
    return removal;
}

/* Whether two decisions of adjacent blocks are one run's: the same object, or equal
 * (the reasons first: they tell most unequal decisions apart without __eq__). 1, 0 or -1. */
static int
same_decision(PyObject *a, PyObject *b, const struct fields *f)
{
    if (a == b) {
        return 1;
    }
    if (f->get_at[1] >= 0 && Py_TYPE(a) == f->decision_type && Py_TYPE(b) == f->decision_type) {
        /* The reasons read in place (no references taken): comparing two exact str runs no
         * other code. */
        PyObject *ra = *(PyObject **)((char *)a + f->get_at[1]);
        PyObject *rb = *(PyObject **)((char *)b + f->get_at[1]);
        if (ra != NULL && rb != NULL && ra != rb && PyUnicode_CheckExact(ra) &&
            PyUnicode_CheckExact(rb) &&
            (PyUnicode_GET_LENGTH(ra) != PyUnicode_GET_LENGTH(rb) ||
             PyUnicode_KIND(ra) != PyUnicode_KIND(rb) ||
             memcmp(PyUnicode_DATA(ra), PyUnicode_DATA(rb),
                    PyUnicode_GET_LENGTH(ra) * PyUnicode_KIND(ra)) != 0)) {
            return 0;
        }
    }
    PyObject *ra = field_get(f, 1, a);
    if (ra == NULL) {
        return -1;
    }
    PyObject *rb = field_get(f, 1, b);
    if (rb == NULL) {
        Py_DECREF(ra);
        return -1;
    }
    int equal = PyObject_RichCompareBool(ra, rb, Py_EQ);
    Py_DECREF(ra);
    Py_DECREF(rb);
    if (equal != 1) {
        return equal;
    }
    return PyObject_RichCompareBool(a, b, Py_EQ);
}

/* Where the kept blocks' texts are in the source, to copy the kept text from it. */
struct kept_spans {
    Py_ssize_t *start; /* each kept block's start (its length: its text's) */
    Py_ssize_t count, chars;
    int kind;  /* the widest kind of the kept texts */
    int ascii; /* whether they are all ASCII */
    int read;  /* whether every kept block was one the copy can read (else: join) */
};

/* Note a kept block: its start, its text's length and kind, when its text is an exact str
 * that is its slice of the source by its offsets' account (end - start its length). */
static void
keep_span(struct kept_spans *spans, PyObject *block, PyObject *source)
{
    PyObject *text = PyTuple_GET_ITEM(block, 2), *start_obj = PyTuple_GET_ITEM(block, 0);
    PyObject *end_obj = PyTuple_GET_ITEM(block, 1);
    if (!spans->read || !PyUnicode_CheckExact(text) || !PyLong_CheckExact(start_obj) ||
        !PyLong_CheckExact(end_obj)) {
        spans->read = 0;
        return;
    }
    const Py_ssize_t start = PyLong_AsSsize_t(start_obj), end = PyLong_AsSsize_t(end_obj);
    const Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    if (PyErr_Occurred()) {
        PyErr_Clear(); /* an offset past Py_ssize_t: the join reads the texts themselves */
        spans->read = 0;
        return;
    }
    if (start < 0 || end - start != len || end > PyUnicode_GET_LENGTH(source)) {
        spans->read = 0;
        return;
    }
    spans->start[spans->count++] = start;
    spans->chars += len;
    spans->kind = PyUnicode_KIND(text) > spans->kind ? PyUnicode_KIND(text) : spans->kind;
    spans->ascii = spans->ascii && PyUnicode_IS_ASCII(text);
}

/* The kept texts joined by "\n", copied from the source (one copy of each span, with no
 * change of width) when the result has the source's kind; NULL (no error) otherwise. The
 * result's kind is the widest of the texts' (all ASCII: ASCII), as PyUnicode_Join makes
 * it: the same str. */
static PyObject *
joined_from_source(const struct kept_spans *spans, PyObject *kept, PyObject *source)
{
    const Py_ssize_t count = spans->count;
    if (!spans->read || count < 2 || count != PyList_GET_SIZE(kept)) {
        return NULL;
    }
    const Py_UCS4 widest = spans->ascii                            ? 0x7F
                           : spans->kind == PyUnicode_1BYTE_KIND ? 0xFF
                           : spans->kind == PyUnicode_2BYTE_KIND ? 0xFFFF
                                                                 : 0x10FFFF;
    const int kind = PyUnicode_KIND(source);
    if ((widest <= 0xFF ? PyUnicode_1BYTE_KIND
                        : widest <= 0xFFFF ? PyUnicode_2BYTE_KIND : PyUnicode_4BYTE_KIND) != kind) {
        return NULL;
    }
    PyObject *text = PyUnicode_New(spans->chars + count - 1, widest);
    if (text == NULL) {
        return NULL;
    }
    const char *from = PyUnicode_DATA(source);
    char *to = PyUnicode_DATA(text);
    Py_ssize_t at = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        const Py_ssize_t len = PyUnicode_GET_LENGTH(PyList_GET_ITEM(kept, k));
        if (k > 0) {
            PyUnicode_WRITE(kind, to, at++, '\n');
        }
        memcpy(to + at * kind, from + spans->start[k] * kind, (size_t)(len * kind));
        at += len;
    }
    return text;
}

/* outputs(source, blocks, decisions, removal_type, setters, getters, leaf) ->
 *     (kept_text, removals)
 * blocks: list of (start, end, text) tuples; decisions: list of None or a decision whose
 * category, reason and rule the three getters (slot descriptors) read; setters: the six
 * slot descriptors of removal_type (category, text, start, end, reason, rule); leaf: the
 * category's type. The kept text is the texts of the blocks whose decision is None joined
 * by "\n"; one removal per run of adjacent removed blocks with equal decisions, from the
 * run's first start to its last end. The blocks are segmentation's: each text is the
 * source's span [start, end) (Block's promise), so the kept text is copied from the
 * source's spans and a one-block removal takes its block's text; a block whose text is
 * not as long as its span is read as the plain twin reads it. */
static PyObject *
outputs(PyObject *self, PyObject *args)
{
    PyObject *source, *blocks, *decisions, *setters, *getters;
    PyTypeObject *type, *leaf;
    if (!PyArg_ParseTuple(args, "UO!O!O!O!O!O!", &source, &PyList_Type, &blocks, &PyList_Type,
                          &decisions, &PyType_Type, &type, &PyTuple_Type, &setters,
                          &PyTuple_Type, &getters, &PyType_Type, &leaf)) {
        return NULL;
    }
    struct fields f = {getters, setters, {-1, -1, -1}, {-1, -1, -1, -1, -1, -1}, NULL, type,
                       leaf};
    const Py_ssize_t n = PyList_GET_SIZE(blocks);
    if (PyList_GET_SIZE(decisions) != n || PyTuple_GET_SIZE(setters) != 6 ||
        PyTuple_GET_SIZE(getters) != 3) {
        PyErr_SetString(PyExc_ValueError, "outputs: arguments of the wrong sizes");
        return NULL;
    }
    for (int k = 0; k < 6; k++) {
        PyObject *d = PyTuple_GET_ITEM(setters, k);
        if (Py_TYPE(d)->tp_descr_set == NULL) {
            PyErr_SetString(PyExc_TypeError, "outputs: setters must be data descriptors");
            return NULL;
        }
    }
    for (int k = 0; k < 6; k++) {
        f.set_at[k] = slot_offset(PyTuple_GET_ITEM(setters, k), type);
    }
    int member_getters = 1;
    for (int k = 0; k < 3; k++) {
        PyObject *d = PyTuple_GET_ITEM(getters, k);
        if (Py_TYPE(d)->tp_descr_get == NULL) {
            PyErr_SetString(PyExc_TypeError, "outputs: getters must be descriptors");
            return NULL;
        }
        /* (getters[0] is read only once it was found a member descriptor, at k == 0) */
        member_getters = member_getters && Py_TYPE(d) == &PyMemberDescr_Type &&
                         PyDescr_TYPE(d) == PyDescr_TYPE(PyTuple_GET_ITEM(getters, 0));
    }
    if (member_getters) { /* the slots of one type (the decisions' own): read them directly */
        f.decision_type = PyDescr_TYPE(PyTuple_GET_ITEM(getters, 0));
        for (int k = 0; k < 3; k++) {
            f.get_at[k] = slot_offset(PyTuple_GET_ITEM(getters, k), f.decision_type);
        }
    }
    PyObject *kept = PyList_New(0), *removed = PyList_New(0), *result = NULL;
    struct kept_spans spans = {NULL, 0, 0, 1, 1, 1};
    /* Copies of the lists, read by index while allocations may run the collector and so
     * other code: these stay as they are. */
    blocks = PyList_GetSlice(blocks, 0, n);
    decisions = PyList_GetSlice(decisions, 0, n);
    if (kept == NULL || removed == NULL || blocks == NULL || decisions == NULL) {
        goto done;
    }
    spans.start = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n > 0 ? n : 1));
    if (spans.start == NULL) {
        PyErr_NoMemory();
        goto done;
    }
#if defined(__GNUC__)
    /* The reasons the loop compares, asked for all at once: each is read only after its
     * decision, and one by one their cache misses would wait on each other. */
    for (Py_ssize_t k = 0; f.get_at[1] >= 0 && k < n; k++) {
        PyObject *decision = PyList_GET_ITEM(decisions, k);
        if (Py_TYPE(decision) == f.decision_type) {
            __builtin_prefetch(*(PyObject **)((char *)decision + f.get_at[1]));
        }
    }
#endif
    Py_ssize_t b = 0;
    while (b < n) {
        PyObject *block = PyList_GET_ITEM(blocks, b);
        PyObject *decision = PyList_GET_ITEM(decisions, b);
        if (!PyTuple_Check(block) || PyTuple_GET_SIZE(block) != 3) {
            PyErr_SetString(PyExc_TypeError, "outputs: blocks must be (start, end, text)");
            goto done;
        }
        if (decision == Py_None) {
            if (PyList_Append(kept, PyTuple_GET_ITEM(block, 2)) < 0) {
                goto done;
            }
            keep_span(&spans, block, source);
            b++;
            continue;
        }
        Py_ssize_t last = b;
        while (last + 1 < n) {
            PyObject *other = PyList_GET_ITEM(decisions, last + 1);
            if (other == Py_None) {
                break;
            }
            int same = same_decision(other, decision, &f);
            if (same < 0) {
                goto done;
            }
            if (!same) {
                break;
            }
            last++;
        }
        PyObject *closing = PyList_GET_ITEM(blocks, last);
        if (!PyTuple_Check(closing) || PyTuple_GET_SIZE(closing) != 3) {
            PyErr_SetString(PyExc_TypeError, "outputs: blocks must be (start, end, text)");
            goto done;
        }
        PyObject *start_obj = PyTuple_GET_ITEM(block, 0), *end_obj = PyTuple_GET_ITEM(closing, 1);
        if (!PyLong_CheckExact(start_obj) || !PyLong_CheckExact(end_obj)) {
            PyErr_SetString(PyExc_TypeError, "outputs: offsets must be int");
            goto done;
        }
        Py_ssize_t start = PyLong_AsSsize_t(start_obj);
        if (start == -1 && PyErr_Occurred()) {
            goto done;
        }
        Py_ssize_t end = PyLong_AsSsize_t(end_obj);
        if (end == -1 && PyErr_Occurred()) {
            goto done;
        }
        if (start < 0 || end < start || end > PyUnicode_GET_LENGTH(source)) {
            PyErr_SetString(PyExc_ValueError, "outputs: a block outside the source");
            goto done;
        }
        /* A run of one block: the removal's text is the block's (blocks hold their slice
         * of the source, as the kept text's are read from them too). */
        PyObject *text = PyTuple_GET_ITEM(block, 2);
        const int own = last == b && PyUnicode_CheckExact(text) &&
                        PyUnicode_GET_LENGTH(text) == end - start;
        PyObject *removal =
            new_removal(&f, source, start_obj, end_obj, start, end, decision, own ? text : NULL);
        if (removal == NULL) {
            goto done;
        }
        int appended = PyList_Append(removed, removal);
        Py_DECREF(removal);
        if (appended < 0) {
            goto done;
        }
        b = last + 1;
    }
    PyObject *text = joined_from_source(&spans, kept, source);
    if (text == NULL && !PyErr_Occurred()) { /* not read from the source: joined */
        PyObject *separator = PyUnicode_FromOrdinal('\n');
        if (separator == NULL) {
            goto done;
        }
        text = PyUnicode_Join(separator, kept);
        Py_DECREF(separator);
    }
    if (text == NULL) {
        goto done;
    }
    /* The list too, when every removal in it is untracked: fresh, it holds no cycle, and
     * the collector's passes over the Results a caller keeps need not read it (half of a
     * full collection's time with a run's Results alive). */
    int acyclic_list = 1;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(removed); k++) {
        if (PyObject_GC_IsTracked(PyList_GET_ITEM(removed, k))) {
            acyclic_list = 0;
            break;
        }
    }
    if (acyclic_list) {
        PyObject_GC_UnTrack(removed);
    }
    result = PyTuple_Pack(2, text, removed);
    Py_DECREF(text);
done:
    PyMem_Free(spans.start);
    Py_XDECREF(kept);
    Py_XDECREF(removed);
    Py_XDECREF(blocks);
    Py_XDECREF(decisions);
    return result;
}


/* The tables describe_rows and block_rows read (cleaner.features builds them). */
struct describe_tables {
    const uint64_t *entries; /* per BMP code point, two words: ENTRY_COUNTS, ENTRY_INFO */
    const uint64_t *keys;    /* the stop words' keys (first letter highest), at key % n_keys */
    uint64_t n_keys;
    uint64_t limit;          /* 1 << (bits * max_chars): every stop word's key is below it */
    uint64_t magic;          /* key % n_keys of a key below limit by a multiplication (or 0) */
    const double *log1p; /* NULL: the rows get the counts whose logarithms they hold */
    Py_ssize_t n_log1p;
    int max_chars, bits;
    int fold; /* an astral character stands for its lower case only when it is it */
    Py_ssize_t prose_min_words, prose_min_cjk, sentence_min_words;
};

/* A character's entry (cleaner.features._entry_table): its counts word, in which it adds
 * one to the FIELD_BITS-wide field of its class (LOWER to QUOTE: fields 0 to 7) and of
 * CJK (field 8) if it is one; and its info word: the FLAG_* bits and INFO_STOP in the low
 * byte, its class above them, INFO_SPACE at bit 32 and its stop-word letter's code at the
 * top (its number, or the all-ones code no stop-word letter has: a word character of no
 * stop word). */
#define ENTRY_COUNTS 0
#define ENTRY_INFO 1
#define FIELD_BITS 7
#define FIELD_MASK 127
#define CJK_FIELD 8
#define FLAG_WORD 1    /* a word character (re's \w) */
#define FLAG_UNSAFE 2  /* its lower case's stop-word letter is not the one it holds */
#define FLAG_CJK 4     /* CJK: counts towards a block's words */
#define FLAG_PUNCT 8   /* sentence punctuation */
#define FLAG_END 16    /* ends a sentence */
#define FLAG_CLOSER 32 /* a closing quote or bracket after a sentence end */
#define INFO_SPACE ((uint64_t)1 << 32) /* whitespace (the class SPACE, str.isspace) */
#define INFO_STOP 128  /* the loop does not read it: "\n", or FLAG_UNSAFE */
#define INFO_CLASS_SHIFT 8
#define INFO_LETTER_SHIFT 48 /* the highest bits: nothing above the code */

enum { SPACE, LOWER, UPPER, OTHER_LETTER, DIGIT, END_PUNCT, MID_PUNCT, LINKISH, QUOTE, OTHER };
#define N_CLASSES 10
#define CLASS_MASK 15
#define N_FEATURES 12

/* A text is read in pieces of at most PIECE characters: no count field overflows in one
 * (each is then added to the counts), and a piece ends at most PIECE / 2 + 1 words, whose
 * keys wait in a buffer and are looked up together after it (the modulo's division, and
 * the branches on a word's length, out of the per-character loop). */
#define PIECE FIELD_MASK
#define PENDING (PIECE / 2 + 2)

/* cleaner.features._features_from_counts for one block: the same operations on the same
 * doubles (divisions of whole numbers, numpy's logarithms read from a table of them). */
static inline void
fill_row(double *row, const int64_t *counts, Py_ssize_t len, Py_ssize_t n_words,
         Py_ssize_t n_stops, unsigned last, unsigned before, const double *log1p)
{
    /* Without a table (block_rows), the caller takes numpy's logarithms of columns 0, 1. */
    const double chars = (double)len, words = (double)n_words;
    const int64_t letters = counts[LOWER] + counts[UPPER] + counts[OTHER_LETTER];
    const double wp = words > 1.0 ? words : 1.0;
    const double lp = (double)(letters > 1 ? letters : 1);
    row[0] = log1p != NULL ? log1p[len] : chars;
    row[1] = log1p != NULL ? log1p[n_words] : words;
    row[2] = (last == END_PUNCT || (last == QUOTE && before == END_PUNCT)) ? 1.0 : 0.0;
    row[3] = (double)counts[END_PUNCT] / wp;
    row[4] = (double)counts[MID_PUNCT] / wp;
    row[5] = (double)n_stops / wp;
    row[6] = (double)counts[DIGIT] / chars;
    row[7] = (double)counts[UPPER] / lp;
    row[8] = (double)counts[LINKISH] / wp;
    row[9] = (double)counts[OTHER_LETTER] / lp;
    row[10] = (double)counts[QUOTE] / chars;
    row[11] = (double)letters / wp;
}

/* key % n_keys for a key below limit: by a multiplication and a shift when set_magic found
 * them (the quotient of every such key, exactly), else by a division. */
static inline uint64_t
slot_of(const struct describe_tables *t, uint64_t key)
{
#ifdef __SIZEOF_INT128__
    if (t->magic != 0) {
        const uint64_t quotient = (uint64_t)(((unsigned __int128)key * t->magic) >> 64);
        return key - quotient * t->n_keys;
    }
#endif
    return key % t->n_keys;
}

/* The multiplier that divides every number below limit (2 ** width) by d as the high
 * word of a 128-bit product: with m = floor(2 ** 64 / d) + 1, m * d exceeds 2 ** 64 by at
 * most d <= 2 ** (64 - width), so floor(x * m / 2 ** 64) == floor(x / d) for every x below
 * 2 ** width (Granlund and Montgomery, 1994). Left 0 (divide) when d is 1 or wider than
 * 64 - width bits, or the compiler has no 128-bit product. */
static void
set_magic(struct describe_tables *t, int width)
{
    t->magic = 0;
#ifdef __SIZEOF_INT128__
    int log = 0;
    while (log < 64 && ((uint64_t)1 << log) < t->n_keys) {
        log++;
    }
    if (t->n_keys > 1 && width + log <= 64) {
        /* floor(2 ** 64 / d) + 1, from 2 ** 64 - 1: one more when d divides 2 ** 64 */
        t->magic = UINT64_MAX / t->n_keys + (UINT64_MAX % t->n_keys == t->n_keys - 1 ? 2 : 1);
    }
#endif
}

/* How many of the words' keys are stop words'. A key packs the codes of a word's last
 * letters, first highest, bits each: a word longer than max_chars has a code (never 0)
 * at or above bit bits * max_chars, so its key is at least limit, which no stop word's
 * is; a word with a letter of no stop word holds the all-ones code, which none has. */
static inline Py_ssize_t
count_stops(const struct describe_tables *t, const uint64_t *keys, int n)
{
    Py_ssize_t found = 0;
    for (int k = 0; k < n; k++) {
        const uint64_t key = keys[k], below = key < t->limit ? key : 0; /* 0: no stop word */
        found += t->keys[slot_of(t, below)] == key;
    }
    return found;
}

/* An astral character's info: U+FFFF's (the tables' last entry stands for every astral
 * character), with its own word and space bits; INFO_STOP with fold when it is not its
 * own lower case. */
static inline uint64_t
astral_info(const struct describe_tables *t, Py_UCS4 ch)
{
    if (t->fold && Py_UNICODE_TOLOWER(ch) != ch) {
        return INFO_STOP;
    }
    const uint64_t info = t->entries[2 * 0xFFFF + ENTRY_INFO] &
                          ~(uint64_t)(FLAG_WORD | INFO_SPACE | INFO_STOP);
    return info | (Py_UNICODE_ISALNUM(ch) ? FLAG_WORD : 0) |
           (Py_UNICODE_ISSPACE(ch) ? INFO_SPACE : 0);
}

/* One text of describe_rows (and block_rows), for one string kind: 1 done, 0 the text is
 * not what this loop reads (empty, a "\n", a character whose lower case it cannot stand
 * for: FLAG_UNSAFE or, with fold, an astral one unlike its lower case; a block longer
 * than the logarithm table): the caller then measures the document otherwise.
 *
 * Per character: one entry (two words), one addition for all the class and CJK counts,
 * one for the word ends and the starts of space-separated words (the bits the previous
 * character has and this one has not: FLAG_WORD in the low half of edges, INFO_SPACE in
 * the high), and no branch that depends on the text but on the rare astral characters (a
 * character it does not read is looked for once a piece, in the OR of the infos): the key
 * of the word being read is shifted along by each character (reset by a non-word one), so
 * no count waits for a guess of where words end. */
#define DEFINE_DESCRIBE_TEXT(NAME, CHAR_T)                                                    \
    static int NAME(const CHAR_T *s, Py_ssize_t len, const struct describe_tables *t,         \
                    double *row, Py_ssize_t *words_out, int *prose_out)                       \
    {                                                                                         \
        int64_t counts[N_CLASSES] = {0};                                                      \
        uint64_t pending[PENDING];                                                            \
        Py_ssize_t n_words = 0, n_stops = 0, split_words = 0, cjk = 0;                        \
        uint64_t key = 0, seen = 0, previous = INFO_SPACE; /* as if after a space */          \
        const uint64_t *entries = t->entries;                                                 \
        const int bits = t->bits;                                                             \
        if (len == 0 || (t->log1p != NULL && len >= t->n_log1p)) {                            \
            return 0;                                                                         \
        }                                                                                     \
        for (Py_ssize_t piece = 0; piece < len; piece += PIECE) {                             \
            const Py_ssize_t stop = len - piece > PIECE ? piece + PIECE : len;                \
            uint64_t fields = 0;                                                              \
            uint64_t edges = 0; /* words ended (low half) and begun after a space (high) */   \
            for (Py_ssize_t i = piece; i < stop; i++) {                                       \
                const Py_UCS4 ch = s[i];                                                      \
                uint64_t info, add;                                                           \
                if (sizeof(CHAR_T) == 4 && ch > 0xFFFF) {                                     \
                    info = astral_info(t, ch);                                                \
                    add = entries[2 * 0xFFFF + ENTRY_COUNTS];                                 \
                }                                                                             \
                else {                                                                        \
                    const uint64_t *entry = entries + 2 * (ch & 0xFFFF);                      \
                    info = entry[ENTRY_INFO];                                                 \
                    add = entry[ENTRY_COUNTS];                                                \
                }                                                                             \
                fields += add;                                                                \
                seen |= info;                                                                 \
                pending[(uint32_t)edges] = key; /* kept if the word read so far ends here */  \
                edges += previous & ~info & (INFO_SPACE | FLAG_WORD);                         \
                key = ((key << bits) | (info >> INFO_LETTER_SHIFT)) & (0 - (info & FLAG_WORD)); \
                previous = info;                                                              \
            }                                                                                 \
            if (seen & INFO_STOP) { /* a character it does not read: tested once a piece */ \
                return 0;                                                                     \
            }                                                                                 \
            int n_pending = (int)(uint32_t)edges;                                             \
            split_words += (Py_ssize_t)(edges >> 32);                                         \
            if (stop == len && (previous & FLAG_WORD)) { /* the last word ends with it */     \
                pending[n_pending++] = key;                                                   \
            }                                                                                 \
            n_words += n_pending;                                                             \
            n_stops += count_stops(t, pending, n_pending);                                    \
            for (int k = 0; k < CJK_FIELD; k++) {                                             \
                counts[LOWER + k] += (int64_t)((fields >> (FIELD_BITS * k)) & FIELD_MASK);    \
            }                                                                                 \
            cjk += (Py_ssize_t)((fields >> (FIELD_BITS * CJK_FIELD)) & FIELD_MASK);           \
        }                                                                                     \
        /* describe's words and prose */                                                     \
        if (cjk > 0 && cjk / 2 > split_words) {                                               \
            split_words = cjk / 2;                                                            \
        }                                                                                     \
        const Py_UCS4 last = s[len - 1], before = s[len >= 2 ? len - 2 : 0];                  \
        const uint64_t last_f = entries[2 * (last > 0xFFFF ? 0xFFFF : last) + ENTRY_INFO];    \
        const uint64_t before_f =                                                             \
            entries[2 * (before > 0xFFFF ? 0xFFFF : before) + ENTRY_INFO];                    \
        const int ends = (last_f & FLAG_END) ||                                               \
                         (len >= 2 && (last_f & FLAG_CLOSER) && (before_f & FLAG_END));       \
        const int long_enough = split_words >= t->prose_min_words || cjk >= t->prose_min_cjk; \
        *words_out = split_words;                                                             \
        *prose_out = (long_enough && (seen & FLAG_PUNCT)) ||                                  \
                     (split_words >= t->sentence_min_words && ends);                          \
        fill_row(row, counts, len, n_words, n_stops,                                          \
                 (unsigned)(last_f >> INFO_CLASS_SHIFT) & CLASS_MASK,                         \
                 (unsigned)(before_f >> INFO_CLASS_SHIFT) & CLASS_MASK, t->log1p);            \
        return 1;                                                                             \
    }

DEFINE_DESCRIBE_TEXT(describe_text_1, Py_UCS1)
DEFINE_DESCRIBE_TEXT(describe_text_2, Py_UCS2)
DEFINE_DESCRIBE_TEXT(describe_text_4, Py_UCS4)

/* One text (a ready str) of any kind: describe_text_1, _2 or _4's answer. */
static int
describe_text(PyObject *text, const struct describe_tables *t, double *row,
              Py_ssize_t *words_out, int *prose_out)
{
    const Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return describe_text_1(PyUnicode_1BYTE_DATA(text), len, t, row, words_out, prose_out);
    case PyUnicode_2BYTE_KIND:
        return describe_text_2(PyUnicode_2BYTE_DATA(text), len, t, row, words_out, prose_out);
    default:
        return describe_text_4(PyUnicode_4BYTE_DATA(text), len, t, row, words_out, prose_out);
    }
}

/* How many texts ahead describe_rows asks memory for a text's first line. */
#define PREFETCH_AHEAD 8

/* The tables describe_rows and block_rows share, checked for n texts and set in t (its
 * max_chars and bits already read): 0 with a ValueError when a buffer has the wrong size
 * (or a word one longer than a stop word would not fit a key). */
static int
set_tables(struct describe_tables *t, const char *name, const Py_buffer *entries,
           const Py_buffer *keys, const Py_buffer *out, Py_ssize_t n)
{
    if (entries->len != 0x10000 * 2 * 8 || keys->len % 8 || keys->len == 0 ||
        out->len != n * N_FEATURES * 8 || t->max_chars < 0 || t->bits <= 0 ||
        (Py_ssize_t)(t->max_chars + 1) * t->bits > 64) {
        PyErr_Format(PyExc_ValueError, "%s: buffers of the wrong size", name);
        return 0;
    }
    t->entries = entries->buf;
    t->keys = keys->buf;
    t->n_keys = (uint64_t)(keys->len / 8);
    t->limit = (uint64_t)1 << (t->bits * t->max_chars);
    set_magic(t, t->bits * t->max_chars);
    return 1;
}

/* describe_rows(texts, entries, keys, max_chars, bits, log1p,
 *               prose_min_words, prose_min_cjk, sentence_min_words, out
 *               [, rows, cls, hits, leaf, infos]) -> (words, prose) or None
 * In one pass over each text's characters: its row of cleaner.features.NAMES into out
 * (float64, len(texts) rows of 12; block_features' values, bit for bit), and
 * cleaner.classify.describe's words (list of int) and prose (list of bool). None when a
 * text is not what this loop reads (see DEFINE_DESCRIBE_TEXT): the caller then measures
 * the document as before (block_features and _words_and_prose). info: per BMP character
 * (uint32), its FLAG_* bits, class and stop-word letter number (cleaner.features.
 * describe_flags). Stop words are read in the lower case of each character (the letter
 * numbers are the lower case's); a document holding a character whose lower case is
 * longer or otherwise unlike it (FLAG_UNSAFE) returns None. With
 * cls (a tuple subclass; rows: out as an array, or None), appends to the list infos one
 * cls((text, words, prose, hit, rows[i])) per text (cleaner.classify.describe_all's rows;
 * None in place of rows[i] when rows is None). */
static PyObject *
describe_rows(PyObject *self, PyObject *args)
{
    PyObject *texts, *rows_obj = Py_None, *cls = Py_None, *hits = Py_None, *leaf = Py_None;
    PyObject *infos = Py_None;
    Py_buffer entries_b, keys_b, log_b, out_b;
    struct describe_tables t;
    if (!PyArg_ParseTuple(args, "O!y*y*iiy*nnnw*|OOOOO", &PyList_Type, &texts, &entries_b,
                          &keys_b, &t.max_chars, &t.bits, &log_b,
                          &t.prose_min_words, &t.prose_min_cjk, &t.sentence_min_words, &out_b,
                          &rows_obj, &cls, &hits, &leaf, &infos)) {
        return NULL;
    }
    PyObject *result = NULL, *words = NULL, *prose = NULL, *owned_texts = NULL, *owned_hits = NULL;
    const Py_ssize_t n = PyList_GET_SIZE(texts);
    if (!set_tables(&t, "describe_rows", &entries_b, &keys_b, &out_b, n)) {
        goto done;
    }
    if (log_b.len % 8 || log_b.len == 0) {
        PyErr_SetString(PyExc_ValueError, "describe_rows: buffers of the wrong size");
        goto done;
    }
    const int build = cls != Py_None;
    if (build && (!PyType_Check(cls) || !PyType_IsSubtype((PyTypeObject *)cls, &PyTuple_Type) ||
                  ((PyTypeObject *)cls)->tp_dictoffset != 0 || !PyList_Check(hits) ||
                  !PyType_Check(leaf) || !PyList_Check(infos) ||
                  (rows_obj != Py_None && (Py_TYPE(rows_obj)->tp_as_sequence == NULL ||
                                           Py_TYPE(rows_obj)->tp_as_sequence->sq_item == NULL)))) {
        PyErr_SetString(PyExc_TypeError, "describe_rows: cls must be a tuple subclass, hits and "
                                         "infos lists, rows a sequence or None");
        goto done;
    }
    if (build && PyList_GET_SIZE(hits) != n) {
        PyErr_SetString(PyExc_ValueError, "describe_rows: hits and texts of unequal lengths");
        goto done;
    }
    t.log1p = log_b.buf;
    t.n_log1p = log_b.len / 8;
    t.fold = 1;
    words = PyList_New(n);
    prose = PyList_New(n);
    /* Copies of the lists, read by index while allocations may run the collector and so
     * other code: these stay as they are. */
    texts = owned_texts = PyList_GetSlice(texts, 0, n);
    hits = owned_hits = build ? PyList_GetSlice(hits, 0, n) : Py_NewRef(hits);
    if (words == NULL || prose == NULL || texts == NULL || hits == NULL) {
        goto done;
    }
    double *out = out_b.buf;
    for (Py_ssize_t b = 0; b < n; b++) {
        PyObject *text = PyList_GET_ITEM(texts, b);
#if defined(__GNUC__)
        if (b + PREFETCH_AHEAD < n) { /* a text's header is read first: ask for it early */
            __builtin_prefetch(PyList_GET_ITEM(texts, b + PREFETCH_AHEAD));
        }
#endif
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "describe_rows: texts must be str");
            goto done;
        }
        if (PyUnicode_READY(text) < 0) {
            goto done;
        }
        Py_ssize_t n_split = 0;
        int is_prose = 0;
        if (!describe_text(text, &t, out + b * N_FEATURES, &n_split, &is_prose)) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        PyObject *w = PyLong_FromSsize_t(n_split);
        if (w == NULL) {
            goto done;
        }
        PyList_SET_ITEM(words, b, w);
        PyList_SET_ITEM(prose, b, Py_NewRef(is_prose ? Py_True : Py_False));
    }
    /* Every text read: each block's row (text, words, prose, hit, its features row of
     * rows_obj) into infos, untracked when it can be in no cycle (as
     * cleaner._kernels.untracked_rows: its items untracked or exact instances of leaf). */
    for (Py_ssize_t b = 0; build && b < n; b++) {
        PyObject *row = ((PyTypeObject *)cls)->tp_alloc((PyTypeObject *)cls, 5);
        if (row == NULL) {
            goto done;
        }
        /* rows None: no row objects (a view each costs as much as the row itself); the
         * caller reads the features from out. */
        PyObject *view = rows_obj == Py_None
                             ? Py_NewRef(Py_None)
                             : Py_TYPE(rows_obj)->tp_as_sequence->sq_item(rows_obj, b);
        if (view == NULL) {
            Py_DECREF(row);
            goto done;
        }
        PyObject *hit = PyList_GET_ITEM(hits, b);
        PyTuple_SET_ITEM(row, 0, Py_NewRef(PyList_GET_ITEM(texts, b)));
        PyTuple_SET_ITEM(row, 1, Py_NewRef(PyList_GET_ITEM(words, b)));
        PyTuple_SET_ITEM(row, 2, Py_NewRef(PyList_GET_ITEM(prose, b)));
        PyTuple_SET_ITEM(row, 3, Py_NewRef(hit));
        PyTuple_SET_ITEM(row, 4, view);
        int acyclic = !(tracked(view) && Py_TYPE(view) != (PyTypeObject *)leaf) &&
                      !(tracked(hit) && Py_TYPE(hit) != (PyTypeObject *)leaf);
        if (acyclic && PyObject_GC_IsTracked(row)) {
            PyObject_GC_UnTrack(row);
        }
        int appended = PyList_Append(infos, row);
        Py_DECREF(row);
        if (appended < 0) {
            goto done;
        }
    }
    result = PyTuple_Pack(2, words, prose);
done:
    Py_XDECREF(words);
    Py_XDECREF(prose);
    Py_XDECREF(owned_texts);
    Py_XDECREF(owned_hits);
    PyBuffer_Release(&entries_b);
    PyBuffer_Release(&keys_b);
    PyBuffer_Release(&log_b);
    PyBuffer_Release(&out_b);
    return result;
}

/* block_rows(texts, entries, keys, max_chars, bits, fold, out) -> bool
 * describe_rows' loop for cleaner.features.block_features alone, on any block length: each
 * text's row of cleaner.features.NAMES into out (float64, len(texts) rows of 12), with its
 * character and word counts in place of their logarithms (columns 0 and 1: the caller
 * takes numpy's). Stop words are read through info's letter numbers: of each character's
 * lower case (info then marking FLAG_UNSAFE the characters it cannot stand for, and fold
 * true: an astral character unlike its lower case declines) or of the character itself
 * (fold false). False (out half filled) when a text is not what the loop reads: numpy
 * measures. */
static PyObject *
block_rows(PyObject *self, PyObject *args)
{
    PyObject *texts;
    Py_buffer entries_b, keys_b, out_b;
    struct describe_tables t = {0};
    if (!PyArg_ParseTuple(args, "O!y*y*iipw*", &PyList_Type, &texts, &entries_b, &keys_b,
                          &t.max_chars, &t.bits, &t.fold, &out_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    const Py_ssize_t n = PyList_GET_SIZE(texts);
    if (!set_tables(&t, "block_rows", &entries_b, &keys_b, &out_b, n)) {
        goto done;
    }
    double *out = out_b.buf;
    int read = 1;
    for (Py_ssize_t b = 0; b < n && read; b++) {
        PyObject *text = PyList_GET_ITEM(texts, b); /* no code runs: the list stays */
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "block_rows: texts must be str");
            goto done;
        }
        if (PyUnicode_READY(text) < 0) {
            goto done;
        }
        Py_ssize_t n_split;
        int is_prose;
        read = describe_text(text, &t, out + b * N_FEATURES, &n_split, &is_prose);
    }
    result = PyBool_FromLong(read);
done:
    PyBuffer_Release(&entries_b);
    PyBuffer_Release(&keys_b);
    PyBuffer_Release(&out_b);
    return result;
}

/* Whether every item of list l is untracked (none can lead back to it). */
static int
items_untracked(PyObject *l)
{
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(l); k++) {
        if (tracked(PyList_GET_ITEM(l, k))) {
            return 0;
        }
    }
    return 1;
}

/* record(type, setters, values) -> an instance of type, a slotted class, with the slots
 * the member descriptors `setters` name set to `values` (what its dataclass __init__
 * sets, the caller checks it does nothing else: cleaner.pipeline._result_constructor).
 * Left untracked by the collector when no value can lead back to it: each untracked, or
 * a list of untracked items, which is then untracked too (a Result's removals, its empty
 * list of fixes: the caller's own, made for this record; a cycle a caller later puts
 * through one is left to reference counting). */
#define RECORD_MAX_FIELDS 16
static PyObject *
record(PyObject *self, PyObject *args)
{
    PyTypeObject *type;
    PyObject *setters, *values;
    if (!PyArg_ParseTuple(args, "O!O!O!", &PyType_Type, &type, &PyTuple_Type, &setters,
                          &PyTuple_Type, &values)) {
        return NULL;
    }
    const Py_ssize_t n = PyTuple_GET_SIZE(setters);
    if (PyTuple_GET_SIZE(values) != n || n > RECORD_MAX_FIELDS) {
        PyErr_SetString(PyExc_ValueError, "record: one value per setter (at most 16)");
        return NULL;
    }
    Py_ssize_t at[RECORD_MAX_FIELDS];
    for (Py_ssize_t k = 0; k < n; k++) {
        at[k] = slot_offset(PyTuple_GET_ITEM(setters, k), type);
        if (at[k] < 0) {
            PyErr_SetString(PyExc_TypeError, "record: setters must be the type's own slots");
            return NULL;
        }
    }
    PyObject *made = type->tp_alloc(type, 0);
    if (made == NULL) {
        return NULL;
    }
    int acyclic = 1;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *value = PyTuple_GET_ITEM(values, k);
        if (tracked(value)) {
            if (PyList_CheckExact(value) && items_untracked(value)) {
                PyObject_GC_UnTrack(value);
            }
            else {
                acyclic = 0;
            }
        }
        PyObject **slot = (PyObject **)((char *)made + at[k]);
        Py_XSETREF(*slot, Py_NewRef(value));
    }
    if (acyclic && PyObject_GC_IsTracked(made)) {
        PyObject_GC_UnTrack(made);
    }
    return made;
}

static PyMethodDef methods[] = {
    {"record", record, METH_VARARGS,
     "record(type, setters, values): an instance of a slotted type with these slots set, "
     "untracked when no value can lead back to it (cleaner.pipeline's Result)."},
    {"outputs", outputs, METH_VARARGS,
     "outputs(source, blocks, decisions, removal_type, setters, getters, leaf): the kept "
     "text and the removals of one document (cleaner.pipeline.outputs_plain)."},
    {"describe_rows", describe_rows, METH_VARARGS,
     "describe_rows(texts, entries, keys, max_chars, bits, log1p, "
     "prose_min_words, prose_min_cjk, sentence_min_words, out[, rows, cls, hits, leaf, infos]): "
     "block features into out and "
     "(words, prose) of every text in one pass, or None (cleaner.classify.describe_all)."},
    {"block_rows", block_rows, METH_VARARGS,
     "block_rows(texts, entries, keys, max_chars, bits, fold, out): "
     "cleaner.features.block_features' rows (counts in the two logarithm columns) into out, "
     "or False (cleaner.features.block_features)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_build", "Compiled builders of the pipeline's outputs.", -1, methods,
};

PyMODINIT_FUNC
PyInit__build(void)
{
    return PyModule_Create(&module);
}
