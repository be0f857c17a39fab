/* The compiled twin of cleaner.scorer.Scorer.probabilities_plain: a whole document's
 * P(main) in one call. Per row: the first stage's inputs (the block's features, then its
 * cleaner.features.lexical_features), every ensemble member's tanh hidden layer, sigmoid,
 * the members' mean; then the second stage's inputs (the same, then the first stage's
 * cleaner.features.stacked_features) and the second stage. Built by setup.py as its own
 * optional extension (cleaner._scorer). The stacked features have one compiled definition
 * (the Stacker), which stacked also serves to training (scripts/train.py reads them
 * through cleaner.scorer.stacked_columns), so the second stage learns the bits it meets.
 *
 * Not the same bits as numpy (whose products run through OpenBLAS in an order of its own,
 * itself machine-dependent) but within ~1e-14 of them, and deterministic: every row is
 * computed alone, by the same operations in the same order, whatever rows stand around
 * it (a document scored whole or in parts gives each row the same bits). The hidden
 * layers call no libm function: tanh and the logistic function are computed here by
 * +, -, *, / alone (a rational form of exp after an exact range reduction), and setup.py
 * compiles this file with -ffp-contract=off (a fused multiply-add where the processor
 * has one would change the bits from one machine to the next), so their bits are the
 * same on every machine with IEEE doubles; the vector clones (AVX2, AVX-512) compute
 * each hidden unit by the same operations as the plain code. Only the inputs' log1p and
 * expm1 come from the C library, as numpy's do.
 *
 * Also Lexicon.measure_tokens (per block: the sum of its tokens' bucket weights, in
 * token order as numpy.bincount sums them, over the square root of its token count):
 * the same bits as numpy. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* No fused multiply-adds (setup.py also passes -ffp-contract=off): see above. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

/* Hidden units are scored in chunks this wide: a chunk's sums stay in vector registers
 * while the row's nonzero inputs stream past (a multiple of 8 doubles, one AVX-512
 * register). A stage's units are padded with zero weights to a multiple of it. */
#define CHUNK 32
#define WIDE 64 /* the chunk of the AVX-512 clone (8 registers) */
#define STACKED 11 /* len(cleaner.features.STACK_NAMES) */
#define LEXICAL 5  /* len(cleaner.features.LEX_NAMES) */

/* exp(y) as 2**k (R + r) / (R - r): Cody and Waite's reduction y = k ln 2 + r with
 * |r| <= ln 2 / 2 (k * LN2_HI is exact: LN2_HI has 32 significant bits), and R(r) =
 * r (e**r + 1) / (e**r - 1), an even function, as 2 + t (Q1 + ... + Q5 t**4) in t = r**2
 * (a Chebyshev fit, within 6e-18 of R on the interval). tanh and the logistic function
 * are then one division each. */
#define LOG2E 1.4426950408889634
#define LN2_HI 6.93147180369123816490e-01
#define LN2_LO 1.90821492927058770002e-10
#define ROUNDER 6755399441055744.0 /* 1.5 * 2**52: adding it rounds to an integer */
#define Q1 0.16666666666666661545
#define Q2 -0.0027777777777564571673
#define Q3 0.0000661375647170787329
#define Q4 -1.6534060165972635798e-6
#define Q5 4.1437725653582017609e-8
#define EXP_OVER 708.0   /* the logistic function's exp is clamped to [-708, 708]: */
#define EXP_UNDER -708.0 /* past it 1 / (1 + exp) is 0 or 1 to within 1e-307 */
/* tanh(x) is 1.0 in doubles from |x| > 19.06: past it the formula is not computed. */
#define TANH_FLAT 20.0

typedef struct {
    double scale, plus, minus; /* exp(y) = scale * plus / minus */
} Exp;

static inline Exp
exp_parts(double y)
{
    /* y within [EXP_UNDER, EXP_OVER] (or NaN, which comes out NaN). */
    const double shifted = y * LOG2E + ROUNDER;
    const double k = shifted - ROUNDER;
    const double r = (y - k * LN2_HI) - k * LN2_LO;
    const double t = r * r;
    const double big_r = 2.0 + t * (Q1 + t * (Q2 + t * (Q3 + t * (Q4 + t * Q5))));
    /* shifted's low bits hold k (two's complement): k + 1023 in the exponent field. */
    uint64_t bits;
    memcpy(&bits, &shifted, sizeof bits);
    bits = (bits + 1023) << 52;
    Exp e;
    memcpy(&e.scale, &bits, sizeof e.scale);
    e.plus = big_r + r;
    e.minus = big_r - r;
    return e;
}

/* tanh, within ~2e-16 of it (an absolute error: what the second layer's sums see). */
static inline double
tanh_of(double x)
{
    double a = fabs(x);
    a = a > TANH_FLAT ? TANH_FLAT : a;
    const Exp e = exp_parts(a + a);
    const double num = e.scale * e.plus;
    return copysign((num - e.minus) / (num + e.minus), x);
}

/* The logistic function 1 / (1 + exp(-logit)), within ~1e-16 of it. */
static inline double
sigmoid(double logit)
{
    double y = -logit;
    y = y > EXP_OVER ? EXP_OVER : y;
    y = y < EXP_UNDER ? EXP_UNDER : y;
    const Exp e = exp_parts(y);
    return e.minus / (e.minus + e.scale * e.plus);
}

/* One stage: an ensemble of one-hidden-layer perceptrons, with the inputs' scaling folded
 * into the first layer: (x - mean) / std . w1 + b1 = x . (w1 / std) + (b1 - mean / std . w1),
 * so an input of 0 (four in ten of them) costs nothing. */
typedef struct {
    Py_ssize_t dims, members, hidden, units, padded;
    double *w;    /* (dims, padded): w1 / std, the members' hidden units side by side */
    double *bias; /* (padded) */
    double *w2;   /* (members * hidden) */
    double *b2;   /* (members) */
} Stage;

#define STAGE_CAPSULE "cleaner._scorer.Stage"

static void
stage_free(PyObject *capsule)
{
    Stage *s = PyCapsule_GetPointer(capsule, STAGE_CAPSULE);
    if (s != NULL) {
        PyMem_Free(s->w);
        PyMem_Free(s);
    }
}

/* stage(mean, std, side_by_side, b1, w2, b2, members) -> capsule, or None when a std is
 * not a positive finite number (then numpy scores, dividing as it does).
 * side_by_side: (dims, members * hidden) float64, b1 and w2: members * hidden, b2: members;
 * mean and std: dims. */
static PyObject *
stage(PyObject *self, PyObject *args)
{
    Py_buffer mean_b, std_b, w_b, b1_b, w2_b, b2_b;
    Py_ssize_t members;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*n", &mean_b, &std_b, &w_b, &b1_b, &w2_b, &b2_b,
                          &members)) {
        return NULL;
    }
    PyObject *result = NULL;
    Stage *s = NULL;
    const Py_ssize_t dims = mean_b.len / 8, units = b1_b.len / 8;
    if (members < 1 || dims < 1 || units < members || units % members || mean_b.len % 8 ||
        std_b.len != dims * 8 || w_b.len != dims * units * 8 || b1_b.len % 8 ||
        w2_b.len != units * 8 || b2_b.len != members * 8) {
        PyErr_SetString(PyExc_ValueError, "stage: weights of the wrong size");
        goto done;
    }
    const double *mean = mean_b.buf, *std = std_b.buf, *w1 = w_b.buf, *b1 = b1_b.buf;
    for (Py_ssize_t k = 0; k < dims; k++) {
        if (!(std[k] > 0.0 && std[k] < INFINITY && isfinite(mean[k]))) {
            result = Py_NewRef(Py_None);
            goto done;
        }
    }
    const Py_ssize_t padded = (units + CHUNK - 1) / CHUNK * CHUNK;
    s = PyMem_Calloc(1, sizeof(Stage));
    if (s == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    /* One allocation: w, bias, w2, b2. */
    s->w = PyMem_Calloc((size_t)(dims * padded + padded + units + members), sizeof(double));
    if (s->w == NULL) {
        PyMem_Free(s);
        s = NULL;
        PyErr_NoMemory();
        goto done;
    }
    s->bias = s->w + dims * padded;
    s->w2 = s->bias + padded;
    s->b2 = s->w2 + units;
    s->dims = dims;
    s->members = members;
    s->hidden = units / members;
    s->units = units;
    s->padded = padded;
    for (Py_ssize_t j = 0; j < units; j++) {
        double bias = b1[j];
        for (Py_ssize_t k = 0; k < dims; k++) {
            bias -= mean[k] / std[k] * w1[k * units + j];
        }
        s->bias[j] = bias;
    }
    for (Py_ssize_t k = 0; k < dims; k++) {
        for (Py_ssize_t j = 0; j < units; j++) {
            s->w[k * padded + j] = w1[k * units + j] / std[k];
        }
    }
    memcpy(s->w2, w2_b.buf, (size_t)units * sizeof(double));
    memcpy(s->b2, b2_b.buf, (size_t)members * sizeof(double));
    result = PyCapsule_New(s, STAGE_CAPSULE, stage_free);
    if (result == NULL) {
        PyMem_Free(s->w);
        PyMem_Free(s);
    }
done:
    PyBuffer_Release(&mean_b);
    PyBuffer_Release(&std_b);
    PyBuffer_Release(&w_b);
    PyBuffer_Release(&b1_b);
    PyBuffer_Release(&w2_b);
    PyBuffer_Release(&b2_b);
    return result;
}

/* The function clones for wider vector units (chosen once, when the module loads). They
 * give the same bits as the plain one: the vectors hold independent hidden units, each
 * summed in the same order, and no multiply-add is fused. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define CLONED __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLONED
#endif

#if defined(__GNUC__)
/* A chunk of hidden units as whole vectors (GCC's vector extension: the compiler splits
 * them into what the processor has), so its sums stay in registers. */
typedef double lanes __attribute__((vector_size(64)));
#define LANES 8
#endif

/* The hidden-layer sums of WIDTH units (from c) of a row, into sums: the bias, then each
 * nonzero input times its weights, in input order (mask: one bit per input, set where it
 * is not 0, in words of 64). WIDTH is a whole number of vectors whose sums stay in
 * registers while the row's inputs stream past; every unit's sum is the same whatever the
 * width, so the clones may take the widths their registers hold. */
#if defined(__GNUC__)
#define INLINE static inline __attribute__((always_inline))
#else
#define INLINE static inline
#endif

#define CHUNK_SUMS(name, WIDTH)                                                            \
    INLINE void name(const Stage *s, Py_ssize_t c, const double *row, const uint64_t *mask, \
                     Py_ssize_t words, double *sums)                                        \
    {                                                                                       \
        const Py_ssize_t padded = s->padded;                                                \
        const double *base = s->w + c;                                                      \
        VECTOR_SUMS(WIDTH)                                                                  \
    }

#if defined(__GNUC__)
#define VECTOR_SUMS(WIDTH)                                                                 \
    lanes acc[(WIDTH) / LANES];                                                            \
    memcpy(acc, s->bias + c, sizeof acc);                                                  \
    for (Py_ssize_t word = 0; word < words; word++) {                                      \
        uint64_t bits = mask[word];                                                        \
        while (bits) {                                                                     \
            const Py_ssize_t k = word * 64 + __builtin_ctzll(bits);                        \
            bits &= bits - 1;                                                              \
            const double v = row[k];                                                       \
            const double *w = base + k * padded;                                           \
            for (int q = 0; q < (WIDTH) / LANES; q++) {                                    \
                lanes wq;                                                                  \
                memcpy(&wq, w + q * LANES, sizeof wq);                                     \
                acc[q] += v * wq;                                                          \
            }                                                                              \
        }                                                                                  \
    }                                                                                      \
    memcpy(sums, acc, sizeof acc);
#else
#define VECTOR_SUMS(WIDTH)                                                                 \
    memcpy(sums, s->bias + c, (WIDTH) * sizeof(double));                                   \
    for (Py_ssize_t k = 0; k < words * 64; k++) {                                          \
        if (mask[k / 64] >> (k % 64) & 1) {                                                \
            const double v = row[k];                                                       \
            const double *w = base + k * padded;                                           \
            for (int j = 0; j < (WIDTH); j++) {                                            \
                sums[j] += v * w[j];                                                       \
            }                                                                              \
        }                                                                                  \
    }
#endif

CHUNK_SUMS(chunk_sums, CHUNK)
CHUNK_SUMS(wide_sums, WIDE)

/* Rows scored per call of score_rows: their inputs are laid out first, a few KB, and
 * their hidden layers go through tanh and sigmoid together, in long vector loops. */
#define ROWS 16

/* P(main) of one stage for each of the n <= ROWS rows in (n, dims), into out.
 * scratch: ROWS * (padded + members) + dims doubles; index: dims indices. */
CLONED static void
score_rows(const Stage *s, const double *in, Py_ssize_t n, double *out, double *scratch,
           Py_ssize_t *index)
{
    const Py_ssize_t dims = s->dims, padded = s->padded, hidden = s->hidden;
    const Py_ssize_t members = s->members, units = s->units, words = (dims + 63) / 64;
    /* hid: the rows' hidden units, units apart (a row's padding is overwritten by the next
     * row's units, so tanh reads no padding); it spans (n - 1) units + padded doubles. */
    double *hid = scratch, *logit = hid + ROWS * padded;
    uint64_t *mask = (uint64_t *)index;
#if defined(__GNUC__) && defined(__x86_64__)
    /* With AVX-512 registers (32 of 64 bytes), all the units of a chunk of WIDE stay in them. */
    const int wide = __builtin_cpu_supports("avx512f");
#else
    const int wide = 0;
#endif
    for (Py_ssize_t i = 0; i < n; i++) {
        const double *row = in + i * dims;
        /* The row's nonzero inputs (a zero adds nothing), as bits: no branch per input. */
        for (Py_ssize_t word = 0; word < words; word++) {
            const Py_ssize_t lo = word * 64, count = dims - lo < 64 ? dims - lo : 64;
            uint64_t bits = 0;
            for (Py_ssize_t b = 0; b < count; b++) {
                bits |= (uint64_t)(row[lo + b] != 0.0) << b;
            }
            mask[word] = bits;
        }
        double *h = hid + i * units;
        Py_ssize_t c = 0;
        for (; wide && c + WIDE <= padded; c += WIDE) {
            wide_sums(s, c, row, mask, words, h + c);
        }
        for (; c < padded; c += CHUNK) {
            chunk_sums(s, c, row, mask, words, h + c);
        }
    }
    for (Py_ssize_t j = 0; j < n * units; j++) {
        hid[j] = tanh_of(hid[j]);
    }
    /* Each member's logit sums its hidden units in order (then adds its bias, as numpy);
     * the members' sums are interleaved, unit by unit, so they do not wait on one another. */
    for (Py_ssize_t i = 0; i < n; i++) {
        const double *h = hid + i * units;
        double *lg = logit + i * members;
        for (Py_ssize_t m = 0; m < members; m++) {
            const double *hm = h + m * hidden, *w2 = s->w2 + m * hidden;
            double sum = 0.0;
            for (Py_ssize_t j = 0; j < hidden; j++) {
                sum += hm[j] * w2[j];
            }
            lg[m] = sum + s->b2[m];
        }
    }
    for (Py_ssize_t k = 0; k < n * members; k++) {
        logit[k] = sigmoid(logit[k]);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        double total = 0.0;
        for (Py_ssize_t m = 0; m < members; m++) {
            total += logit[i * members + m];
        }
        out[i] = total / (double)members;
    }
}

/* rows(stage, inputs, out): one stage's P(main) of each row of inputs (n, dims), rows
 * taken ROWS at a time as document takes them (each row's bits are its own). */
static PyObject *
rows(PyObject *self, PyObject *args)
{
    PyObject *stage_o;
    Py_buffer in_b, out_b;
    if (!PyArg_ParseTuple(args, "Oy*w*", &stage_o, &in_b, &out_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    double *scratch = NULL;
    Py_ssize_t *index = NULL;
    const Stage *s = PyCapsule_GetPointer(stage_o, STAGE_CAPSULE);
    if (s == NULL) {
        goto done;
    }
    const Py_ssize_t n = out_b.len / 8;
    if (out_b.len % 8 || in_b.len != n * s->dims * 8) {
        PyErr_SetString(PyExc_ValueError, "rows: buffers of the wrong size");
        goto done;
    }
    scratch = PyMem_Malloc(sizeof(double) * (size_t)(ROWS * (s->padded + s->members) + s->dims));
    index = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)s->dims);
    if (scratch == NULL || index == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    const double *in = in_b.buf;
    double *out = out_b.buf;
    for (Py_ssize_t lo = 0; lo < n; lo += ROWS) {
        const Py_ssize_t count = n - lo < ROWS ? n - lo : ROWS;
        score_rows(s, in + lo * s->dims, count, out + lo, scratch, index);
    }
    result = Py_NewRef(Py_None);
done:
    PyMem_Free(scratch);
    PyMem_Free(index);
    PyBuffer_Release(&in_b);
    PyBuffer_Release(&out_b);
    return result;
}

/* The second stage's stacked inputs, cleaner.features.stacked_features: the one compiled
 * definition, read by document (inference) and by stacked (training's rows, through
 * cleaner.scorer.stacked_columns), so both see the same bits. Rows come one at a time, in
 * page order (stacker_next), after stacker_begin has made the document-wide parts: the
 * scores' running sums with far zeros on each side, each run of equal prose flags' score
 * sum (in order) and length, the score of the next prose block, the blocks' masses
 * p * expm1(log_chars) and their sum. That sum runs in page order: numpy's sum (the twin)
 * is pairwise, so score_mass_before and score_mass_after may differ from numpy's in the
 * last bits (relative n * 2**-53 at most: the masses are not negative); every other
 * column is numpy's very bits. */
typedef struct {
    const double *x, *p;
    Py_ssize_t n, d, prose_col, near, far, reach;
    double *sums, *run_sum, *run_count, *after, *mass, whole, running_mass;
    Py_ssize_t i, runs, last_prose;
} Stacker;

/* The doubles of scratch a Stacker of n rows needs. */
#define STACKER_SCRATCH(n, far) ((n) + 2 * (far) + 1 + 4 * (n))

static void
stacker_begin(Stacker *s, const double *x, Py_ssize_t d, const double *p, Py_ssize_t n,
              Py_ssize_t prose_col, Py_ssize_t near, Py_ssize_t far, Py_ssize_t reach,
              double *scratch)
{
    s->x = x;
    s->p = p;
    s->n = n;
    s->d = d;
    s->prose_col = prose_col;
    s->near = near;
    s->far = far;
    s->reach = reach;
    s->sums = scratch;
    s->run_sum = s->sums + n + 2 * far + 1;
    s->run_count = s->run_sum + n;
    s->after = s->run_count + n;
    s->mass = s->after + n;
    double *sums = s->sums, *run_sum = s->run_sum, *run_count = s->run_count;
    sums[0] = 0.0;
    for (Py_ssize_t k = 0; k < n + 2 * far; k++) {
        const double v = k >= far && k < far + n ? p[k - far] : 0.0;
        sums[k + 1] = sums[k] + v;
    }
    Py_ssize_t runs = 0;
    run_sum[0] = 0.0;
    run_count[0] = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i > 0 && (x[i * d + prose_col] > 0) != (x[(i - 1) * d + prose_col] > 0)) {
            runs++;
            run_sum[runs] = 0.0;
            run_count[runs] = 0.0;
        }
        run_sum[runs] += p[i];
        run_count[runs] += 1.0;
    }
    Py_ssize_t next_prose = -1;
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        s->after[i] = next_prose >= 0 ? p[next_prose] : 0.0;
        if (x[i * d + prose_col] > 0) {
            next_prose = i;
        }
    }
    double whole = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        s->mass[i] = p[i] * expm1(x[i * d]);
        whole += s->mass[i];
    }
    s->whole = 1.0 > whole ? 1.0 : whole; /* Python's max(whole, 1.0): NaN stays NaN */
    s->running_mass = 0.0;
    s->i = 0;
    s->runs = 0;
    s->last_prose = -1;
}

/* The stacked features of the next row (STACKED values into st). */
static inline void
stacker_next(Stacker *s, double *st)
{
    const Py_ssize_t i = s->i++, n = s->n, d = s->d, far = s->far;
    const double *x = s->x, *p = s->p, *sums = s->sums;
    const int prose = x[i * d + s->prose_col] > 0;
    st[0] = p[i];
    st[1] = i > 0 ? p[i - 1] : 0.0;
    st[2] = i + 1 < n ? p[i + 1] : 0.0;
    const Py_ssize_t radii[2] = {s->near, far};
    for (int c = 0; c < 2; c++) {
        const Py_ssize_t rad = radii[c];
        const Py_ssize_t inside = (i < rad ? i : rad) + (n - 1 - i < rad ? n - 1 - i : rad);
        const double total = sums[far + rad + 1 + i] - sums[far - rad + i];
        st[3 + c] = (total - p[i]) / (double)(inside > 1 ? inside : 1);
    }
    double best = 0.0;
    for (Py_ssize_t k = 1; k <= s->reach; k++) {
        const double before = i - k >= 0 ? p[i - k] : 0.0;
        const double next = i + k < n ? p[i + k] : 0.0;
        if (k == 1) {
            best = before >= next ? before : next;
        }
        else {
            best = best >= before ? best : before;
            best = best >= next ? best : next;
        }
    }
    st[5] = best;
    if (i > 0 && prose != (x[(i - 1) * d + s->prose_col] > 0)) {
        s->runs++;
    }
    st[6] = s->run_sum[s->runs] / s->run_count[s->runs];
    st[7] = s->last_prose >= 0 ? p[s->last_prose] : 0.0;
    if (prose) {
        s->last_prose = i;
    }
    st[8] = s->after[i];
    const double mass = s->mass[i], whole = s->whole;
    s->running_mass += mass;
    const double before_mass = s->running_mass - mass;
    st[9] = before_mass / whole;
    const double rest = whole - before_mass - mass;
    st[10] = (rest >= 0.0 || rest != rest ? rest : 0.0) / whole; /* numpy.maximum */
}

/* stacked(x, p, prose_column, near, far, reach, out): the stacked features of the rows of
 * x (n, d) and the first stage's scores p (n), as document makes them (the Stacker), into
 * out: (n, STACKED), or (n, d + STACKED) for x's columns then them. */
static PyObject *
stacked(PyObject *self, PyObject *args)
{
    Py_buffer x_b, p_b, out_b;
    Py_ssize_t prose_col, near, far, reach;
    if (!PyArg_ParseTuple(args, "y*y*nnnnw*", &x_b, &p_b, &prose_col, &near, &far, &reach,
                          &out_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    double *scratch = NULL;
    const Py_ssize_t n = p_b.len / 8;
    const Py_ssize_t d = n > 0 ? x_b.len / 8 / n : 0;
    const Py_ssize_t width = n > 0 && out_b.len == n * STACKED * 8 ? STACKED : d + STACKED;
    const Py_ssize_t copied = width - STACKED;
    if (n == 0 || p_b.len % 8 || x_b.len != n * d * 8 || out_b.len != n * width * 8 ||
        prose_col < 0 || prose_col >= d || near < 0 || far < near || reach < 1 || reach > far) {
        PyErr_SetString(PyExc_ValueError, "stacked: buffers of the wrong size");
        goto done;
    }
    scratch = PyMem_Malloc(sizeof(double) * (size_t)STACKER_SCRATCH(n, far));
    if (scratch == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    const double *x = x_b.buf;
    double *out = out_b.buf;
    Stacker s;
    stacker_begin(&s, x, d, p_b.buf, n, prose_col, near, far, reach, scratch);
    for (Py_ssize_t i = 0; i < n; i++) {
        memcpy(out + i * width, x + i * d, (size_t)copied * sizeof(double));
        stacker_next(&s, out + i * width + copied);
    }
    result = Py_NewRef(Py_None);
done:
    PyMem_Free(scratch);
    PyBuffer_Release(&x_b);
    PyBuffer_Release(&p_b);
    PyBuffer_Release(&out_b);
    return result;
}

/* Whether none of the n doubles is an infinity or a NaN (all exponent bits set): one pass
 * without a branch per value, in vectors. */
CLONED static int
all_finite(const double *x, Py_ssize_t n)
{
    const uint64_t exponent = 0x7ff0000000000000ULL;
    uint64_t flat = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        uint64_t bits;
        memcpy(&bits, x + k, sizeof bits);
        flat |= (bits & exponent) == exponent;
    }
    return !flat;
}

/* document(first, second, x, measured, prose_column, lex_near, near, far, reach, out) -> bool
 * Scorer.probabilities of one document's n = len(out) blocks: x (n, d) their features,
 * measured (n, 2) their Lexicon.measure (None: the first stage reads no lexicon), second
 * None for a scorer of one stage. False (out untouched) when x or measured holds a value
 * that is not finite: numpy scores those. */
static PyObject *
document(PyObject *self, PyObject *args)
{
    PyObject *first_o, *second_o, *measured_o;
    Py_buffer x_b, out_b, measured_b = {0};
    Py_ssize_t prose_col, lex_near, near, far, reach;
    if (!PyArg_ParseTuple(args, "OOy*Onnnnnw*", &first_o, &second_o, &x_b, &measured_o,
                          &prose_col, &lex_near, &near, &far, &reach, &out_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    double *work = NULL;
    Py_ssize_t *nonzero = NULL;
    const int lexicon = measured_o != Py_None;
    if (lexicon && PyObject_GetBuffer(measured_o, &measured_b, PyBUF_SIMPLE) < 0) {
        goto done;
    }
    const Stage *first = PyCapsule_GetPointer(first_o, STAGE_CAPSULE);
    const Stage *second = NULL;
    if (first == NULL || (second_o != Py_None &&
                          (second = PyCapsule_GetPointer(second_o, STAGE_CAPSULE)) == NULL)) {
        goto done;
    }
    const Py_ssize_t n = out_b.len / 8;
    const Py_ssize_t d = n > 0 ? x_b.len / 8 / n : 0;
    const Py_ssize_t lex = lexicon ? LEXICAL : 0;
    if (n == 0) {
        result = Py_NewRef(Py_True);
        goto done;
    }
    if (out_b.len % 8 || x_b.len != n * d * 8 || (lexicon && measured_b.len != n * 2 * 8) ||
        first->dims != d + lex || (second != NULL && second->dims != d + lex + STACKED) ||
        prose_col < 0 || prose_col >= d || lex_near < 0 || near < 0 || far < near ||
        reach < 1 || reach > far) {
        PyErr_SetString(PyExc_ValueError, "document: buffers of the wrong size");
        goto done;
    }
    const double *x = x_b.buf, *measured = lexicon ? measured_b.buf : NULL;
    double *out = out_b.buf;
    if (!all_finite(x, n * d) || (lexicon && !all_finite(measured, 2 * n))) {
        result = Py_NewRef(Py_False);
        goto done;
    }
    const Stage *last = second != NULL ? second : first;
    const Py_ssize_t dims = last->dims;
    const Py_ssize_t padded = first->padded > last->padded ? first->padded : last->padded;
    const Py_ssize_t members = first->members > last->members ? first->members : last->members;
    /* rows (ROWS, dims), scratch (ROWS (padded + members) + dims), p (n), the lexical features
     * (n, LEXICAL), then the Stacker's scratch (its first n + 1 doubles first hold the
     * lexical logits' running sums). */
    const Py_ssize_t size = ROWS * dims + ROWS * (padded + members) + dims + n + n * lex +
                            STACKER_SCRATCH(n, far);
    work = PyMem_Malloc(sizeof(double) * (size_t)size);
    nonzero = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)dims);
    if (work == NULL || nonzero == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    double *rows = work, *scratch = rows + ROWS * dims, *p = scratch + ROWS * (padded + members) + dims;
    double *lexical = p + n, *sums = lexical + n * lex;
    if (lexicon) {
        /* cleaner.features.lexical_features; the window mean from running sums, as
         * cleaner.features._window_mean makes it. */
        sums[0] = 0.0;
        for (Py_ssize_t i = 0; i < n; i++) {
            sums[i + 1] = sums[i] + measured[2 * i];
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            double *lx = lexical + i * LEXICAL;
            const double logit = measured[2 * i];
            lx[0] = logit;
            lx[1] = i > 0 ? measured[2 * (i - 1)] : 0.0;
            lx[2] = i + 1 < n ? measured[2 * (i + 1)] : 0.0;
            const Py_ssize_t a = i - lex_near > 0 ? i - lex_near : 0;
            const Py_ssize_t b = i + lex_near + 1 < n ? i + lex_near + 1 : n;
            const Py_ssize_t inside = b - a - 1 > 1 ? b - a - 1 : 1;
            lx[3] = (sums[b] - sums[a] - logit) / (double)inside;
            lx[4] = log1p(measured[2 * i + 1]);
        }
    }
    /* The first stage: rows of x's columns then the lexical ones, ROWS at a time. */
    const Py_ssize_t first_dims = d + lex;
    for (Py_ssize_t lo = 0; lo < n; lo += ROWS) {
        const Py_ssize_t count = n - lo < ROWS ? n - lo : ROWS;
        for (Py_ssize_t r = 0; r < count; r++) {
            double *row = rows + r * first_dims;
            memcpy(row, x + (lo + r) * d, (size_t)d * sizeof(double));
            memcpy(row + d, lexical + (lo + r) * lex, (size_t)lex * sizeof(double));
        }
        score_rows(first, rows, count, p + lo, scratch, nonzero);
    }
    if (second == NULL) {
        memcpy(out, p, (size_t)n * sizeof(double));
        result = Py_NewRef(Py_True);
        goto done;
    }
    /* The second stage: the same columns, then the stacked features of the first stage's
     * scores (the Stacker, as stacked makes them for training). */
    Stacker stacker;
    stacker_begin(&stacker, x, d, p, n, prose_col, near, far, reach, sums);
    for (Py_ssize_t lo = 0; lo < n; lo += ROWS) {
        const Py_ssize_t count = n - lo < ROWS ? n - lo : ROWS;
        for (Py_ssize_t r = 0; r < count; r++) {
            const Py_ssize_t i = lo + r;
            double *row = rows + r * dims;
            memcpy(row, x + i * d, (size_t)d * sizeof(double));
            memcpy(row + d, lexical + i * lex, (size_t)lex * sizeof(double));
            stacker_next(&stacker, row + first_dims);
        }
        score_rows(second, rows, count, out + lo, scratch, nonzero);
    }
    result = Py_NewRef(Py_True);
done:
    PyMem_Free(work);
    PyMem_Free(nonzero);
    PyBuffer_Release(&x_b);
    PyBuffer_Release(&out_b);
    if (measured_b.obj != NULL) {
        PyBuffer_Release(&measured_b);
    }
    return result;
}

/* measure_tokens(owner, hashes, count, weights, bits, bias, out): Lexicon.measure_tokens
 * with owner (the tokens' blocks) and count (n) as int64 and hashes as uint64, each
 * token's bucket its hash's top `bits` bits (cleaner.features.lexical_buckets); out (n, 2)
 * gets each block's logit and token count. The same bits as numpy. */
static PyObject *
measure_tokens(PyObject *self, PyObject *args)
{
    Py_buffer owner_b, hashes_b, count_b, weights_b, out_b;
    int bits;
    double bias;
    if (!PyArg_ParseTuple(args, "y*y*y*y*idw*", &owner_b, &hashes_b, &count_b, &weights_b,
                          &bits, &bias, &out_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    const Py_ssize_t tokens = owner_b.len / 8, n = count_b.len / 8;
    if (owner_b.len % 8 || hashes_b.len != owner_b.len || count_b.len % 8 || bits < 1 ||
        bits > 30 || weights_b.len != ((Py_ssize_t)8 << bits) || out_b.len != n * 2 * 8) {
        PyErr_SetString(PyExc_ValueError, "measure_tokens: buffers of the wrong size");
        goto done;
    }
    const int64_t *owner = owner_b.buf, *count = count_b.buf;
    const uint64_t *hashes = hashes_b.buf;
    const double *weights = weights_b.buf;
    double *out = out_b.buf;
    for (Py_ssize_t i = 0; i < n; i++) {
        out[2 * i] = 0.0;
    }
    /* Summed token by token, in order, as numpy.bincount sums its weights. */
    for (Py_ssize_t t = 0; t < tokens; t++) {
        if (owner[t] < 0 || owner[t] >= n) {
            PyErr_SetString(PyExc_ValueError, "measure_tokens: a token of no block");
            goto done;
        }
        out[2 * owner[t]] += weights[hashes[t] >> (64 - bits)];
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        const double c = (double)count[i];
        out[2 * i] = out[2 * i] / sqrt(c > 1.0 ? c : 1.0) + bias;
        out[2 * i + 1] = c;
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&owner_b);
    PyBuffer_Release(&hashes_b);
    PyBuffer_Release(&count_b);
    PyBuffer_Release(&weights_b);
    PyBuffer_Release(&out_b);
    return result;
}

static PyMethodDef methods[] = {
    {"stage", stage, METH_VARARGS,
     "stage(mean, std, side_by_side, b1, w2, b2, members): one scorer stage's weights, "
     "laid out for document (None: numpy scores)."},
    {"rows", rows, METH_VARARGS,
     "rows(stage, inputs, out): one stage's P(main) of each row of inputs."},
    {"stacked", stacked, METH_VARARGS,
     "stacked(x, p, prose_column, near, far, reach, out): the second stage's stacked "
     "features of x's rows and scores p (after x's columns when out is wider), as document "
     "makes them."},
    {"document", document, METH_VARARGS,
     "document(first, second, x, measured, prose_column, lex_near, near, far, reach, out): "
     "a document's P(main) per block; False when an input is not finite."},
    {"measure_tokens", measure_tokens, METH_VARARGS,
     "measure_tokens(owner, hashes, count, weights, bits, bias, out): "
     "Lexicon.measure_tokens."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaner._scorer",
    "The compiled twin of the learned block scorer (see cleaner/_scorer.c).", -1, methods,
};

PyMODINIT_FUNC
PyInit__scorer(void)
{
    return PyModule_Create(&module);
}
