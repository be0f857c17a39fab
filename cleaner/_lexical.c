/* The compiled twin of cleaner.features.lexical_tokens_plain: the scorer lexicon's tokens
 * of a document's blocks, hashed in one pass over the characters (numpy needs a dozen).
 * The same bits as the numpy definition: each token's hash is the sum of (c + 1) * BASE**k
 * over its characters (c from the chars table, k its place in the token) modulo 2**64,
 * then mixed; the tokens come in the same order (words, word pairs, first words, last
 * words). Also lexical_measure: cleaner.scorer.Lexicon.measure in the same pass, each
 * block's tokens summed as they are hashed (its twin: Lexicon.measure_plain). Built by
 * setup.py as its own optional extension (cleaner._lexical). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* No fused multiply-adds: lexical_measure's weights must be numpy's bits. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#define TABLE_SIZE 0x10000

static uint64_t
mixed(uint64_t h)
{
    h ^= h >> 31;
    h *= UINT64_C(0x9E3779B97F4A7C15);
    return h ^ (h >> 29);
}

/* lexical_tokens(texts, chars, unspaced, words, base, bigram_salt, first_salt, last_salt)
 * -> (owner, hashes, count) as bytes of int64 / uint64 / int64, or None when an item of
 * texts is not a str (then numpy does). chars: uint64 per BMP code point; unspaced, words:
 * one byte per BMP code point. */
/* The total and the longest length of a list's texts; 0 (no error set) when an item is
 * not a ready str, which the callers answer with None: the plain twin measures. */
static int
measure_texts(PyObject *texts, Py_ssize_t *total, Py_ssize_t *longest)
{
    *total = *longest = 0;
    for (Py_ssize_t b = 0; b < PyList_GET_SIZE(texts); b++) {
        PyObject *text = PyList_GET_ITEM(texts, b);
        if (!PyUnicode_Check(text) || PyUnicode_READY(text) < 0) {
            PyErr_Clear();
            return 0;
        }
        const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
        *total += length;
        if (length > *longest) {
            *longest = length;
        }
    }
    return 1;
}

static PyObject *
lexical_tokens(PyObject *self, PyObject *args)
{
    PyObject *texts;
    Py_buffer chars_b, unspaced_b, words_b;
    unsigned long long base, bigram_salt, first_salt, last_salt;
    if (!PyArg_ParseTuple(args, "O!y*y*y*KKKK", &PyList_Type, &texts, &chars_b, &unspaced_b,
                          &words_b, &base, &bigram_salt, &first_salt, &last_salt)) {
        return NULL;
    }
    PyObject *result = NULL;
    uint64_t *word_hashes = NULL;
    int64_t *word_owner = NULL, *per_block = NULL;
    if (chars_b.len != TABLE_SIZE * 8 || unspaced_b.len != TABLE_SIZE ||
        words_b.len != TABLE_SIZE) {
        PyErr_SetString(PyExc_ValueError, "lexical_tokens: tables of the wrong size");
        goto done;
    }
    const uint64_t *chars = chars_b.buf;
    const unsigned char *unspaced_table = unspaced_b.buf, *word_table = words_b.buf;
    const Py_ssize_t n = PyList_GET_SIZE(texts);
    Py_ssize_t total_chars, longest;
    if (!measure_texts(texts, &total_chars, &longest)) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    /* At most one word per character. */
    word_hashes = PyMem_Malloc(sizeof(uint64_t) * (size_t)(total_chars + 1));
    word_owner = PyMem_Malloc(sizeof(int64_t) * (size_t)(total_chars + 1));
    per_block = PyMem_Calloc((size_t)n + 1, sizeof(int64_t));
    if (word_hashes == NULL || word_owner == NULL || per_block == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t words = 0, filled_blocks = 0;
    for (Py_ssize_t b = 0; b < n; b++) {
        PyObject *text = PyList_GET_ITEM(texts, b);
        const int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        const Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        int in_word = 0, prev_unspaced = 0;
        uint64_t h = 0, power = 1;
        for (Py_ssize_t i = 0; i < len; i++) {
            const Py_UCS4 cp = PyUnicode_READ(kind, data, i);
            const Py_UCS4 at = cp > 0xFFFF ? 0xFFFF : cp;
            const int is_word = cp > 0xFFFF ? Py_UNICODE_ISALNUM(cp) != 0 : word_table[at] != 0;
            const int is_unspaced = is_word && unspaced_table[at];
            if (is_word && (!in_word || is_unspaced || prev_unspaced)) {
                if (in_word) { /* the word so far ends here */
                    word_hashes[words] = mixed(h);
                    word_owner[words++] = b;
                }
                h = 0;
                power = 1;
            }
            else if (!is_word && in_word) {
                word_hashes[words] = mixed(h);
                word_owner[words++] = b;
            }
            if (is_word) {
                h += (chars[at] + 1) * power;
                power *= base;
            }
            in_word = is_word;
            prev_unspaced = is_unspaced;
        }
        if (in_word) {
            word_hashes[words] = mixed(h);
            word_owner[words++] = b;
        }
    }
    for (Py_ssize_t k = 0; k < words; k++) {
        per_block[word_owner[k]]++;
    }
    for (Py_ssize_t b = 0; b < n; b++) {
        filled_blocks += per_block[b] > 0;
    }
    const Py_ssize_t tokens = words + (words - filled_blocks) + 2 * filled_blocks;
    PyObject *owner_out = PyBytes_FromStringAndSize(NULL, tokens * 8);
    PyObject *hash_out = PyBytes_FromStringAndSize(NULL, tokens * 8);
    PyObject *count_out = PyBytes_FromStringAndSize(NULL, n * 8);
    if (owner_out == NULL || hash_out == NULL || count_out == NULL) {
        Py_XDECREF(owner_out);
        Py_XDECREF(hash_out);
        Py_XDECREF(count_out);
        goto done;
    }
    int64_t *owner = (int64_t *)PyBytes_AS_STRING(owner_out);
    uint64_t *hashes = (uint64_t *)PyBytes_AS_STRING(hash_out);
    int64_t *count = (int64_t *)PyBytes_AS_STRING(count_out);
    memcpy(owner, word_owner, sizeof(int64_t) * (size_t)words);
    memcpy(hashes, word_hashes, sizeof(uint64_t) * (size_t)words);
    Py_ssize_t at = words;
    for (Py_ssize_t k = 0; k + 1 < words; k++) { /* pairs of words of one block */
        if (word_owner[k] == word_owner[k + 1]) {
            owner[at] = word_owner[k];
            hashes[at++] = mixed(word_hashes[k] * base + (word_hashes[k + 1] ^ bigram_salt));
        }
    }
    for (Py_ssize_t k = 0; k < words; k++) { /* first words */
        if (k == 0 || word_owner[k - 1] != word_owner[k]) {
            owner[at] = word_owner[k];
            hashes[at++] = mixed(word_hashes[k] ^ first_salt);
        }
    }
    for (Py_ssize_t k = 0; k < words; k++) { /* last words */
        if (k + 1 == words || word_owner[k + 1] != word_owner[k]) {
            owner[at] = word_owner[k];
            hashes[at++] = mixed(word_hashes[k] ^ last_salt);
        }
    }
    for (Py_ssize_t b = 0; b < n; b++) {
        count[b] = per_block[b] > 0 ? 2 * per_block[b] + 1 : 0;
    }
    result = Py_BuildValue("(NNN)", owner_out, hash_out, count_out);
done:
    PyMem_Free(word_hashes);
    PyMem_Free(word_owner);
    PyMem_Free(per_block);
    PyBuffer_Release(&chars_b);
    PyBuffer_Release(&unspaced_b);
    PyBuffer_Release(&words_b);
    return result;
}

/* lexical_measure: Lexicon.measure (cleaner.scorer) in one pass, without laying out the
 * tokens: per block its words' hashes (as lexical_tokens makes them), then the sum of its
 * tokens' bucket weights in lexical_tokens' order (its words, its word pairs, its first
 * word, its last word: the order numpy.bincount meets a block's tokens in), over the
 * square root of its token count, plus the bias. The same bits as
 * Lexicon.measure_tokens(*lexical_tokens(texts)). */

/* The packed table: per BMP code point its token character (low 16 bits), whether it is
 * a word character and whether it is of a script without spaces. */
#define PACKED_WORD (UINT32_C(1) << 16)
#define PACKED_UNSPACED (UINT32_C(1) << 17)
#define PACKED_CHAR 0xFFFFu

struct measure_args {
    const uint32_t *packed;
    uint64_t base, bigram_salt, first_salt, last_salt;
    const double *weights; /* float64 weights, or NULL: levels * scale */
    const int16_t *levels;
    double scale;
    int shift; /* 64 - bits: a hash's bucket is its top bits */
};

static inline double
bucket_weight(const struct measure_args *a, uint64_t hash)
{
    const uint64_t bucket = hash >> a->shift;
    /* (double)level * scale: the product numpy forms when it reads the weights as
     * float64 integers times the scale (one rounding; no fused multiply-add here). */
    return a->weights != NULL ? a->weights[bucket] : (double)a->levels[bucket] * a->scale;
}

/* One block's words' hashes into hashes (room for len + 1 of them); returns their number.
 * powers[k] is base**k modulo 2**64, for k up to len. The same hashes as lexical_tokens'
 * loop, without its branches: every character writes the hash so far at hashes[words] and
 * a word's end moves words on (a page's words are short, and a branch per word boundary is
 * mispredicted about once a word); a word's k-th character adds (c + 1) * powers[k], so no
 * multiplication chains from character to character. The hashes are mixed after the loop. */
#define DEFINE_BLOCK_WORDS(NAME, CHAR_T)                                                      \
    static Py_ssize_t NAME(const CHAR_T *s, Py_ssize_t len, const struct measure_args *a,     \
                           const uint64_t *powers, uint64_t *hashes)                          \
    {                                                                                         \
        Py_ssize_t words = 0, at = 0;                                                         \
        uint64_t in_word = 0, prev_unspaced = 0, h = 0;                                       \
        const uint32_t *packed = a->packed;                                                   \
        for (Py_ssize_t i = 0; i < len; i++) {                                                \
            const Py_UCS4 cp = s[i];                                                          \
            const uint32_t entry = packed[cp > 0xFFFF ? 0xFFFF : cp];                         \
            const uint64_t is_word = cp > 0xFFFF ? (uint64_t)(Py_UNICODE_ISALNUM(cp) != 0)    \
                                                 : (uint64_t)((entry >> 16) & 1);             \
            const uint64_t is_unspaced = is_word & ((entry >> 17) & 1);                       \
            const uint64_t start = is_word & ((in_word ^ 1) | is_unspaced | prev_unspaced);   \
            hashes[words] = h;                                                                \
            words += (Py_ssize_t)(in_word & ((is_word ^ 1) | start)); /* a word ended */      \
            h &= start - 1;            /* a word starts: 0 */                                 \
            at &= -(Py_ssize_t)(start ^ 1);                                                   \
            h += (((uint64_t)(entry & PACKED_CHAR) + 1) * powers[at]) & (0 - is_word);        \
            at += (Py_ssize_t)is_word;                                                        \
            in_word = is_word;                                                                \
            prev_unspaced = is_unspaced;                                                      \
        }                                                                                     \
        hashes[words] = h;                                                                    \
        words += (Py_ssize_t)in_word;                                                         \
        for (Py_ssize_t k = 0; k < words; k++) {                                              \
            hashes[k] = mixed(hashes[k]);                                                     \
        }                                                                                     \
        return words;                                                                         \
    }

/* block_words_1 for Latin-1 texts when no Latin-1 character is of a script without spaces:
 * the same hashes from two 256-entry tables (value[c]: c's token character + 1 for a word
 * character, else 0; word[c]: whether it is one), fewer operations a character. */
static Py_ssize_t
block_words_latin1(const Py_UCS1 *s, Py_ssize_t len, const uint64_t *value,
                   const unsigned char *word, const uint64_t *powers, uint64_t *hashes)
{
    Py_ssize_t words = 0;
    uint64_t in_word = 0, h = 0, at = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        const Py_UCS1 c = s[i];
        const uint64_t is_word = word[c];
        const uint64_t keep = (is_word & (in_word ^ 1)) - 1; /* a word starts: 0, else ~0 */
        hashes[words] = h;
        words += (Py_ssize_t)(in_word & (is_word ^ 1)); /* a word ended */
        at = (at + 1) & keep; /* the character's place in its word (any outside words) */
        h = (h & keep) + value[c] * powers[at];
        in_word = is_word;
    }
    hashes[words] = h;
    words += (Py_ssize_t)in_word;
    for (Py_ssize_t k = 0; k < words; k++) {
        hashes[k] = mixed(hashes[k]);
    }
    return words;
}

DEFINE_BLOCK_WORDS(block_words_1, Py_UCS1)
DEFINE_BLOCK_WORDS(block_words_2, Py_UCS2)
DEFINE_BLOCK_WORDS(block_words_4, Py_UCS4)

/* lexical_measure(texts, packed, base, bigram_salt, first_salt, last_salt, weights, scale,
 *                 bits, bias, out[, same]) -> True, or None when an item of texts is not a str (then
 * the tokens are laid out). packed: uint32 per BMP code point (PACKED_*); weights: float64
 * (scale unused) or int16 levels (each weight level * scale), 2**bits of them; out: float64
 * (len(texts), 2), each block's logit and token count. */
static PyObject *
lexical_measure(PyObject *self, PyObject *args)
{
    PyObject *texts;
    Py_buffer packed_b, weights_b, out_b, same_b = {0};
    unsigned long long base, bigram_salt, first_salt, last_salt;
    double scale, bias;
    int bits;
    if (!PyArg_ParseTuple(args, "O!y*KKKKy*didw*|y*", &PyList_Type, &texts, &packed_b, &base,
                          &bigram_salt, &first_salt, &last_salt, &weights_b, &scale, &bits,
                          &bias, &out_b, &same_b)) {
        return NULL;
    }
    PyObject *result = NULL;
    uint64_t *hashes = NULL, *powers = NULL;
    const Py_ssize_t n = PyList_GET_SIZE(texts);
    struct measure_args a = {packed_b.buf, base, bigram_salt, first_salt, last_salt,
                             NULL,         NULL, scale,       64 - bits};
    if (bits < 1 || bits > 30) {
        PyErr_SetString(PyExc_ValueError, "lexical_measure: bits out of range");
        goto done;
    }
    if (weights_b.len == ((Py_ssize_t)8 << bits)) {
        a.weights = weights_b.buf;
    }
    else if (weights_b.len == ((Py_ssize_t)2 << bits)) {
        a.levels = weights_b.buf;
    }
    if (packed_b.len != TABLE_SIZE * 4 || (a.weights == NULL && a.levels == NULL) ||
        out_b.len != n * 2 * 8) {
        PyErr_SetString(PyExc_ValueError, "lexical_measure: buffers of the wrong size");
        goto done;
    }
    /* same (optional, intp per block): a block whose text equals this one's, itself measured
     * (same[same[b]] == same[b]); a block with same[b] != b takes that block's row. */
    const Py_ssize_t *same = NULL;
    if (same_b.buf != NULL) {
        if (same_b.len != n * (Py_ssize_t)sizeof(Py_ssize_t)) {
            PyErr_SetString(PyExc_ValueError, "lexical_measure: same of the wrong size");
            goto done;
        }
        same = same_b.buf;
        for (Py_ssize_t b = 0; b < n; b++) {
            if (same[b] < 0 || same[b] >= n || same[same[b]] != same[b]) {
                PyErr_SetString(PyExc_ValueError, "lexical_measure: same is not a block's own");
                goto done;
            }
        }
    }
    Py_ssize_t total_chars, longest;
    if (!measure_texts(texts, &total_chars, &longest)) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    /* At most one word per character. */
    hashes = PyMem_Malloc(sizeof(uint64_t) * (size_t)(longest + 1));
    powers = PyMem_Malloc(sizeof(uint64_t) * (size_t)(longest + 1));
    if (hashes == NULL || powers == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    /* Latin-1 texts read no script without spaces (its letters are all above U+0E00), unless
     * the table says otherwise: then their loop reads the flag too. */
    int latin1_spaced = 1;
    uint64_t latin1_value[256];
    unsigned char latin1_word[256];
    for (int c = 0; c < 256; c++) {
        if (a.packed[c] & PACKED_UNSPACED) {
            latin1_spaced = 0;
        }
        latin1_word[c] = (a.packed[c] & PACKED_WORD) != 0;
        latin1_value[c] = latin1_word[c] ? (uint64_t)(a.packed[c] & PACKED_CHAR) + 1 : 0;
    }
    powers[0] = 1;
    for (Py_ssize_t k = 1; k <= longest; k++) {
        powers[k] = powers[k - 1] * base;
    }
    double *out = out_b.buf;
    for (Py_ssize_t b = 0; b < n; b++) {
        if (same != NULL && same[b] != b) {
            continue; /* an equal text's row, copied below */
        }
        PyObject *text = PyList_GET_ITEM(texts, b);
        const void *data = PyUnicode_DATA(text);
        const Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        Py_ssize_t words;
        switch (PyUnicode_KIND(text)) {
        case PyUnicode_1BYTE_KIND:
            words = latin1_spaced
                        ? block_words_latin1(data, len, latin1_value, latin1_word, powers, hashes)
                        : block_words_1(data, len, &a, powers, hashes);
            break;
        case PyUnicode_2BYTE_KIND:
            words = block_words_2(data, len, &a, powers, hashes);
            break;
        default:
            words = block_words_4(data, len, &a, powers, hashes);
            break;
        }
        double total = 0.0;
        for (Py_ssize_t k = 0; k < words; k++) {
            total += bucket_weight(&a, hashes[k]);
        }
        for (Py_ssize_t k = 0; k + 1 < words; k++) {
            total += bucket_weight(&a, mixed(hashes[k] * base + (hashes[k + 1] ^ bigram_salt)));
        }
        if (words > 0) {
            total += bucket_weight(&a, mixed(hashes[0] ^ first_salt));
            total += bucket_weight(&a, mixed(hashes[words - 1] ^ last_salt));
        }
        const double count = words > 0 ? (double)(2 * words + 1) : 0.0;
        out[2 * b] = total / sqrt(count > 1.0 ? count : 1.0) + bias;
        out[2 * b + 1] = count;
    }
    for (Py_ssize_t b = 0; same != NULL && b < n; b++) {
        out[2 * b] = out[2 * same[b]];
        out[2 * b + 1] = out[2 * same[b] + 1];
    }
    result = Py_NewRef(Py_True);
done:
    PyMem_Free(hashes);
    PyMem_Free(powers);
    PyBuffer_Release(&packed_b);
    PyBuffer_Release(&weights_b);
    PyBuffer_Release(&out_b);
    if (same_b.buf != NULL) {
        PyBuffer_Release(&same_b);
    }
    return result;
}

static PyMethodDef methods[] = {
    {"lexical_tokens", lexical_tokens, METH_VARARGS,
     "lexical_tokens(texts, chars, unspaced, words, base, bigram_salt, first_salt, last_salt): "
     "the blocks' token owners, hashes and counts as bytes; None: use numpy."},
    {"lexical_measure", lexical_measure, METH_VARARGS,
     "lexical_measure(texts, packed, base, bigram_salt, first_salt, last_salt, weights, scale, "
     "bits, bias, out[, same]): Lexicon.measure in one pass (same: per block, an equal "
     "text's block, whose row it takes); None: lay the tokens out."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaner._lexical",
    "The compiled twin of cleaner.features.lexical_tokens_plain (see cleaner/_lexical.c).", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__lexical(void)
{
    return PyModule_Create(&module);
}
