/* Compiled steps of classify's context decisions (cleaner.classify._Settling).
 *
 * Each function is the twin of a plain definition that stays in cleaner/classify.py and
 * runs when this module is not built; tests/test_decide.py checks that both give the same
 * answers:
 *
 *   score_round  <- _Settling._scores_numpy (one scorer round's low blocks, their reason
 *                   codes (_reason_codes) and the copies of their texts (_apply_same_text))
 *   quote_scan   <- _Document.in_title (which texts the subset's first block quotes)
 *   doc_arrays   <- _Document.__init__ and _Settling.__init__'s per-block arrays
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
#include <stdlib.h>

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

static int
sized(Py_buffer *b, Py_ssize_t items, Py_ssize_t itemsize)
{
    return b->len >= items * itemsize;
}

/* score_round(x, p, decided, current, where, dprose, has_hit, words, text_ids, items, texts,
 *             match, ints, floats, inside, low_j, low_k, codes, same_k, same_from)
 *   -> (low, same, special)
 *
 * One scorer round of _Settling._scores over the blocks where[current] (rows of x, scores
 * p): the open blocks (decided[current] == 0) scored below their threshold, bar the best
 * one, the headline and list runs, go: their indices j (in current) into low_j, current[j]
 * into low_k, their _reason_codes into codes, and decided[current[j]] = 1. Then the open
 * copies of the removed short lines' texts: current[j] into same_k and the index (in low)
 * of the removal whose Decision they take into same_from, decided set too.
 * items (int8 per text id) caches LIST_ITEM_RE's answers: -1 unread, read with match.
 * special: whether a removal has a hit or an uncoded score (Python builds those).
 * Returns (-2, 0, 0) when a score is not finite (the list definition decides) and
 * (0, 0, 0) when nothing goes. */
static PyObject *
score_round(PyObject *self, PyObject *args)
{
    Py_buffer x_b, p_b, decided_b, current_b, where_b, dprose_b, hit_b, words_b, ids_b, items_b;
    Py_buffer ints_b, floats_b, low_j_b, low_k_b, codes_b, same_k_b, same_from_b;
    PyObject *texts, *match;
    int inside;
    if (!PyArg_ParseTuple(args, "y*y*w*y*y*y*y*y*y*w*O!Oy*y*pw*w*w*w*w*", &x_b, &p_b, &decided_b,
                          &current_b, &where_b, &dprose_b, &hit_b, &words_b, &ids_b, &items_b,
                          &PyList_Type, &texts, &match, &ints_b, &floats_b, &inside, &low_j_b,
                          &low_k_b, &codes_b, &same_k_b, &same_from_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    unsigned char *state = NULL; /* per j: bit 1 open, 2 prose, 4 before, 8 after, 16 spared,
                                    32 low, 64 item */
    Py_ssize_t *run = NULL, *lines = NULL, *found = NULL, *first = NULL;
    const Py_ssize_t m = current_b.len / (Py_ssize_t)sizeof(Py_ssize_t);
    const Py_ssize_t n = where_b.len / (Py_ssize_t)sizeof(Py_ssize_t);
    const Py_ssize_t docs = ids_b.len / (Py_ssize_t)sizeof(Py_ssize_t);
    const int64_t *iv = ints_b.buf;
    const double *fv = floats_b.buf;
    if (ints_b.len != I_COUNT * 8 || floats_b.len != F_COUNT * 8) {
        PyErr_SetString(PyExc_ValueError, "score_round: wrong parameters");
        goto done;
    }
    const Py_ssize_t width = (Py_ssize_t)iv[I_WIDTH];
    if (width <= 0 || x_b.len != m * width * 8 || !sized(&p_b, m, 8) || decided_b.len != n ||
        dprose_b.len != docs || hit_b.len != docs || words_b.len != docs * 8 ||
        items_b.len != docs || PyList_GET_SIZE(texts) != docs || !sized(&low_j_b, m, 8) ||
        !sized(&low_k_b, m, 8) || !sized(&codes_b, m, 8) || !sized(&same_k_b, m, 8) ||
        !sized(&same_from_b, m, 8)) {
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
    Py_ssize_t *low_j = low_j_b.buf, *low_k = low_k_b.buf, *same_k = same_k_b.buf;
    Py_ssize_t *same_from = same_from_b.buf;
    int64_t *codes = codes_b.buf;
    for (Py_ssize_t j = 0; j < m; j++) {
        if (!isfinite(p[j])) {
            result = Py_BuildValue("(nnn)", (Py_ssize_t)-2, (Py_ssize_t)0, (Py_ssize_t)0);
            goto done;
        }
        if (current[j] < 0 || current[j] >= n || where[current[j]] < 0 ||
            where[current[j]] >= docs || ids[where[current[j]]] < 0 ||
            ids[where[current[j]]] >= docs) {
            PyErr_SetString(PyExc_IndexError, "score_round: a block out of the document");
            goto done;
        }
    }
    state = calloc(m > 0 ? m : 1, 1);
    run = malloc(sizeof(Py_ssize_t) * (m + 1));
    lines = calloc(m + 2, sizeof(Py_ssize_t));
    found = calloc(m + 2, sizeof(Py_ssize_t));
    if (state == NULL || run == NULL || lines == NULL || found == NULL) {
        PyErr_NoMemory();
        goto done;
    }
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
        result = Py_BuildValue("(nnn)", (Py_ssize_t)0, (Py_ssize_t)0, (Py_ssize_t)0);
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
    Py_ssize_t low = 0;
    for (Py_ssize_t j = 0; j < m; j++) {
        const unsigned char s = state[j];
        if ((s & 1) == 0 || (s & 16)) {
            continue;
        }
        double threshold = (s & 2) ? fv[F_PROSE] : ((s & 12) ? fv[F_SCORE] : fv[F_INSIDE]);
        if (j == best) {
            threshold = 0.0;
        }
        if (p[j] < threshold && (inside || (s & 12))) {
            state[j] |= 32;
            low++;
        }
    }
    if (!low) {
        result = Py_BuildValue("(nnn)", (Py_ssize_t)0, (Py_ssize_t)0, (Py_ssize_t)0);
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
            PyObject *matched = PyObject_CallOneArg(match, PyList_GET_ITEM(texts, id));
            if (matched == NULL) {
                goto done;
            }
            items[id] = matched != Py_None;
            Py_DECREF(matched);
        }
        if ((signed char)items[id] > 0) {
            found[run[j]]++;
        }
    }
    low = 0;
    for (Py_ssize_t j = 0; j < m; j++) {
        if (state[j] & 2) {
            continue;
        }
        const Py_ssize_t lines_r = lines[run[j]];
        if (lines_r >= iv[I_LIST_MIN_LINES] && (double)found[run[j]] >= fv[F_SHARE] * (double)lines_r) {
            state[j] = (unsigned char)((state[j] | 16) & ~32); /* listed: spared */
        }
    }
    /* The low blocks' reason codes (_reason_codes). */
    int special = 0;
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
        int64_t code = unsure ? iv[I_UNCODED] : (int64_t)rint(clipped);
        const double run_f = rint(expm1(row[iv[I_R_RUN]]));
        const double copies_f = rint(exp(row[iv[I_R_COPIES]]));
        int64_t runs = 0, copies = 0;
        if (!(run_f >= 0 && run_f < (double)iv[I_RUN_LIMIT] && copies_f >= 0 &&
              copies_f < (double)iv[I_COPIES_LIMIT])) {
            code = iv[I_UNCODED];
        }
        else {
            runs = (int64_t)run_f;
            copies = (int64_t)copies_f;
        }
        const int64_t place = (s & 4) ? 1 : ((s & 8) ? 2 : 0);
        const int64_t flags = (row[iv[I_R_PROSE]] != 0) |
                              (int64_t)(row[iv[I_R_ENDS]] != 0 || row[iv[I_R_PUNCT]] != 0) << 1 |
                              (int64_t)(row[iv[I_R_LINKISH]] >= fv[F_LINKISH]) << 2 | place << 3;
        if (code == iv[I_UNCODED] || runs < iv[I_RUN_MENTION_MIN]) {
            runs = 0;
        }
        if (code == iv[I_UNCODED] || copies < 2) {
            copies = 0;
        }
        if (code == iv[I_UNCODED] || has_hit[where[current[j]]]) {
            special = 1;
        }
        codes[low] = code | flags << 7 | runs << iv[I_RUN_SHIFT] | copies << iv[I_COPIES_SHIFT];
        low_j[low] = j;
        low_k[low] = current[j];
        decided[current[j]] = 1;
        low++;
    }
    if (!low) {
        result = Py_BuildValue("(nnn)", (Py_ssize_t)0, (Py_ssize_t)0, (Py_ssize_t)0);
        goto done;
    }
    /* _apply_same_text: the first removed short line of each text decides its open copies. */
    Py_ssize_t same = 0, short_low = 0;
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
            const Py_ssize_t id = ids[where[current[j]]];
            const Py_ssize_t t = first[id];
            if (t >= 0) {
                same_k[same] = current[j];
                same_from[same] = t;
                decided[current[j]] = 1;
                same++;
            }
        }
    }
    result = Py_BuildValue("(nnn)", low, same, (Py_ssize_t)special);
done:
    free(state);
    free(run);
    free(lines);
    free(found);
    free(first);
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
    PyBuffer_Release(&low_j_b);
    PyBuffer_Release(&low_k_b);
    PyBuffer_Release(&codes_b);
    PyBuffer_Release(&same_k_b);
    PyBuffer_Release(&same_from_b);
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

static PyMethodDef methods[] = {
    {"score_round", score_round, METH_VARARGS,
     "score_round(x, p, decided, current, where, dprose, has_hit, words, text_ids, items, "
     "texts, match, ints, floats, inside, low_j, low_k, codes, same_k, same_from): one "
     "scorer round's removals; returns (low, same, special)."},
    {"quote_scan", quote_scan, METH_VARARGS,
     "quote_scan(title, texts, text_ids, lengths, where, quoted, min_chars): which texts "
     "the title quotes, read into quoted."},
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
