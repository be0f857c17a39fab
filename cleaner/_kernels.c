/* Compiled kernels for the per-block loops of the text pipeline.
 *
 * Each kernel is the exact twin of a plain-Python definition that stays in the
 * package (cleaner.classify._words_and_prose,
 * cleaner.features._stop_flags, cleaner.rules._lines_holding,
 * cleaner.features.context_features_plain, cleaner.classify._gate_sums)
 * and is used when this module is not built; tests/test_kernels.py checks that
 * both give the same answers (the float kernels: the same bits). The float kernels
 * leave logarithms and sums over many values to numpy (its own rounding and
 * summation order) and do, in C, only operations whose IEEE result does not depend
 * on the order of work: comparisons, copies, and sums in the numpy definition's order.
 * They are built without -ffast-math and without contracting into fused multiply-adds. Whitespace is Py_UNICODE_ISSPACE, which is what
 * both str.isspace and the re module's \s and \S read.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A multiply and an add stay two roundings, as numpy's, even where the compiler's
 * target has fused multiply-adds (-march=native): the float kernels must give its bits. */
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif
#include <stdint.h>

/* A BMP table lookup (bool buffer of 0x10000 entries); astral characters read U+FFFF. */
static inline int
in_table(const unsigned char *table, Py_UCS4 ch)
{
    return table[ch > 0xFFFF ? 0xFFFF : ch] != 0;
}

/* words_and_prose(texts, cjk, punct, end, closer, prose_min_words, prose_min_cjk,
 *                 sentence_min_words) -> (list of int, list of bool)
 * Per text: its words (runs of non-space characters, at least half its CJK
 * characters when it has any) and whether it reads as prose (see classify.describe). */
static PyObject *
words_and_prose(PyObject *self, PyObject *args)
{
    PyObject *texts;
    Py_buffer tables[4];
    Py_ssize_t prose_min_words, prose_min_cjk, sentence_min_words;
    if (!PyArg_ParseTuple(args, "O!y*y*y*y*nnn", &PyList_Type, &texts, &tables[0], &tables[1],
                          &tables[2], &tables[3], &prose_min_words, &prose_min_cjk,
                          &sentence_min_words)) {
        return NULL;
    }
    PyObject *words_out = NULL, *prose_out = NULL, *result = NULL;
    for (int t = 0; t < 4; t++) {
        if (tables[t].len != 0x10000) {
            PyErr_SetString(PyExc_ValueError, "words_and_prose: tables have 0x10000 entries");
            goto done;
        }
    }
    const unsigned char *cjk_table = tables[0].buf, *punct_table = tables[1].buf;
    const unsigned char *end_table = tables[2].buf, *closer_table = tables[3].buf;
    const Py_ssize_t count = PyList_GET_SIZE(texts);
    words_out = PyList_New(count);
    prose_out = PyList_New(count);
    if (words_out == NULL || prose_out == NULL) {
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "words_and_prose: texts must be str");
            goto done;
        }
        if (PyUnicode_READY(text) < 0) {
            goto done;
        }
        const int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
        Py_ssize_t words = 0, cjk = 0;
        int punct = 0, space_before = 1;
        for (Py_ssize_t k = 0; k < n; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, k);
            int space = Py_UNICODE_ISSPACE(ch);
            if (!space && space_before) {
                words++;
            }
            space_before = space;
            cjk += in_table(cjk_table, ch);
            punct |= in_table(punct_table, ch);
        }
        if (cjk > 0 && cjk / 2 > words) {
            words = cjk / 2;
        }
        int ends = 0;
        if (n > 0) {
            Py_UCS4 last = PyUnicode_READ(kind, data, n - 1);
            Py_UCS4 before = PyUnicode_READ(kind, data, n >= 2 ? n - 2 : 0);
            ends = in_table(end_table, last) ||
                   (n >= 2 && in_table(closer_table, last) && in_table(end_table, before));
        }
        int long_enough = words >= prose_min_words || cjk >= prose_min_cjk;
        int prose = (long_enough && punct) || (words >= sentence_min_words && ends);
        PyObject *w = PyLong_FromSsize_t(words);
        if (w == NULL) {
            goto done;
        }
        PyList_SET_ITEM(words_out, i, w);
        PyObject *p = prose ? Py_True : Py_False;
        Py_INCREF(p);
        PyList_SET_ITEM(prose_out, i, p);
    }
    result = PyTuple_Pack(2, words_out, prose_out);
done:
    Py_XDECREF(words_out);
    Py_XDECREF(prose_out);
    for (int t = 0; t < 4; t++) {
        PyBuffer_Release(&tables[t]);
    }
    return result;
}

/* stop_flags(points, starts, ends, numbers, keys, max_chars, bits, out): for each word
 * [starts[i], ends[i]) of points (uint32 BMP code points), out[i] = 1.0 when its letters'
 * numbers (numbers: uint64 per BMP code point, 0 for a letter of no stop word), packed
 * bits apart, are a key of the hash table keys (uint64, key at key % len), else 0.0:
 * cleaner.features._stop_flags, word by word (it reads at most max_chars letters). */
static PyObject *
stop_flags(PyObject *self, PyObject *args)
{
    Py_buffer points, starts, ends, numbers, keys, out;
    int max_chars, bits;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*iiw*", &points, &starts, &ends, &numbers, &keys,
                          &max_chars, &bits, &out)) {
        return NULL;
    }
    PyObject *result = NULL;
    const Py_ssize_t n_points = points.len / 4, n_words = starts.len / 8;
    const Py_ssize_t n_keys = keys.len / 8;
    if (points.len % 4 || starts.len % 8 || ends.len != starts.len || numbers.len != 0x10000 * 8 ||
        keys.len % 8 || n_keys == 0 || out.len != n_words * 8 || max_chars < 0 ||
        bits <= 0 || (Py_ssize_t)max_chars * bits > 64) {
        PyErr_SetString(PyExc_ValueError, "stop_flags: buffers of the wrong size");
        goto done;
    }
    const uint32_t *cp = points.buf;
    const int64_t *start = starts.buf, *end = ends.buf;
    const uint64_t *number = numbers.buf, *key_table = keys.buf;
    double *flag = out.buf;
    for (Py_ssize_t i = 0; i < n_words; i++) {
        uint64_t key = 0;
        int64_t read = 0;
        for (int k = 0; k < max_chars; k++) {
            int64_t at = start[i] + k;
            uint64_t letter = 0;
            if (at >= 0 && at < n_points) {
                letter = number[cp[at] > 0xFFFF ? 0xFFFF : cp[at]];
            }
            if (letter == 0) {
                break;
            }
            key |= letter << (bits * k);
            read++;
        }
        flag[i] = (read == end[i] - start[i] && key_table[key % (uint64_t)n_keys] == key) ? 1.0 : 0.0;
    }
    Py_INCREF(Py_None);
    result = Py_None;
done:
    PyBuffer_Release(&points);
    PyBuffer_Release(&starts);
    PyBuffer_Release(&ends);
    PyBuffer_Release(&numbers);
    PyBuffer_Release(&keys);
    PyBuffer_Release(&out);
    return result;
}

#define PAIR_BITS 8192

static inline unsigned
pair_hash(Py_UCS4 a, Py_UCS4 b)
{
    return (unsigned)((a * 1031u) ^ b) & (PAIR_BITS - 1);
}

/* lines_holding(text, strings) -> set of the offsets of the "\n" opening each line of text
 * (-1 for the first line when text does not open with one) that holds one of strings
 * (none of which holds a "\n"): cleaner.rules._lines_holding in one pass for all strings. */
static PyObject *
lines_holding(PyObject *self, PyObject *args)
{
    PyObject *text, *strings;
    if (!PyArg_ParseTuple(args, "UO!", &text, &PyTuple_Type, &strings)) {
        return NULL;
    }
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
    const Py_ssize_t count = PyTuple_GET_SIZE(strings);
    for (Py_ssize_t j = 0; j < count; j++) {
        PyObject *string = PyTuple_GET_ITEM(strings, j);
        if (!PyUnicode_Check(string) || PyUnicode_READY(string) < 0 ||
            PyUnicode_GET_LENGTH(string) == 0) {
            PyErr_SetString(PyExc_TypeError, "lines_holding: strings must be non-empty str");
            return NULL;
        }
    }
    PyObject *found = PySet_New(NULL);
    if (found == NULL || count == 0) {
        return found;
    }
    /* A one-character string is looked up in a bit per BMP code point (astral: all set);
     * a longer one first by a bit per hash of its first two characters. */
    unsigned char *single = PyMem_Calloc(0x10000 / 8 + PAIR_BITS / 8, 1);
    if (single == NULL) {
        Py_DECREF(found);
        return PyErr_NoMemory();
    }
    unsigned char *pair = single + 0x10000 / 8;
    for (Py_ssize_t j = 0; j < count; j++) {
        PyObject *string = PyTuple_GET_ITEM(strings, j);
        Py_UCS4 ch = PyUnicode_READ_CHAR(string, 0);
        if (PyUnicode_GET_LENGTH(string) == 1) {
            ch = ch > 0xFFFF ? 0xFFFF : ch;
            single[ch >> 3] |= (unsigned char)(1 << (ch & 7));
        }
        else {
            unsigned h = pair_hash(ch, PyUnicode_READ_CHAR(string, 1));
            pair[h >> 3] |= (unsigned char)(1 << (h & 7));
        }
    }
    single[0xFFFF >> 3] |= (unsigned char)(1 << (0xFFFF & 7));
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t opener = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch == '\n') {
            opener = i;
            continue;
        }
        Py_UCS4 key = ch > 0xFFFF ? 0xFFFF : ch;
        int maybe = (single[key >> 3] >> (key & 7)) & 1;
        if (!maybe && i + 1 < n) {
            unsigned h = pair_hash(ch, PyUnicode_READ(kind, data, i + 1));
            maybe = (pair[h >> 3] >> (h & 7)) & 1;
        }
        if (!maybe) {
            continue;
        }
        int hit = 0;
        for (Py_ssize_t j = 0; j < count && !hit; j++) {
            PyObject *string = PyTuple_GET_ITEM(strings, j);
            const Py_ssize_t m = PyUnicode_GET_LENGTH(string);
            if (m > n - i) {
                continue;
            }
            const int skind = PyUnicode_KIND(string);
            const void *sdata = PyUnicode_DATA(string);
            Py_ssize_t k = 0;
            while (k < m && PyUnicode_READ(skind, sdata, k) == PyUnicode_READ(kind, data, i + k)) {
                k++;
            }
            hit = k == m;
        }
        if (!hit) {
            continue;
        }
        PyObject *offset = PyLong_FromSsize_t(opener);
        if (offset == NULL || PySet_Add(found, offset) < 0) {
            Py_XDECREF(offset);
            Py_DECREF(found);
            PyMem_Free(single);
            return NULL;
        }
        Py_DECREF(offset);
        /* The rest of this line holds nothing new: go to its end. */
        while (i + 1 < n && PyUnicode_READ(kind, data, i + 1) != '\n') {
            i++;
        }
    }
    PyMem_Free(single);
    return found;
}

/* The windowed mean of column `col` of the (n, width) rows `v`, over `radius` rows on each
 * side without the row itself, into column `dst` of the (n, out_width) rows `out`: the
 * running sum then the differences, in the order cleaner.features._window_mean adds them. */
static void
window_mean(const double *v, Py_ssize_t width, Py_ssize_t col, Py_ssize_t n, Py_ssize_t radius,
            double *padded, double *out, Py_ssize_t out_width, Py_ssize_t dst)
{
    padded[0] = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        padded[i + 1] = padded[i] + v[i * width + col];
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t lo = i - radius > 0 ? i - radius : 0;
        Py_ssize_t hi = i + radius + 1 < n ? i + radius + 1 : n;
        Py_ssize_t count = hi - lo - 1 > 1 ? hi - lo - 1 : 1;
        double total = padded[hi] - padded[lo] - v[i * width + col];
        out[i * out_width + dst] = total / (double)count;
    }
}

/* context_rows(base, prose, chars, prose_chars, weak, in_title, total_prose, prose_share,
 *              chars_denominator, radius, out, logargs)
 * The index work of cleaner.features.context_features for n blocks: fills the rows of out
 * (n, 36: NAMES, CONTEXT_NAMES, PAGE_NAMES) except the columns that need a logarithm or a
 * numpy reduction (log_short_run, log_prose_distance, log_duplicates, log_region_distance,
 * log_chars_vs_prose, stop_vs_prose: left 0.0), and writes the whole numbers those
 * logarithms read into logargs (3, n): the short-run lengths, the prose distances and the
 * main-region distances. Every float is computed with the operations, in the order, of the
 * numpy definition, so the results are the same bits. */
/* The index work of context_rows for n blocks (see there): fills out, and the whole
 * numbers the logarithms read into run_arg, dist_arg and region_arg (n each). scratch
 * holds n + 1 doubles. */
static void
context_core(const double *b, const unsigned char *prose, const double *chars, const double *pc,
             const double *weak, const unsigned char *title, Py_ssize_t n, double total_prose,
             double prose_share, double denominator, Py_ssize_t radius, double *out,
             double *run_arg, double *dist_arg, double *region_arg, double *scratch)
{
    const Py_ssize_t nb = 12, nc = 18, width = nb + nc + 6;
    Py_ssize_t first = n, last = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (prose[i]) {
            if (first == n) {
                first = i;
            }
            last = i;
        }
    }
    const int any_prose = last >= 0;
    if (!(total_prose > 0)) {
        first = n;
        last = -1;
    }
    double running = 0.0;
    const double span = (double)(n - 1 > 1 ? n - 1 : 1);
    for (Py_ssize_t i = 0; i < n; i++) {
        double *row = out + i * width, *ctx = row + nb, *page = ctx + nc;
        for (Py_ssize_t k = 0; k < nb; k++) {
            row[k] = b[i * nb + k];
        }
        ctx[0] = prose[i] ? 1.0 : 0.0;
        if (total_prose > 0) {
            running += pc[i];
            ctx[1] = (running - pc[i] / 2) / total_prose;
        }
        else {
            ctx[1] = (double)i / span;
        }
        ctx[2] = i < first ? 1.0 : 0.0;
        ctx[3] = i > last ? 1.0 : 0.0;
        ctx[4] = i > 0 ? b[(i - 1) * nb] : 0.0;
        ctx[5] = i + 1 < n ? b[(i + 1) * nb] : 0.0;
        ctx[6] = i > 0 && prose[i - 1] ? 1.0 : 0.0;
        ctx[7] = i + 1 < n && prose[i + 1] ? 1.0 : 0.0;
        ctx[11] = ctx[12] = ctx[13] = 0.0;
        ctx[14] = title[i] ? 1.0 : 0.0;
        ctx[15] = i == 0 ? 1.0 : 0.0;
        ctx[16] = prose_share;
        ctx[17] = weak[i];
        page[1] = page[3] = page[4] = 0.0;
        page[2] = chars[i] / denominator;
    }
    /* The window means: log_chars, prose, stop_ratio, then linkish_per_word. */
    double *padded = scratch;
    window_mean(b, nb, 0, n, radius, padded, out, width, nb + 8);
    window_mean(out, width, nb, n, radius, padded, out, width, nb + 9);
    window_mean(b, nb, 5, n, radius, padded, out, width, nb + 10);
    window_mean(b, nb, 8, n, radius, padded, out, width, nb + nc + 5);
    /* Runs of equal prose flags: a short block's run length (0 for prose blocks). */
    for (Py_ssize_t i = 0; i < n;) {
        Py_ssize_t j = i;
        while (j < n && prose[j] == prose[i]) {
            j++;
        }
        for (Py_ssize_t k = i; k < j; k++) {
            run_arg[k] = prose[k] ? 0.0 : (double)(j - i);
        }
        i = j;
    }
    /* Blocks to the nearest prose block (n when there is none). */
    if (!any_prose) {
        for (Py_ssize_t i = 0; i < n; i++) {
            dist_arg[i] = (double)n;
        }
    }
    else {
        Py_ssize_t seen = -1;
        for (Py_ssize_t i = 0; i < n; i++) {
            if (prose[i]) {
                seen = i;
            }
            dist_arg[i] = seen >= 0 ? (double)(i - seen) : -1.0;
        }
        seen = -1;
        for (Py_ssize_t i = n - 1; i >= 0; i--) {
            if (prose[i]) {
                seen = i;
            }
            if (seen >= 0 && (dist_arg[i] < 0 || (double)(seen - i) < dist_arg[i])) {
                dist_arg[i] = (double)(seen - i);
            }
        }
    }
    /* The main region (_main_region): the maximum-sum run of prose minus non-prose chars. */
    double *total = scratch; /* n + 1 running sums; the window means are done with it */
    total[0] = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        total[i + 1] = total[i] + (prose[i] ? chars[i] : -1.0 * chars[i]);
    }
    double low = total[0];
    Py_ssize_t low_at = 0, best_end = 0, start_at = 0;
    double best = 0.0;
    for (Py_ssize_t k = 0; k < n; k++) {
        /* low, low_at: the minimum of total[0..k] and the last index where total equals
         * its running minimum (numpy: maximum.accumulate of those indices). */
        double gain = total[k + 1] - low;
        if (k == 0 || gain > best) {
            best = gain;
            best_end = k;
            start_at = low_at;
        }
        if (total[k + 1] <= low) {
            low = total[k + 1];
            low_at = k + 1;
        }
    }
    const Py_ssize_t region_first = start_at, region_last = best_end;
    for (Py_ssize_t i = 0; i < n; i++) {
        double *page = out + i * width + nb + nc;
        page[0] = i >= region_first && i <= region_last ? 1.0 : 0.0;
        Py_ssize_t d = (region_first - i > 0 ? region_first - i : 0) +
                       (i - region_last > 0 ? i - region_last : 0);
        region_arg[i] = (double)d;
    }
}

/* context_rows(base, prose, chars, prose_chars, weak, in_title, total_prose, prose_share,
 *              chars_denominator, radius, out, logargs)
 * The index work of cleaner.features.context_features for n blocks: fills the rows of out
 * (n, 36: NAMES, CONTEXT_NAMES, PAGE_NAMES) except the columns that need a logarithm or a
 * numpy reduction (log_short_run, log_prose_distance, log_duplicates, log_region_distance,
 * log_chars_vs_prose, stop_vs_prose: left 0.0), and writes the whole numbers those
 * logarithms read into logargs (3, n): the short-run lengths, the prose distances and the
 * main-region distances. Every float is computed with the operations, in the order, of the
 * numpy definition, so the results are the same bits. */
static PyObject *
context_rows(PyObject *self, PyObject *args)
{
    Py_buffer base, prose_b, chars_b, pc_b, weak_b, title_b, out_b, log_b;
    double total_prose, prose_share, denominator;
    Py_ssize_t radius;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*dddnw*w*", &base, &prose_b, &chars_b, &pc_b,
                          &weak_b, &title_b, &total_prose, &prose_share, &denominator, &radius,
                          &out_b, &log_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    double *scratch = NULL;
    const Py_ssize_t nb = 12, nc = 18, width = nb + nc + 6;
    const Py_ssize_t n = prose_b.len;
    if (n == 0 || base.len != n * nb * 8 || chars_b.len != n * 8 || pc_b.len != n * 8 ||
        weak_b.len != n * 8 || title_b.len != n || out_b.len != n * width * 8 ||
        log_b.len != 3 * n * 8 || radius < 0) {
        PyErr_SetString(PyExc_ValueError, "context_rows: buffers of the wrong size");
        goto done;
    }
    scratch = PyMem_Malloc(sizeof(double) * (size_t)(2 * n + 2));
    if (scratch == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    double *run_arg = log_b.buf;
    context_core(base.buf, prose_b.buf, chars_b.buf, pc_b.buf, weak_b.buf, title_b.buf, n,
                 total_prose, prose_share, denominator, radius, out_b.buf, run_arg, run_arg + n,
                 run_arg + 2 * n, scratch);
    Py_INCREF(Py_None);
    result = Py_None;
done:
    PyMem_Free(scratch);
    PyBuffer_Release(&base);
    PyBuffer_Release(&prose_b);
    PyBuffer_Release(&chars_b);
    PyBuffer_Release(&pc_b);
    PyBuffer_Release(&weak_b);
    PyBuffer_Release(&title_b);
    PyBuffer_Release(&out_b);
    PyBuffer_Release(&log_b);
    return result;
}

/* numpy's sum of n contiguous doubles (its pairwise summation: eight running sums over
 * blocks of up to 128, halves above that), so a sum here is numpy's to the bit. */
static double
pairwise_sum(const double *a, Py_ssize_t n)
{
    if (n < 8) {
        double res = 0.0;
        for (Py_ssize_t i = 0; i < n; i++) {
            res += a[i];
        }
        return res;
    }
    if (n <= 128) {
        double r[8];
        for (int j = 0; j < 8; j++) {
            r[j] = a[j];
        }
        Py_ssize_t i;
        for (i = 8; i < n - (n % 8); i += 8) {
            for (int j = 0; j < 8; j++) {
                r[j] += a[i + j];
            }
        }
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) {
            res += a[i];
        }
        return res;
    }
    Py_ssize_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

/* One block's 13 page-gate measures (cleaner.classify.page_gate_features' rows) from its
 * feature row, given the 10 columns they read (c): written to out[r * stride + i] for
 * r = 0..12. Returns the block's log_run, for the caller's longest run. */
static inline double
gate_measures(const double *row, const Py_ssize_t *c, double chars, double long_log,
              double tiny_log, double *out, Py_ssize_t stride, Py_ssize_t i)
{
    const double log_chars = row[c[1]], log_run = row[c[2]];
    const double is_prose = row[c[0]] > 0 ? 1.0 : 0.0, is_short = 1.0 - is_prose;
    const double lead = row[c[3]] > 0 ? 1.0 : 0.0, tail = row[c[4]] > 0 ? 1.0 : 0.0;
    out[0 * stride + i] = is_prose;
    out[1 * stride + i] = log_run >= long_log ? 1.0 : 0.0;
    out[2 * stride + i] = lead;
    out[3 * stride + i] = tail;
    out[4 * stride + i] = chars * lead;
    out[5 * stride + i] = chars * tail;
    out[6 * stride + i] = is_short > 0 && row[c[5]] > 0 ? 1.0 : 0.0;
    out[7 * stride + i] = row[c[6]] * is_short;
    out[8 * stride + i] = row[c[7]];
    out[9 * stride + i] = chars * (row[c[8]] == 0 ? 1.0 : 0.0);
    out[10 * stride + i] = row[c[9]] < tiny_log ? 1.0 : 0.0;
    out[11 * stride + i] = log_chars * is_short;
    out[12 * stride + i] = chars;
    return log_run;
}

/* subset_rows(base, weak, prose, chars, text_ids, lengths, quoted, title_chars,
 *             quote_min_chars, where, log1p_table, log_table, radius, out, stops,
 *             weights, gate_columns, share_column, long_log, tiny_log, strong,
 *             gate_out) -> int
 * cleaner.classify._Document.inputs_plain for the m blocks of a document at the indices
 * where (intp): gathers their rows of the document's arrays (base (N, 12), weak, prose
 * (bool), chars, text_ids (intp, < N), lengths (intp)), counts each text among them,
 * sums as numpy does, and fills out (m, 36) as context_features does, the logarithms
 * looked up in numpy's own log1p_table[k] = log1p(k) and log_table[k] = log(k) (k <= N).
 * A block after the first is in the title (the first block, title_chars long) when its
 * length is in [quote_min_chars, title_chars] and quoted[its text id] is 1 (int8 per
 * text id: 1 quoted, 0 not, -1 not read yet: then -1 is returned at once, and the caller
 * reads those texts and calls again). Only stop_vs_prose is left to the caller (a BLAS
 * dot product): the prose blocks' stop ratios and chars go into stops and weights (m
 * each), and their count is returned.
 * gate_out (16) gets cleaner.classify.page_gate_row of the rows, given the 10 columns
 * gate_rows reads (gate_columns, intp), the doc_prose_share column, gate_rows' two
 * log thresholds and the count of strong hits among the blocks. */
static PyObject *
subset_rows(PyObject *self, PyObject *args)
{
    Py_buffer base_b, weak_b, prose_b, chars_b, ids_b, len_b, quoted_b, where_b, l1_b, l_b, out_b,
        stops_b, weights_b, gcol_b, gate_b;
    Py_ssize_t radius, title_chars, quote_min, share_col, strong;
    double long_log, tiny_log;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*y*nny*y*y*nw*w*w*y*nddnw*", &base_b, &weak_b,
                          &prose_b, &chars_b, &ids_b, &len_b, &quoted_b, &title_chars,
                          &quote_min, &where_b, &l1_b, &l_b, &radius, &out_b, &stops_b,
                          &weights_b, &gcol_b, &share_col, &long_log, &tiny_log, &strong,
                          &gate_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    double *buf = NULL;
    Py_ssize_t *count = NULL;
    const Py_ssize_t nb = 12, nc = 18, width = nb + nc + 6;
    const Py_ssize_t big_n = prose_b.len, m = where_b.len / (Py_ssize_t)sizeof(Py_ssize_t);
    if (m == 0 || where_b.len % (Py_ssize_t)sizeof(Py_ssize_t) ||
        base_b.len != big_n * nb * 8 || weak_b.len != big_n * 8 || chars_b.len != big_n * 8 ||
        ids_b.len != big_n * (Py_ssize_t)sizeof(Py_ssize_t) ||
        len_b.len != big_n * (Py_ssize_t)sizeof(Py_ssize_t) || quoted_b.len != big_n ||
        l1_b.len < (big_n + 1) * 8 || l_b.len < (big_n + 1) * 8 ||
        out_b.len != m * width * 8 || stops_b.len != m * 8 || weights_b.len != m * 8 ||
        radius < 0 || gcol_b.len != 10 * (Py_ssize_t)sizeof(Py_ssize_t) || gate_b.len != 16 * 8 ||
        share_col < 0 || share_col >= width) {
        PyErr_SetString(PyExc_ValueError, "subset_rows: buffers of the wrong size");
        goto done;
    }
    const Py_ssize_t *c = gcol_b.buf;
    for (int k = 0; k < 10; k++) {
        if (c[k] < 0 || c[k] >= width) {
            PyErr_SetString(PyExc_ValueError, "subset_rows: a gate column out of the rows");
            goto done;
        }
    }
    const Py_ssize_t *where = where_b.buf, *ids = ids_b.buf, *lengths = len_b.buf;
    const signed char *quoted = quoted_b.buf;
    for (Py_ssize_t i = 0; i < m; i++) {
        if (where[i] < 0 || where[i] >= big_n || ids[where[i]] < 0 || ids[where[i]] >= big_n) {
            PyErr_SetString(PyExc_IndexError, "subset_rows: an index out of the document");
            goto done;
        }
    }
    /* base rows, weak, chars, prose chars, scratch (m + 1), three log arguments, then the
     * prose and title flags (bytes), then the gate's 13 rows of measures. */
    buf = PyMem_Malloc(sizeof(double) * (size_t)(m * nb + 4 * m + (m + 1) + 3 * m + m + 13 * m));
    count = PyMem_Calloc((size_t)big_n, sizeof(Py_ssize_t));
    if (buf == NULL || count == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    double *b = buf, *weak = b + m * nb, *chars = weak + m, *pc = chars + m,
           *gathered = pc + m, *scratch = gathered + m, *run_arg = scratch + m + 1,
           *dist_arg = run_arg + m, *region_arg = dist_arg + m;
    unsigned char *prose = (unsigned char *)(region_arg + m), *in_title = prose + m;
    for (Py_ssize_t i = 0; i < m; i++) {
        const Py_ssize_t k = where[i];
        in_title[i] = 0;
        if (i > 0 && lengths[k] >= quote_min && lengths[k] <= title_chars) {
            if (quoted[ids[k]] < 0) {
                result = PyLong_FromLong(-1);
                goto done;
            }
            in_title[i] = quoted[ids[k]] > 0;
        }
    }
    const double *base = base_b.buf, *weak_all = weak_b.buf, *chars_all = chars_b.buf;
    const unsigned char *prose_all = prose_b.buf;
    for (Py_ssize_t i = 0; i < m; i++) {
        const Py_ssize_t k = where[i];
        for (Py_ssize_t c = 0; c < nb; c++) {
            b[i * nb + c] = base[k * nb + c];
        }
        weak[i] = weak_all[k];
        chars[i] = chars_all[k];
        prose[i] = prose_all[k] ? 1 : 0;
        pc[i] = chars[i] * (prose[i] ? 1.0 : 0.0);
        count[ids[k]]++;
    }
    const double total_prose = pairwise_sum(pc, m);
    const double chars_sum = pairwise_sum(chars, m);
    const double denominator = 1.0 > chars_sum ? 1.0 : chars_sum; /* Python's max(sum, 1.0) */
    double *out = out_b.buf;
    context_core(b, prose, chars, pc, weak, in_title, m, total_prose,
                 total_prose / denominator, denominator, radius, out, run_arg, dist_arg,
                 region_arg, scratch);
    const double *log1p_table = l1_b.buf, *log_table = l_b.buf;
    double *stops = stops_b.buf, *weights = weights_b.buf;
    Py_ssize_t n_prose = 0;
    for (Py_ssize_t i = 0; i < m; i++) {
        double *row = out + i * width;
        row[nb + 11] = log1p_table[(Py_ssize_t)run_arg[i]];
        row[nb + 12] = log1p_table[(Py_ssize_t)dist_arg[i]];
        row[nb + 13] = log_table[count[ids[where[i]]]];
        row[nb + nc + 1] = log1p_table[(Py_ssize_t)region_arg[i]];
        if (prose[i]) {
            gathered[n_prose] = b[i * nb];
            stops[n_prose] = b[i * nb + 5];
            weights[n_prose] = chars[i];
            n_prose++;
        }
    }
    if (n_prose) {
        /* numpy's mean: its sum, divided by the count. */
        const double mean = pairwise_sum(gathered, n_prose) / (double)n_prose;
        for (Py_ssize_t i = 0; i < m; i++) {
            out[i * width + nb + nc + 3] = b[i * nb] - mean;
        }
    }
    /* The page gate (page_gate_row): gate_rows' measures per block, summed as numpy sums
     * each row of the stack, then _gate_features' arithmetic. */
    double *g = (double *)(region_arg + m) + m, longest = 0.0, sums[13];
    for (Py_ssize_t i = 0; i < m; i++) {
        const double log_run = gate_measures(out + i * width, c, chars[i], long_log, tiny_log,
                                             g, m, i);
        if (i == 0 || log_run > longest) {
            longest = log_run;
        }
    }
    for (int r = 0; r < 13; r++) {
        sums[r] = pairwise_sum(g + r * m, m);
    }
    const double n_blocks = (double)m;
    const double total = 1.0 > sums[12] ? 1.0 : sums[12];
    const double shorts = 1.0 > n_blocks - sums[0] ? 1.0 : n_blocks - sums[0];
    double *gate = gate_b.buf;
    /* The counts the logarithms read are whole numbers of blocks (at most m <= N). */
    if (sums[2] < 0 || sums[2] > (double)big_n || sums[3] < 0 || sums[3] > (double)big_n ||
        sums[2] != (double)(Py_ssize_t)sums[2] || sums[3] != (double)(Py_ssize_t)sums[3]) {
        PyErr_SetString(PyExc_ValueError, "subset_rows: a gate count that is no count");
        goto done;
    }
    gate[0] = log_table[m];
    gate[1] = out[share_col];
    gate[2] = longest;
    gate[3] = sums[1] / n_blocks;
    gate[4] = sums[0] / n_blocks;
    gate[5] = log1p_table[(Py_ssize_t)sums[2]];
    gate[6] = log1p_table[(Py_ssize_t)sums[3]];
    gate[7] = sums[4] / total;
    gate[8] = sums[5] / total;
    gate[9] = sums[6] / shorts;
    gate[10] = sums[7] / shorts;
    gate[11] = sums[8] / n_blocks;
    gate[12] = sums[9] / total;
    gate[13] = sums[10] / n_blocks;
    gate[14] = (double)strong / n_blocks;
    gate[15] = sums[11] / shorts;
    result = PyLong_FromSsize_t(n_prose);
done:
    PyMem_Free(buf);
    PyMem_Free(count);
    PyBuffer_Release(&base_b);
    PyBuffer_Release(&weak_b);
    PyBuffer_Release(&prose_b);
    PyBuffer_Release(&chars_b);
    PyBuffer_Release(&ids_b);
    PyBuffer_Release(&len_b);
    PyBuffer_Release(&quoted_b);
    PyBuffer_Release(&where_b);
    PyBuffer_Release(&l1_b);
    PyBuffer_Release(&l_b);
    PyBuffer_Release(&out_b);
    PyBuffer_Release(&stops_b);
    PyBuffer_Release(&weights_b);
    PyBuffer_Release(&gcol_b);
    PyBuffer_Release(&gate_b);
    return result;
}

/* gate_rows(x, chars, prose, log_chars, log_run, lead, tail, copies, linkish, weak, region,
 *           log_words, long_run_log, tiny_log, out) -> float
 * The per-block measures of cleaner.classify.page_gate_features: out (13, n) gets the rows
 * its numpy definition stacks (from the columns of x (n, d) given by index, chars =
 * expm1(log_chars) measured by numpy) for numpy to sum; returns the largest log_run. */
static PyObject *
gate_rows(PyObject *self, PyObject *args)
{
    Py_buffer x_b, chars_b, out_b;
    Py_ssize_t c[10];
    double long_log, tiny_log;
    if (!PyArg_ParseTuple(args, "y*y*nnnnnnnnnnddw*", &x_b, &chars_b, &c[0], &c[1], &c[2], &c[3],
                          &c[4], &c[5], &c[6], &c[7], &c[8], &c[9], &long_log, &tiny_log,
                          &out_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    const Py_ssize_t n = chars_b.len / 8, rows = 13;
    const Py_ssize_t d = n > 0 ? x_b.len / 8 / n : 0;
    int ok = n > 0 && chars_b.len % 8 == 0 && x_b.len == n * d * 8 && out_b.len == rows * n * 8;
    for (int k = 0; k < 10 && ok; k++) {
        ok = c[k] >= 0 && c[k] < d;
    }
    if (!ok) {
        PyErr_SetString(PyExc_ValueError, "gate_rows: buffers of the wrong size");
        goto done;
    }
    const double *x = x_b.buf, *chars = chars_b.buf;
    double *out = out_b.buf, longest = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        const double log_run = gate_measures(x + i * d, c, chars[i], long_log, tiny_log, out, n, i);
        if (i == 0 || log_run > longest) {
            longest = log_run;
        }
    }
    result = PyFloat_FromDouble(longest);
done:
    PyBuffer_Release(&x_b);
    PyBuffer_Release(&chars_b);
    PyBuffer_Release(&out_b);
    return result;
}

/* untracked_rows(cls, columns, leaf_type) -> list of cls(tuple(column[i] for column in
 * columns)) for i in range(len(columns[0])), cls a tuple subclass without __dict__
 * (cleaner.classify.describe_all's BlockInfo rows). A row whose items are all either
 * untracked by the garbage collector or exact instances of leaf_type (a type whose
 * instances hold no reference that could lead back to a row) can be in no reference
 * cycle, so it is left untracked: the collector's passes would otherwise revisit every
 * row of a long document while the later stages allocate (the same as
 * cleaner._fastscan.split_lines does for the blocks). */
static PyObject *
untracked_rows(PyObject *self, PyObject *args)
{
    PyTypeObject *cls, *leaf;
    PyObject *columns;
    if (!PyArg_ParseTuple(args, "O!O!O!", &PyType_Type, &cls, &PyTuple_Type, &columns,
                          &PyType_Type, &leaf)) {
        return NULL;
    }
    if (!PyType_IsSubtype(cls, &PyTuple_Type) || cls->tp_dictoffset != 0) {
        PyErr_SetString(PyExc_TypeError, "untracked_rows: cls must be a tuple subclass");
        return NULL;
    }
    const Py_ssize_t width = PyTuple_GET_SIZE(columns);
    Py_ssize_t n = 0;
    for (Py_ssize_t c = 0; c < width; c++) {
        Py_ssize_t len = PySequence_Size(PyTuple_GET_ITEM(columns, c));
        if (len < 0) {
            return NULL;
        }
        if (c > 0 && len != n) {
            PyErr_SetString(PyExc_ValueError, "untracked_rows: columns of unequal lengths");
            return NULL;
        }
        n = len;
    }
    PyObject *out = PyList_New(width > 0 ? n : 0);
    if (out == NULL || width == 0) {
        return out;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = cls->tp_alloc(cls, width);
        if (row == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        int acyclic = 1;
        for (Py_ssize_t c = 0; c < width; c++) {
            PyObject *item = PySequence_GetItem(PyTuple_GET_ITEM(columns, c), i);
            if (item == NULL) {
                Py_DECREF(row);
                Py_DECREF(out);
                return NULL;
            }
            if (PyObject_GC_IsTracked(item) && Py_TYPE(item) != leaf) {
                acyclic = 0;
            }
            PyTuple_SET_ITEM(row, c, item);
        }
        if (acyclic && PyObject_GC_IsTracked(row)) {
            PyObject_GC_UnTrack(row);
        }
        PyList_SET_ITEM(out, i, row);
    }
    return out;
}

static PyMethodDef methods[] = {
    {"words_and_prose", words_and_prose, METH_VARARGS,
     "words_and_prose(texts, cjk, punct, end, closer, prose_min_words, prose_min_cjk, "
     "sentence_min_words): per text, its word count and whether it reads as prose."},
    {"lines_holding", lines_holding, METH_VARARGS,
     "lines_holding(text, strings): offsets of the \"\\n\" opening each line that holds one "
     "of strings."},
    {"stop_flags", stop_flags, METH_VARARGS,
     "stop_flags(points, starts, ends, numbers, keys, max_chars, bits, out): 1.0 in out for "
     "each word whose packed letters are a stop word's key, else 0.0."},
    {"context_rows", context_rows, METH_VARARGS,
     "context_rows(base, prose, chars, prose_chars, weak, in_title, total_prose, prose_share, "
     "chars_denominator, radius, out, logargs): the index work of context_features."},
    {"subset_rows", subset_rows, METH_VARARGS,
     "subset_rows(base, weak, prose, chars, text_ids, lengths, quoted, title_chars, "
     "quote_min_chars, where, log1p_table, log_table, radius, out, stops, weights): "
     "context_features of a document's blocks at where; returns how many are prose (their "
     "stop ratios and chars in stops, weights), or -1 if a text's quoting is unread; and "
     "page_gate_row of them into gate_out (after gate_columns, share_column, long_log, "
     "tiny_log, strong)."},
    {"untracked_rows", untracked_rows, METH_VARARGS,
     "untracked_rows(cls, columns, leaf_type): cls rows of the columns' items, untracked by "
     "the garbage collector when they can be in no cycle."},
    {"gate_rows", gate_rows, METH_VARARGS,
     "gate_rows(x, chars, 10 column indices, long_run_log, tiny_log, out): the page gate's "
     "per-block measures, stacked; returns the largest log_run."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaner._kernels",
    "Compiled twins of the pipeline's per-block loops (see cleaner/_kernels.c).", -1, methods,
};

PyMODINIT_FUNC
PyInit__kernels(void)
{
    return PyModule_Create(&module);
}
