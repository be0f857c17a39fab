/* The compiled twin of cleaner.features.lexical_tokens_plain: the scorer lexicon's tokens
 * of a document's blocks, hashed in one pass over the characters (numpy needs a dozen).
 * The same bits as the numpy definition: each token's hash is the sum of (c + 1) * BASE**k
 * over its characters (c from the chars table, k its place in the token) modulo 2**64,
 * then mixed; the tokens come in the same order (words, word pairs, first words, last
 * words). Built by setup.py as its own optional extension (cleaner._lexical). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

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
    Py_ssize_t total_chars = 0;
    for (Py_ssize_t b = 0; b < n; b++) {
        PyObject *text = PyList_GET_ITEM(texts, b);
        if (!PyUnicode_Check(text) || PyUnicode_READY(text) < 0) {
            PyErr_Clear();
            result = Py_NewRef(Py_None);
            goto done;
        }
        total_chars += PyUnicode_GET_LENGTH(text);
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

static PyMethodDef methods[] = {
    {"lexical_tokens", lexical_tokens, METH_VARARGS,
     "lexical_tokens(texts, chars, unspaced, words, base, bigram_salt, first_salt, last_salt): "
     "the blocks' token owners, hashes and counts as bytes; None: use numpy."},
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
