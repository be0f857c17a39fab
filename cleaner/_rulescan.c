/* The rule scan's prefilter (cleaner.rules.prefilter): which lines each rule may match;
 * and the scan itself (hits): each candidate line decided by its rules' automata
 * (cleaner.rules.automaton, run as lazily built DFAs; see "Automata" below), the regex
 * engine only for what they cannot tell.
 *
 * compile(packed) reads and checks a program once (a capsule); candidates(text, blocks,
 * program) reads text one line at a time, each character lower-cased as str.lower does
 * it (one character at a time: a text holding U+0130, which lower-cases to two
 * characters, is handed back), and returns, per non-blank line where some rule meets
 * all its necessary conditions (length, prefix, suffix, strings), (block index, mask of
 * the rules, whether the line has blanks around its block). It returns None when blocks
 * are not the text's trimmed non-blank lines. candidates(text, blocks, program, risky)
 * reads such a text too: the lines holding a character of the bitmap `risky` (made by
 * risky_map; U+0130 among them) are left to the caller, their block indices listed
 * apart. Its plain twins are cleaner.rules.prefilter.candidates_plain and risky_map_plain;
 * tests/test_rulescan.py checks that both give the same answers. Cost: linear in the
 * text (a bounded walk per character).
 *
 * Per line, the cheap conditions first: its length (a table), the rules its first and
 * last two characters may begin a prefix (suffix) with (tables built from the tries),
 * then its required strings, then the prefix and suffix walks for the rules left, each
 * path followed only while one of those rules lies ahead. The strings are found in one
 * pass over the line: each character's class (below U+0100 its lower case; past it one
 * class for the characters lower-casing into a string's anchor, another for the rest)
 * hashed with the two before it, a bit per hash telling whether some string's anchor
 * (its rarest three characters, prefilter.anchor_of) ends there; only then are the
 * strings of that anchor compared whole. Every table holds a superset of what the
 * exact reading it stands before would keep: the answers do not depend on them.
 *
 * The packed program (prefilter._pack) is one array of int64:
 *   header [16]: the H_* slots below (counts, offsets, the rules each condition applies to);
 *   rules: the longest core each may match (max_chars);
 *   nodes of the two tries (root 0: prefixes, root 1: suffixes), level by level:
 *       (first edge, class edges, literal edges, rules accepted here, loop class);
 *   edges: (atom, child), per node the classes (negative atoms) first, then the literals
 *       in ascending order;
 *   one-character strings: (code point, rules of the first set, of the second set);
 *   anchors: per longer string, the index of its anchor's first character;
 *   longer strings: (offset of its code points, length, rules of the first set, of the
 *       second set), then the code points.
 * Whitespace is Py_UNICODE_ISSPACE and digits Py_UNICODE_ISDECIMAL: what the re
 * module's \s and \d read.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum {
    H_RULES = 0,
    H_NODES = 1,
    H_HAS_PREFIX = 2, /* then 3, 4: the rules with a first, a second set of strings */
    H_RULE_AT = 5,
    H_NODE_AT = 6,
    H_EDGE_AT = 7,
    H_SINGLES = 8,
    H_SINGLE_AT = 9,
    H_LONGER = 10,
    H_LONGER_AT = 11,
    H_HAS_SUFFIX = 12,
    H_ANCHOR_AT = 13,
    HEADER = 16,
};
enum { A_BLANK = -1, A_DIGIT = -2, A_ANY = -3, A_BLANKS = -4, A_DIGITS = -5, A_EOL = -6 };
enum { LOOP_BLANKS = 1, LOOP_DIGITS = 2 };
/* Trie states alive at once; with more (never seen), every prefix counts as met. */
#define MAX_ACTIVE 64
#define MAX_RULES 64
#define LATIN 256 /* characters below it lower-case below it: a class each */
/* The class of the characters past LATIN that lower-case into a string's anchor (the
 * others: OTHER_CLASS, which no anchor holds unless a string names U+0001). */
#define WIDE_CLASS 0
#define OTHER_CLASS 1
/* Characters past LATIN that may lower-case into an anchor: a bit each by their low 16
 * bits (a hash small enough to stay in the cache; a bit set only leads to a check). */
#define WIDE_BITS 0x10000
#define ANCHOR_WIDTH 3 /* an anchor's characters (prefilter.ANCHOR_WIDTH) */
#define ANY_TRIPLE UINT32_MAX
/* A bit per hash of three classes: the last shifted in TRIPLE_SHIFT bits at a time,
 * the one three back shifted out of TRIPLE_MASK (a rolling hash, one shift and one xor
 * per character). */
#define TRIPLE_SHIFT 5
#define TRIPLE_MASK 0x7FFF
#define TRIPLES (TRIPLE_MASK + 1)
#define ASCII 128
#define SHORT_LINE 1023 /* lines this long or shorter find their rules in a table */
#define RISKY_BYTES (0x110000 / 8) /* a bitmap of every code point */

/* The trie, compacted from the packed program when it is compiled: what a line's walk
 * reads stays in few cache lines. */
typedef struct {
    uint64_t accept;    /* the rules whose prefix (suffix) ends here */
    uint64_t below;     /* the rules accepted here or at a node below */
    /* A node with one edge, a literal (most below the first levels): its character and
     * child, read without a look at the edges; only_child -1 otherwise. */
    int32_t only_atom, only_child;
    int32_t first_edge; /* its edges: the classes, then the literals ascending */
    uint16_t literals;
    uint8_t classes;
    uint8_t loop; /* a run's node repeats its class: LOOP_BLANKS, LOOP_DIGITS */
} Node;

typedef struct {
    int32_t atom; /* a code point, or a class (negative) */
    int32_t child;
} Edge;

/* A required string, found at its anchor (prefilter.anchor_of): a pair of neighbouring
 * characters (or the one character of a one-character string), the whole string then
 * compared around it. */
typedef struct {
    const int64_t *chars; /* its code points, lower case */
    int64_t length;
    int64_t last; /* the index of its anchor's last character */
    uint64_t rules; /* first | second */
    uint64_t first, second; /* the rules whose first, second set holds it */
    uint32_t triple; /* the hash of its anchor's three classes, or ANY_TRIPLE (shorter) */
} Needle;

typedef struct {
    PyObject *packed; /* the bytes every pointer below reads */
    const int64_t *w;
    Py_ssize_t size;
    int rules;
    Py_ssize_t nodes;
    const int64_t *max_chars, *single, *longer;
    Node *node;
    Edge *edge;
    Py_ssize_t singles, longers;
    /* rules with a prefix, a first set of strings, a second set, a suffix */
    uint64_t has[4];
    int64_t prefix_chars, string_chars;
    /* The rules' distinct length limits, ascending, and the rules within each. */
    int64_t limit[MAX_RULES];
    uint64_t within[MAX_RULES];
    int limits;
    /* For a line of at most SHORT_LINE characters, the index of the least limit that
     * holds it (limits when none): rules_of_length without a search. */
    uint8_t limit_of[SHORT_LINE + 1];
    int32_t root_child[2][128]; /* the roots' literal edges, by ASCII character */
    /* Per root and character below LATIN (as read, lowered here), the rules whose prefix
     * (suffix) may begin with it: a line's first (last) character mostly ends the walk. */
    uint64_t first_step[2][LATIN];
    /* The same after two ASCII characters (as read):
     * second_mask[second_step[root][c0 << 7 | c1]], the few distinct masks numbered (a
     * table a quarter of the masks' size, which a line's two look-ups find in cache more
     * often). */
    uint16_t (*second_step)[ASCII * ASCII];
    uint64_t *second_mask;
    /* The strings (the singles, then the longer ones). The one-character ones past LATIN
     * by class: their indices needle_of[class_at[k]..class_at[k + 1]). The longer ones by
     * the hash of their anchor's last three classes (triple_of; every class before a
     * two-character anchor): their indices bucket[bucket_at[h]..bucket_at[h + 1]), so a
     * character whose hash is set compares just the strings that may end there. */
    Needle *needle;
    Py_ssize_t needles;
    uint32_t *needle_of;
    uint32_t *key_of; /* needle_of's needles' triples, side by side: read before a needle */
    uint32_t class_at[LATIN + 1];
    uint32_t *bucket_at; /* TRIPLES + 1 entries */
    uint32_t *bucket;
    /* The hashes of the three classes that end an anchor (after any class for a
     * two-character string), and the classes of the one-character strings. */
    uint64_t triple[TRIPLES / 64];
    uint8_t solo[LATIN];
    /* The one-character strings below LATIN (past the two classes' codes), by character:
     * the rules of their first and second sets, met wherever the character is. */
    uint64_t solo_first[LATIN], solo_second[LATIN];
    uint64_t wide[WIDE_BITS / 64]; /* characters past LATIN that may be WIDE_CLASS */
    uint8_t latin_class[LATIN];    /* a character's below LATIN: its lower case */
    Py_UCS4 *wide_char;            /* the anchors' characters past LATIN */
    Py_ssize_t wide_chars;
} Program;

#define PROGRAM_CAPSULE "cleaner._rulescan.Program"

static inline Py_UCS4
lower1(Py_UCS4 c)
{
    if (c < 128) {
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    }
    return Py_UNICODE_TOLOWER(c);
}

static inline int
is_digit(Py_UCS4 c)
{
    return c < 128 ? (c >= '0' && c <= '9') : Py_UNICODE_ISDECIMAL(c);
}

/* The rules whose matches may be this long: those within the least limit >= chars. */
static inline uint64_t
rules_of_length(const Program *p, int64_t chars)
{
    if (chars <= SHORT_LINE) {
        const int k = p->limit_of[chars];
        return k < p->limits ? p->within[k] : 0;
    }
    int lo = 0, hi = p->limits;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (p->limit[mid] < chars) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    return lo < p->limits ? p->within[lo] : 0;
}

static void
release(Program *p)
{
    PyMem_Free(p->needle);
    PyMem_Free(p->second_step);
    PyMem_Free(p->second_mask);
    PyMem_Free(p->wide_char);
    PyMem_Free(p->needle_of);
    PyMem_Free(p->key_of);
    PyMem_Free(p->bucket_at);
    PyMem_Free(p->bucket);
    PyMem_Free(p->node);
    PyMem_Free(p->edge);
    PyMem_Free(p);
}

static void
free_program(PyObject *capsule)
{
    Program *p = PyCapsule_GetPointer(capsule, PROGRAM_CAPSULE);
    if (p != NULL) {
        Py_XDECREF(p->packed);
        release(p);
    }
}

static inline int
atom_holds(int32_t atom, Py_UCS4 c)
{
    switch (atom) {
    case A_BLANK:
    case A_BLANKS:
        return c != '\n' && Py_UNICODE_ISSPACE(c);
    case A_DIGIT:
    case A_DIGITS:
        return is_digit(c);
    case A_ANY:
        return c != '\n';
    default:
        return 0; /* A_EOL: the line's end, not a character */
    }
}

static inline int
add_state(Py_ssize_t *states, int *count, Py_ssize_t state, uint64_t *met, const Program *p,
          uint64_t want)
{
    if ((p->node[state].below & want) == 0) {
        return 0; /* no rule wanted can be met from there */
    }
    for (int k = 0; k < *count; k++) {
        if (states[k] == state) {
            return 0;
        }
    }
    if (*count >= MAX_ACTIVE) {
        return -1;
    }
    states[(*count)++] = state;
    *met |= p->node[state].accept;
    return 0;
}

/* One step of a walk: the states `next` reached from `now` on the (lower-case)
 * character c from which some rule of `want` may still be met, their rules added to
 * met; their count, or -1 when too many. */
static inline int
walk_step(const Program *p, int root, const Py_ssize_t *now, int count, Py_UCS4 c,
          Py_ssize_t *next, uint64_t *met, uint64_t want)
{
    int next_count = 0;
    for (int k = 0; k < count; k++) {
        const Node *nd = p->node + now[k];
        if (nd->only_child >= 0) {
            if (nd->only_atom == (int32_t)c &&
                add_state(next, &next_count, nd->only_child, met, p, want) < 0) {
                return -1;
            }
            continue;
        }
        const Edge *edges = p->edge + nd->first_edge;
        if (nd->loop != 0 && atom_holds(nd->loop == LOOP_BLANKS ? A_BLANK : A_DIGIT, c) &&
            add_state(next, &next_count, now[k], met, p, want) < 0) {
            return -1;
        }
        for (int e = 0; e < nd->classes; e++) {
            if (atom_holds(edges[e].atom, c) &&
                add_state(next, &next_count, edges[e].child, met, p, want) < 0) {
                return -1;
            }
        }
        Py_ssize_t child = -1;
        if (now[k] == root && c < 128) {
            child = p->root_child[root][c];
        }
        else {
            /* The literal edges, ascending: a binary search for c, without branches to
             * mispredict (the halves are chosen by a conditional move). */
            const Edge *lit = edges + nd->classes;
            int n = nd->literals;
            while (n > 1) {
                const int half = n / 2;
                lit = lit[half].atom <= (int32_t)c ? lit + half : lit;
                n -= half;
            }
            if (n == 1 && lit->atom == (int32_t)c) {
                child = lit->child;
            }
        }
        if (child >= 0 && add_state(next, &next_count, child, met, p, want) < 0) {
            return -1;
        }
    }
    return next_count;
}

/* The rules of `want` whose prefixes (root 0, step 1) or suffixes (root 1, step -1) the
 * line's characters begin with, read from `from` (its first or last non-blank) to `stop`
 * (its "\n" or the text's end, or the position before its start): the trie walked as an
 * automaton, every path at once (a run of blanks or digits stays on its node), each path
 * only while a rule of `want` not yet met lies ahead. Rules outside `want` may be left
 * out. */
static inline uint64_t
atoms_met(const Program *p, int root, int kind, const void *data, Py_ssize_t from,
          Py_ssize_t stop, uint64_t want)
{
    const Py_ssize_t step = root == 0 ? 1 : -1;
    Py_ssize_t a[MAX_ACTIVE], b[MAX_ACTIVE];
    Py_ssize_t *now = a, *next = b;
    int count = 1;
    uint64_t met = p->node[root].accept;
    now[0] = root;
    for (Py_ssize_t pos = from; count > 0; pos += step) {
        if (pos == stop) {
            for (int k = 0; k < count; k++) {
                const Node *nd = p->node + now[k];
                const Edge *edges = p->edge + nd->first_edge;
                for (int e = 0; e < nd->classes; e++) {
                    if (edges[e].atom == A_EOL) {
                        met |= p->node[edges[e].child].accept;
                    }
                }
            }
            break;
        }
        if ((want & ~met) == 0) {
            break; /* every rule wanted is met */
        }
        const Py_UCS4 c = lower1(PyUnicode_READ(kind, data, pos));
        count = walk_step(p, root, now, count, c, next, &met, want & ~met);
        if (count < 0) {
            return ~(uint64_t)0;
        }
        Py_ssize_t *swap = now;
        now = next;
        next = swap;
    }
    return met;
}

/* second_step and second_mask from the two steps' masks: each distinct mask numbered
 * (at most 2 * ASCII * ASCII of them: a number fits 16 bits). 0, or -1 without memory. */
static int
number_masks(Program *p, uint64_t (*masks)[ASCII * ASCII])
{
    enum { SLOTS = 4 * ASCII * ASCII }; /* open addressing, at most half full */
    int32_t *slot_of = PyMem_Malloc(SLOTS * sizeof(int32_t));
    p->second_mask = PyMem_Malloc(2 * ASCII * ASCII * sizeof(uint64_t));
    if (slot_of == NULL || p->second_mask == NULL) {
        PyMem_Free(slot_of);
        return -1;
    }
    memset(slot_of, -1, SLOTS * sizeof(int32_t));
    int32_t distinct = 0;
    for (int root = 0; root < 2; root++) {
        for (int k = 0; k < ASCII * ASCII; k++) {
            const uint64_t mask = masks[root][k];
            uint32_t slot = (uint32_t)((mask * 0x9E3779B97F4A7C15ULL) >> 48) % SLOTS;
            while (slot_of[slot] >= 0 && p->second_mask[slot_of[slot]] != mask) {
                slot = (slot + 1) % SLOTS;
            }
            if (slot_of[slot] < 0) {
                slot_of[slot] = distinct;
                p->second_mask[distinct++] = mask;
            }
            p->second_step[root][k] = (uint16_t)slot_of[slot];
        }
    }
    PyMem_Free(slot_of);
    return 0;
}

/* Per root and character below LATIN, the rules whose prefixes (suffixes) may begin
 * with it: the rules accepted anywhere below the root's edges that hold it. The nodes
 * lie level by level (a child after its parent): read backwards, a node's subtree is
 * known before its parent's. 0, or -1 without memory. */
static int
steps_from_roots(Program *p)
{
    uint64_t *below = PyMem_Calloc(p->nodes, sizeof(uint64_t));
    if (below == NULL) {
        return -1;
    }
    for (Py_ssize_t k = p->nodes - 1; k >= 0; k--) {
        const Node *nd = p->node + k;
        below[k] |= nd->accept;
        for (int64_t e = nd->first_edge; e < nd->first_edge + nd->classes + nd->literals; e++) {
            below[k] |= below[p->edge[e].child];
        }
        p->node[k].below = below[k];
    }
    for (int root = 0; root < 2; root++) {
        const Node *nd = p->node + root;
        for (Py_UCS4 c = 0; c < LATIN; c++) {
            const Py_UCS4 lowered = lower1(c);
            uint64_t may = nd->accept;
            if (nd->loop != 0 && atom_holds(nd->loop == LOOP_BLANKS ? A_BLANK : A_DIGIT, lowered)) {
                may |= below[root];
            }
            for (int64_t e = nd->first_edge; e < nd->first_edge + nd->classes + nd->literals;
                 e++) {
                const int32_t atom = p->edge[e].atom;
                if (atom < 0 ? atom_holds(atom, lowered) : atom == (int32_t)lowered) {
                    may |= below[p->edge[e].child];
                }
            }
            p->first_step[root][c] = may;
        }
    }
    /* Two steps walked as the line's walk does: the rules met on the way, and those
     * below the states reached (a state too many: every rule). */
    uint64_t(*masks)[ASCII * ASCII] = PyMem_Calloc(2, sizeof(*masks));
    p->second_step = PyMem_Calloc(2, sizeof(*p->second_step));
    if (masks == NULL || p->second_step == NULL) {
        PyMem_Free(masks);
        PyMem_Free(below);
        return -1;
    }
    for (int root = 0; root < 2; root++) {
        for (Py_UCS4 c0 = 0; c0 < ASCII; c0++) {
            Py_ssize_t start = root, once[MAX_ACTIVE], twice[MAX_ACTIVE];
            uint64_t met_once = p->node[root].accept;
            const int count =
                walk_step(p, root, &start, 1, lower1(c0), once, &met_once, ~(uint64_t)0);
            for (Py_UCS4 c1 = 0; c1 < ASCII; c1++) {
                uint64_t met = met_once;
                const int reached =
                    count < 0 ? -1
                              : walk_step(p, root, once, count, lower1(c1), twice, &met,
                                          ~(uint64_t)0);
                for (int k = 0; k < reached; k++) {
                    met |= below[twice[k]];
                }
                masks[root][c0 << 7 | c1] = reached < 0 ? ~(uint64_t)0 : met;
            }
        }
    }
    PyMem_Free(below);
    const int numbered = number_masks(p, masks);
    PyMem_Free(masks);
    return numbered;
}

/* A character's class: below LATIN its lower case; past it WIDE_CLASS when its lower
 * case is one of the anchors' characters past LATIN, else OTHER_CLASS. */
static inline uint32_t
wide_class(const Program *p, Py_UCS4 c)
{
    if (!(p->wide[(c % WIDE_BITS) / 64] >> (c % 64) & 1)) {
        return OTHER_CLASS;
    }
    const Py_UCS4 lowered = lower1(c);
    if (lowered < LATIN) {
        return lowered;
    }
    for (Py_ssize_t k = 0; k < p->wide_chars; k++) {
        if (p->wide_char[k] == lowered) {
            return WIDE_CLASS;
        }
    }
    return OTHER_CLASS;
}

static inline uint32_t
triple_of(uint32_t a, uint32_t b, uint32_t c)
{
    return ((a << 2 * TRIPLE_SHIFT) ^ (b << TRIPLE_SHIFT) ^ c) & TRIPLE_MASK;
}

/* The class of a string's (lower-case) character. */
static inline uint32_t
char_class(int64_t c)
{
    return c < LATIN ? (uint32_t)c : WIDE_CLASS;
}

/* The hash a string's anchor ends with: its last three classes, or with `first` as the
 * class before a two-character anchor (of which only the low bits shifted in count, so
 * ANY_FIRST values give every hash it can end with). */
#define ANY_FIRST ((TRIPLE_MASK + 1u) >> (2 * TRIPLE_SHIFT))
static inline uint32_t
needle_triple(const Needle *nd, uint32_t first)
{
    return triple_of(nd->last >= 2 ? char_class(nd->chars[nd->last - 2]) : first,
                     char_class(nd->chars[nd->last - 1]), char_class(nd->chars[nd->last]));
}

/* The strings by the class of their anchor's last character, the pairs of classes that
 * end an anchor, and the characters past LATIN that lower-case into an anchor's (a pass
 * over every code point: a few milliseconds, once per program). 0, or -1. */
static inline int
latin_solo(const Needle *nd)
{
    return nd->length == 1 && nd->chars[0] > OTHER_CLASS && nd->chars[0] < LATIN;
}

static int
index_anchors(Program *p)
{
    p->needle_of = PyMem_Calloc(p->needles + 1, sizeof(uint32_t));
    p->key_of = PyMem_Calloc(p->needles + 1, sizeof(uint32_t));
    p->wide_char = PyMem_Calloc(2 * p->needles + 1, sizeof(Py_UCS4));
    p->bucket_at = PyMem_Calloc(TRIPLES + 1, sizeof(uint32_t));
    p->bucket = PyMem_Calloc(ANY_FIRST * p->needles + 1, sizeof(uint32_t));
    if (p->needle_of == NULL || p->key_of == NULL || p->wide_char == NULL ||
        p->bucket_at == NULL || p->bucket == NULL) {
        return -1;
    }
    for (Py_ssize_t k = 0; k < p->needles; k++) {
        Needle *nd = p->needle + k;
        const uint32_t now = char_class(nd->chars[nd->last]);
        if (latin_solo(nd)) {
            p->solo_first[now] |= nd->first;
            p->solo_second[now] |= nd->second;
            p->solo[now] = 1;
            continue;
        }
        nd->triple = nd->last >= 2 ? triple_of(char_class(nd->chars[nd->last - 2]),
                                               char_class(nd->chars[nd->last - 1]), now)
                                   : ANY_TRIPLE;
        if (nd->length == 1) {
            p->class_at[now + 1]++;
            p->solo[now] = 1;
        }
        else {
            for (uint32_t first = 0; first < (nd->last >= 2 ? 1 : ANY_FIRST); first++) {
                p->bucket_at[needle_triple(nd, first) + 1]++;
            }
            const uint32_t before = char_class(nd->chars[nd->last - 1]);
            for (uint32_t first = 0; first < LATIN; first++) {
                const uint32_t triple =
                    triple_of(nd->last >= 2 ? char_class(nd->chars[nd->last - 2]) : first,
                              before, now);
                p->triple[triple / 64] |= (uint64_t)1 << (triple % 64);
            }
        }
        for (int64_t j = nd->length == 1 ? 0 : Py_MAX(nd->last - 2, 0); j <= nd->last; j++) {
            if (nd->chars[j] >= LATIN) {
                p->wide_char[p->wide_chars++] = (Py_UCS4)nd->chars[j];
            }
        }
    }
    for (uint32_t k = 0; k < LATIN; k++) {
        p->class_at[k + 1] += p->class_at[k];
        p->latin_class[k] = (uint8_t)lower1(k);
    }
    for (uint32_t h = 0; h < TRIPLES; h++) {
        p->bucket_at[h + 1] += p->bucket_at[h];
    }
    uint32_t filled[LATIN] = {0};
    uint32_t *bucket_filled = PyMem_Calloc(TRIPLES, sizeof(uint32_t));
    if (bucket_filled == NULL) {
        return -1;
    }
    for (Py_ssize_t k = 0; k < p->needles; k++) {
        const Needle *nd = p->needle + k;
        const uint32_t now = char_class(nd->chars[nd->last]);
        if (latin_solo(nd)) {
            continue;
        }
        if (nd->length == 1) {
            p->key_of[p->class_at[now] + filled[now]] = nd->triple;
            p->needle_of[p->class_at[now] + filled[now]++] = (uint32_t)k;
            continue;
        }
        for (uint32_t first = 0; first < (nd->last >= 2 ? 1 : ANY_FIRST); first++) {
            const uint32_t h = needle_triple(nd, first);
            p->bucket[p->bucket_at[h] + bucket_filled[h]++] = (uint32_t)k;
        }
    }
    PyMem_Free(bucket_filled);
    for (Py_ssize_t k = 0; k < p->wide_chars; k++) {
        const Py_UCS4 c = p->wide_char[k];
        p->wide[(c % WIDE_BITS) / 64] |= (uint64_t)1 << (c % 64);
    }
    for (Py_UCS4 c = LATIN; c <= 0x10FFFF; c++) {
        const Py_UCS4 lowered = lower1(c);
        if (lowered == c) {
            continue;
        }
        int wide = lowered < LATIN;
        for (Py_ssize_t k = 0; k < p->wide_chars && !wide; k++) {
            wide = p->wide_char[k] == lowered;
        }
        if (wide) {
            p->wide[(c % WIDE_BITS) / 64] |= (uint64_t)1 << (c % 64);
        }
    }
    return 0;
}

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            goto bad;                                                                  \
        }                                                                              \
    } while (0)

/* compile(packed) -> the program, read and checked once (a capsule for candidates). */
static PyObject *
compile_program(PyObject *self, PyObject *args)
{
    PyObject *packed;
    if (!PyArg_ParseTuple(args, "O!", &PyBytes_Type, &packed)) {
        return NULL;
    }
    Program *p = PyMem_Calloc(1, sizeof(Program));
    if (p == NULL) {
        return PyErr_NoMemory();
    }
    Py_INCREF(packed);
    p->packed = packed;
    CHECK(PyBytes_GET_SIZE(packed) % 8 == 0);
    const int64_t *w = (const int64_t *)PyBytes_AS_STRING(packed);
    const Py_ssize_t size = PyBytes_GET_SIZE(packed) / 8;
    p->w = w;
    p->size = size;
    CHECK(size >= HEADER);
    p->rules = (int)w[H_RULES];
    p->nodes = w[H_NODES];
    p->singles = w[H_SINGLES];
    p->longers = w[H_LONGER];
    CHECK(p->rules >= 0 && p->rules <= MAX_RULES && p->nodes >= 2);
    CHECK(p->singles >= 0 && p->longers >= 0);
    for (int k = 0; k < 3; k++) {
        p->has[k] = (uint64_t)w[H_HAS_PREFIX + k];
    }
    p->has[3] = (uint64_t)w[H_HAS_SUFFIX];
    CHECK(w[H_RULE_AT] >= HEADER && w[H_RULE_AT] + p->rules <= size);
    CHECK(w[H_NODE_AT] >= HEADER && w[H_NODE_AT] + 5 * p->nodes <= size);
    CHECK(w[H_EDGE_AT] >= HEADER && w[H_EDGE_AT] <= size);
    CHECK(w[H_SINGLE_AT] >= HEADER && w[H_SINGLE_AT] + 3 * p->singles <= size);
    CHECK(w[H_LONGER_AT] >= HEADER && w[H_LONGER_AT] + 4 * p->longers <= size);
    p->max_chars = w + w[H_RULE_AT];
    p->single = w + w[H_SINGLE_AT];
    p->longer = w + w[H_LONGER_AT];
    for (int r = 0; r < p->rules; r++) {
        CHECK(p->max_chars[r] >= 0);
        if ((p->has[0] | p->has[3]) >> r & 1) {
            p->prefix_chars = Py_MAX(p->prefix_chars, p->max_chars[r]);
        }
        if ((p->has[1] | p->has[2]) >> r & 1) {
            p->string_chars = Py_MAX(p->string_chars, p->max_chars[r]);
        }
    }
    for (int r = 0; r < p->rules; r++) {
        int k = 0;
        while (k < p->limits && p->limit[k] < p->max_chars[r]) {
            k++;
        }
        if (k == p->limits || p->limit[k] != p->max_chars[r]) {
            memmove(p->limit + k + 1, p->limit + k, (p->limits - k) * sizeof(int64_t));
            p->limit[k] = p->max_chars[r];
            p->limits++;
        }
    }
    for (int64_t chars = 0, k = 0; chars <= SHORT_LINE; chars++) {
        while (k < p->limits && p->limit[k] < chars) {
            k++;
        }
        p->limit_of[chars] = (uint8_t)k;
    }
    for (int k = 0; k < p->limits; k++) {
        for (int r = 0; r < p->rules; r++) {
            if (p->limit[k] <= p->max_chars[r]) {
                p->within[k] |= (uint64_t)1 << r;
            }
        }
    }
    /* The edges end where the last node's end: the strings follow them. */
    Py_ssize_t edges = 0;
    for (Py_ssize_t k = 0; k < p->nodes; k++) {
        const int64_t *nd = w + w[H_NODE_AT] + 5 * k;
        CHECK(nd[0] >= 0 && nd[1] >= 0 && nd[2] >= 0 && nd[0] + nd[1] + nd[2] < INT32_MAX);
        edges = Py_MAX(edges, nd[0] + nd[1] + nd[2]);
    }
    CHECK(p->nodes < INT32_MAX && w[H_EDGE_AT] + 2 * edges <= size);
    p->node = PyMem_Calloc(p->nodes, sizeof(Node));
    p->edge = PyMem_Calloc(edges > 0 ? edges : 1, sizeof(Edge));
    CHECK(p->node != NULL && p->edge != NULL);
    for (Py_ssize_t e = 0; e < edges; e++) {
        const int64_t *packed_edge = w + w[H_EDGE_AT] + 2 * e;
        CHECK(packed_edge[0] >= A_EOL && packed_edge[0] <= 0x10FFFF);
        CHECK(packed_edge[1] > 1 && packed_edge[1] < p->nodes); /* never a root */
        p->edge[e] = (Edge){(int32_t)packed_edge[0], (int32_t)packed_edge[1]};
    }
    for (Py_ssize_t k = 0; k < p->nodes; k++) {
        const int64_t *nd = w + w[H_NODE_AT] + 5 * k;
        CHECK(nd[0] >= 0 && nd[1] >= 0 && nd[1] <= UINT8_MAX && nd[2] >= 0 &&
              nd[2] <= UINT16_MAX && nd[0] + nd[1] + nd[2] <= edges);
        CHECK(nd[4] >= 0 && nd[4] <= LOOP_DIGITS);
        p->node[k] = (Node){.accept = (uint64_t)nd[3],
                            .first_edge = (int32_t)nd[0],
                            .literals = (uint16_t)nd[2],
                            .classes = (uint8_t)nd[1],
                            .loop = (uint8_t)nd[4],
                            .only_child = -1};
        if (nd[1] == 0 && nd[2] == 1 && nd[4] == 0) {
            p->node[k].only_atom = p->edge[nd[0]].atom;
            p->node[k].only_child = p->edge[nd[0]].child;
        }
        for (int64_t e = nd[0]; e < nd[0] + nd[1] + nd[2]; e++) {
            CHECK((e < nd[0] + nd[1]) == (p->edge[e].atom < 0));
            CHECK(e == nd[0] + nd[1] || e == nd[0] || p->edge[e - 1].atom < p->edge[e].atom);
        }
    }
    for (int root = 0; root < 2; root++) {
        const Node *nd = p->node + root;
        for (int c = 0; c < 128; c++) {
            p->root_child[root][c] = -1;
        }
        for (int64_t e = nd->first_edge + nd->classes;
             e < nd->first_edge + nd->classes + nd->literals; e++) {
            if (p->edge[e].atom < 128) {
                p->root_child[root][p->edge[e].atom] = p->edge[e].child;
            }
        }
    }
    CHECK(steps_from_roots(p) == 0);
    CHECK(w[H_ANCHOR_AT] >= HEADER && w[H_ANCHOR_AT] + p->longers <= size);
    p->needles = p->singles + p->longers;
    CHECK(p->needles < (Py_ssize_t)UINT32_MAX / 2);
    p->needle = PyMem_Calloc(p->needles + 1, sizeof(Needle));
    CHECK(p->needle != NULL);
    for (Py_ssize_t k = 0; k < p->singles; k++) {
        const int64_t *s = p->single + 3 * k;
        CHECK(s[0] >= 0 && s[0] <= 0x10FFFF);
        p->needle[k] =
            (Needle){.chars = s,
                     .length = 1,
                     .last = 0,
                     .rules = (uint64_t)(s[1] | s[2]),
                     .first = (uint64_t)s[1],
                     .second = (uint64_t)s[2]};
    }
    for (Py_ssize_t k = 0; k < p->longers; k++) {
        const int64_t *s = p->longer + 4 * k;
        const int64_t anchor = w[w[H_ANCHOR_AT] + k];
        CHECK(s[0] >= HEADER && s[1] >= 2 && s[0] + s[1] <= size);
        CHECK(anchor >= 0 && anchor + Py_MIN(s[1], ANCHOR_WIDTH) <= s[1]);
        for (int64_t j = 0; j < s[1]; j++) {
            CHECK(w[s[0] + j] >= 0 && w[s[0] + j] <= 0x10FFFF);
        }
        const int64_t last = anchor + Py_MIN(s[1], ANCHOR_WIDTH) - 1;
        p->needle[p->singles + k] =
            (Needle){.chars = w + s[0],
                     .length = s[1],
                     .last = last,
                     .rules = (uint64_t)(s[2] | s[3]),
                     .first = (uint64_t)s[2],
                     .second = (uint64_t)s[3]};
    }
    CHECK(index_anchors(p) == 0);
    PyObject *capsule = PyCapsule_New(p, PROGRAM_CAPSULE, free_program);
    if (capsule == NULL) {
        Py_DECREF(packed);
        release(p);
    }
    return capsule;
bad:
    Py_DECREF(packed);
    release(p);
    PyErr_SetString(PyExc_ValueError, "compile: malformed program");
    return NULL;
}

#define LOWERED_ON_STACK 256 /* characters: most candidate lines are shorter */

/* The block [first, end) lower-cased one character at a time (str.lower's answer on a
 * line without U+0130, which the caller never reads here); None when it holds a capital
 * sigma, whose lower case depends on its neighbours (the caller lower-cases it). */
static PyObject *
lowered_block(int kind, const void *data, Py_ssize_t first, Py_ssize_t end)
{
    const Py_ssize_t length = end - first;
    if (length <= 0) {
        return PyUnicode_New(0, 0); /* never: a block holds a character */
    }
    if (kind == PyUnicode_1BYTE_KIND) {
        /* Latin-1 lower-cases within Latin-1 (and holds no sigma). */
        Py_UCS1 small[LOWERED_ON_STACK];
        Py_UCS1 *chars = length <= LOWERED_ON_STACK ? small : PyMem_Malloc(length);
        if (chars == NULL) {
            return PyErr_NoMemory();
        }
        const Py_UCS1 *in = (const Py_UCS1 *)data + first;
        for (Py_ssize_t k = 0; k < length; k++) {
            chars[k] = (Py_UCS1)lower1(in[k]);
        }
        /* FromKindAndData gives the narrowest string, as str.lower does. */
        PyObject *out = PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, chars, length);
        if (chars != small) {
            PyMem_Free(chars);
        }
        return out;
    }
    Py_UCS4 small[LOWERED_ON_STACK];
    Py_UCS4 *chars = length <= LOWERED_ON_STACK ? small : PyMem_Malloc(length * sizeof(Py_UCS4));
    if (chars == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_ssize_t k = 0; k < length; k++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, first + k);
        if (c == 0x3A3) {
            if (chars != small) {
                PyMem_Free(chars);
            }
            Py_RETURN_NONE;
        }
        chars[k] = lower1(c);
    }
    PyObject *out = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars, length);
    if (chars != small) {
        PyMem_Free(chars);
    }
    return out;
}

/* A candidate: (block index, rule mask, padded, the block lower-cased or None). */
static inline PyObject *
candidate(Py_ssize_t index, uint64_t mask, int padded, PyObject *lowered)
{
    if (lowered == NULL) {
        return NULL;
    }
    PyObject *item = PyTuple_New(4);
    PyObject *i = PyLong_FromSsize_t(index);
    PyObject *m = PyLong_FromUnsignedLongLong(mask);
    if (item == NULL || i == NULL || m == NULL) {
        Py_XDECREF(i);
        Py_XDECREF(m);
        Py_XDECREF(item);
        Py_DECREF(lowered);
        return NULL;
    }
    PyTuple_SET_ITEM(item, 0, i);
    PyTuple_SET_ITEM(item, 1, m);
    PyObject *flag = padded ? Py_True : Py_False;
    Py_INCREF(flag);
    PyTuple_SET_ITEM(item, 2, flag);
    PyTuple_SET_ITEM(item, 3, lowered);
    return item;
}

static int
block_span(PyObject *blocks, Py_ssize_t i, Py_ssize_t *start, Py_ssize_t *end)
{
    PyObject *block = PyList_GET_ITEM(blocks, i);
    if (!PyTuple_Check(block) || PyTuple_GET_SIZE(block) < 2) {
        return 0;
    }
    *start = PyLong_AsSsize_t(PyTuple_GET_ITEM(block, 0));
    *end = PyLong_AsSsize_t(PyTuple_GET_ITEM(block, 1));
    if ((*start == -1 || *end == -1) && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    return 1;
}

/* Whether the string nd starts at `at` (and ends by the line's end, checked by the
 * caller). */
static inline int
needle_at(const Needle *nd, int kind, const void *data, Py_ssize_t at)
{
    for (int64_t j = 0; j < nd->length; j++) {
        if ((int64_t)lower1(PyUnicode_READ(kind, data, at + j)) != nd->chars[j]) {
            return 0;
        }
    }
    return 1;
}

/* The rules of `need` whose strings the line [start, end) holds, per set (met[0],
 * met[1]): each character's class read with the one before it, a bit per pair telling
 * whether it ends some string's anchor; only then are the strings whose anchor ends with
 * that hash compared there (and the one-character strings past LATIN of its class). Done
 * once every rule of `need` has its strings; rules outside `need` may be left out of met. */
static inline __attribute__((always_inline)) void
strings_met(const Program *p, int kind, const void *data, Py_ssize_t start, Py_ssize_t end,
            uint64_t need, uint64_t met[2])
{
    uint64_t first = 0, second = 0;
    const uint64_t want_first = need & p->has[1], want_second = need & p->has[2];
    /* triple_of(the class two before, the one before, now), rolled along */
    uint32_t triple = triple_of(0, OTHER_CLASS, OTHER_CLASS);
    for (Py_ssize_t pos = start; pos < end; pos++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, pos);
        const uint32_t now = c < LATIN ? p->latin_class[c] : wide_class(p, c);
        triple = ((triple << TRIPLE_SHIFT) ^ now) & TRIPLE_MASK;
        if (!((p->triple[triple / 64] >> (triple % 64) & 1) | p->solo[now])) {
            continue;
        }
        first |= p->solo_first[now];
        second |= p->solo_second[now];
        for (uint32_t k = p->class_at[now]; k < p->class_at[now + 1]; k++) {
            const Needle *nd = p->needle + p->needle_of[k]; /* one character: it is here */
            if ((nd->rules & need) != 0 && needle_at(nd, kind, data, pos)) {
                first |= nd->first;
                second |= nd->second;
            }
        }
        for (uint32_t k = p->bucket_at[triple]; k < p->bucket_at[triple + 1]; k++) {
            const Needle *nd = p->needle + p->bucket[k];
            const Py_ssize_t at = pos - nd->last;
            if ((nd->rules & need) != 0 && at >= start && at + nd->length <= end && needle_at(nd, kind, data, at)) {
                first |= nd->first;
                second |= nd->second;
            }
        }
        if ((want_first & ~first) == 0 && (want_second & ~second) == 0) {
            break;
        }
    }
    met[0] = first;
    met[1] = second;
}

static inline int
is_risky(const uint8_t *risky, Py_UCS4 c)
{
    return risky[c >> 3] >> (c & 7) & 1;
}

/* The rules of `mask` left by the tables of one or two steps from a root (prefixes 0,
 * suffixes 1) for the characters at `at` and (with `two`) the next one read (a rule
 * without such a condition stays). */
static inline __attribute__((always_inline)) uint64_t
steps_met(const Program *p, int root, int kind, const void *data, Py_ssize_t at, int two,
          uint64_t mask)
{
    const uint64_t has = p->has[root == 0 ? 0 : 3];
    if (!(mask & has)) {
        return mask;
    }
    const Py_UCS4 c = PyUnicode_READ(kind, data, at);
    if (c >= LATIN) {
        return mask;
    }
    mask &= p->first_step[root][c] | ~has;
    if ((mask & has) && c < ASCII && two) {
        const Py_UCS4 next = PyUnicode_READ(kind, data, root == 0 ? at + 1 : at - 1);
        if (next < ASCII) {
            mask &= p->second_mask[p->second_step[root][c << 7 | next]] | ~has;
        }
    }
    return mask;
}

#define LANES 0x0001000100010001ULL /* one in each 16-bit lane of a word */

/* Whether some 16-bit lane of x is zero (exact: the borrow reaches a lane's top bit only
 * from a zero lane, or from one after it). */
static inline int
has_zero_lane(uint64_t x)
{
    return ((x - LANES) & ~x & (LANES << 15)) != 0;
}

/* In a text of two-byte characters, the first position from `from` (in steps of four
 * characters) where a group of four may hold "\n" or U+0130: the characters before it
 * hold neither. */
static inline Py_ssize_t
clear_run(const void *data, Py_ssize_t from, Py_ssize_t n)
{
    const Py_UCS2 *chars = data;
#ifdef __SSE2__
    /* Eight characters at a time where the processor has the instructions (x86-64). */
    const __m128i newline = _mm_set1_epi16('\n'), dotted = _mm_set1_epi16(0x130);
    while (from + 8 <= n) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(chars + from));
        const __m128i hit = _mm_or_si128(_mm_cmpeq_epi16(v, newline), _mm_cmpeq_epi16(v, dotted));
        if (_mm_movemask_epi8(hit) != 0) {
            break;
        }
        from += 8;
    }
#endif
    while (from + 4 <= n) {
        uint64_t word;
        memcpy(&word, chars + from, sizeof(word));
        if (has_zero_lane(word ^ ('\n' * LANES)) || has_zero_lane(word ^ (0x130 * LANES))) {
            break;
        }
        from += 4;
    }
    return from;
}

/* ---------------------------------------------------------------------------------------
 * Automata (cleaner.rules.automaton): a rule's pattern as a Thompson automaton, run as a
 * DFA built lazily: each set of automaton states met (with what the character before
 * was, for the zero-width tests) becomes a DFA state, its moves filled in per character
 * class as lines need them. A line then costs a table step per character. The sets are
 * kept across lines (a cache: the answers never depend on it); when DFA_MAX_STATES are
 * known the cache starts over, and an automaton that keeps filling it is left to the
 * regex engine (matches answers None, as it does for a line it cannot read). Plain twin:
 * automaton.matches_plain.
 *
 * Packed (automaton.Automaton.packed), int64 words: header [8] (states, start, search,
 * sets, points, bounds, range sets); states (op, arg, next, other); per set (negated,
 * members) then its members (kind, a, b); the points; the bounds; per interval its range
 * set. */
enum { OP_CHAR, OP_NOT_CHAR, OP_ANY, OP_SET, OP_SPLIT, OP_ASSERT, OP_MATCH };
enum { T_START, T_END, T_BOUNDARY, T_NOT_BOUNDARY };
enum { M_CHAR, M_RANGE, M_CATEGORY };
enum { N_NONE, N_OTHER, N_WORDY };
enum { K_WORD = 1, K_DIGIT = 2, K_SPACE = 4, KINDS = 8 };
enum { AUTO_HEADER = 8 };
#define DFA_UNKNOWN (-2)
#define DFA_DEAD (-1)
#define DFA_MATCHED (-3)
#define DFA_FULL (-4)
#define DFA_MAX_STATES 4096 /* DFA states kept per automaton before the cache starts over */
/* An automaton whose cache fills within this many lines is left to the regex engine: its
 * sets seldom repeat (a wide bounded repeat before a long alternation counts its
 * characters), and building them costs more than the engine's search. */
#define DFA_RUNS_PER_FILL 20000
#define AUTO_MAX_STATES 1000000
#define AUTO_CAPSULE "cleaner._rulescan.Automaton"

typedef struct {
    int32_t op, arg, out, other;
} AState;

typedef struct {
    AState *state;
    int32_t states, start;
    int search;
    int32_t sets;
    int32_t *set_at;  /* per set: its first member (sets + 1 entries) */
    uint8_t *negated; /* per set */
    int32_t (*member)[3];
    int32_t *point, points, *bound, bounds, *range;
    int32_t classes;
    uint16_t latin[LATIN];
    /* The DFA: per state its set (pool[set_at_of[d]..+set_len_of[d]]), the neighbour
     * before it, its moves by class and whether the string may end there. */
    int32_t count, capacity;
    int16_t *trans; /* DFA states fit in 16 bits (DFA_MAX_STATES): half the cache lines */
    int8_t *ends;
    uint8_t *before;
    int32_t *set_of, *set_len;
    int32_t *pool;
    Py_ssize_t pool_len, pool_cap;
    int32_t *table; /* open addressing: DFA state + 1, 0 empty */
    uint32_t table_mask;
    /* Scratch, one slot per automaton state. */
    uint32_t *seen;
    uint32_t generation;
    int32_t *stack, *reading, *seeds, *next;
    int resets, disabled;
    int64_t runs;    /* lines read since the cache started over */
    int32_t init[3]; /* the DFA state a line starts in, per neighbour before it (-1: unknown) */
} Auto;

static inline int
kind_of(Py_UCS4 c)
{
    if (c < 128) {
        const int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const int digit = c >= '0' && c <= '9';
        const int space = c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
        return (alpha || digit || c == '_' ? K_WORD : 0) | (digit ? K_DIGIT : 0) |
               (space ? K_SPACE : 0);
    }
    return (Py_UNICODE_ISALNUM(c) ? K_WORD : 0) | (Py_UNICODE_ISDECIMAL(c) ? K_DIGIT : 0) |
           (Py_UNICODE_ISSPACE(c) ? K_SPACE : 0);
}

static inline int
neighbour(Py_UCS4 c)
{
    return kind_of(c) & K_WORD ? N_WORDY : N_OTHER;
}

static int32_t
class_slow(const Auto *a, Py_UCS4 c)
{
    int32_t lo = 0, hi = a->points;
    while (lo < hi) {
        const int32_t mid = (lo + hi) / 2;
        if (a->point[mid] < (int32_t)c) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    if (lo < a->points && a->point[lo] == (int32_t)c) {
        return lo;
    }
    lo = 0;
    hi = a->bounds;
    while (lo < hi) { /* the first bound above c: c's interval */
        const int32_t mid = (lo + hi) / 2;
        if (a->bound[mid] <= (int32_t)c) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    return a->points + KINDS * a->range[lo] + kind_of(c);
}

static inline int32_t
class_of(const Auto *a, Py_UCS4 c)
{
    return c < LATIN ? a->latin[c] : class_slow(a, c);
}

static int
holds(const Auto *a, int32_t s, Py_UCS4 c)
{
    const AState *st = a->state + s;
    switch (st->op) {
    case OP_CHAR:
        return (int32_t)c == st->arg;
    case OP_NOT_CHAR:
        return (int32_t)c != st->arg;
    case OP_ANY:
        return c != '\n';
    default: {
        const int kind = kind_of(c);
        int found = 0;
        for (int32_t m = a->set_at[st->arg]; m < a->set_at[st->arg + 1] && !found; m++) {
            const int32_t *mb = a->member[m];
            found = mb[0] == M_CATEGORY ? ((kind & mb[1]) != 0) != (mb[2] != 0)
                                        : (int32_t)c >= mb[1] && (int32_t)c <= mb[2];
        }
        return found != a->negated[st->arg];
    }
    }
}

static inline int
asserted(int32_t test, int before, int after)
{
    switch (test) {
    case T_START:
        return before == N_NONE;
    case T_END:
        return after == N_NONE;
    case T_BOUNDARY:
        return (before == N_WORDY) != (after == N_WORDY);
    default:
        return (before == N_WORDY) == (after == N_WORDY);
    }
}

/* The states reached from seeds without reading, between neighbours before and after:
 * those that read a character (into a->reading, their count returned), and whether the
 * match state is among them. */
static int32_t
closure(Auto *a, const int32_t *seeds, int32_t n, int before, int after, int *matched)
{
    if (++a->generation == 0) {
        memset(a->seen, 0, a->states * sizeof(uint32_t));
        a->generation = 1;
    }
    int32_t top = 0, reading = 0;
    for (int32_t k = n - 1; k >= 0; k--) {
        a->stack[top++] = seeds[k];
    }
    *matched = 0;
    while (top > 0) {
        const int32_t s = a->stack[--top];
        if (s < 0 || a->seen[s] == a->generation) {
            continue;
        }
        a->seen[s] = a->generation;
        const AState *st = a->state + s;
        switch (st->op) {
        case OP_MATCH:
            *matched = 1;
            break;
        case OP_SPLIT:
            a->stack[top++] = st->other;
            a->stack[top++] = st->out;
            break;
        case OP_ASSERT:
            if (asserted(st->arg, before, after)) {
                a->stack[top++] = st->out;
            }
            break;
        default:
            a->reading[reading++] = s;
        }
    }
    return reading;
}

static int
cmp_int32(const void *x, const void *y)
{
    const int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

static void
dfa_clear(Auto *a)
{
    a->count = 0;
    a->pool_len = 0;
    a->init[0] = a->init[1] = a->init[2] = -1;
    memset(a->table, 0, (a->table_mask + 1) * sizeof(int32_t));
}

/* The DFA state of this set (sorted, distinct) and neighbour before; DFA_FULL when the
 * cache holds DFA_MAX_STATES already, -5 without memory. */
static int32_t
intern(Auto *a, const int32_t *set, int32_t n, int before)
{
    uint32_t h = 2166136261u ^ (uint32_t)before;
    for (int32_t k = 0; k < n; k++) {
        h = (h ^ (uint32_t)set[k]) * 16777619u;
    }
    uint32_t slot = h & a->table_mask;
    for (;; slot = (slot + 1) & a->table_mask) {
        const int32_t d = a->table[slot] - 1;
        if (d < 0) {
            break;
        }
        if (a->before[d] == before && a->set_len[d] == n &&
            memcmp(a->pool + a->set_of[d], set, n * sizeof(int32_t)) == 0) {
            return d;
        }
    }
    if (a->count >= DFA_MAX_STATES) {
        return DFA_FULL;
    }
    if (a->count == a->capacity) {
        const int32_t cap = a->capacity ? 2 * a->capacity : 64;
        int16_t *trans = PyMem_Realloc(a->trans, (size_t)cap * a->classes * sizeof(int16_t));
        if (trans == NULL) {
            return -5;
        }
        a->trans = trans;
        int8_t *ends = PyMem_Realloc(a->ends, cap);
        uint8_t *before_of = ends == NULL ? NULL : PyMem_Realloc(a->before, cap);
        int32_t *set_of = before_of == NULL ? NULL : PyMem_Realloc(a->set_of, cap * 4);
        int32_t *set_len = set_of == NULL ? NULL : PyMem_Realloc(a->set_len, cap * 4);
        if (ends != NULL) {
            a->ends = ends;
        }
        if (before_of != NULL) {
            a->before = before_of;
        }
        if (set_of != NULL) {
            a->set_of = set_of;
        }
        if (set_len == NULL) {
            return -5;
        }
        a->set_len = set_len;
        a->capacity = cap;
    }
    if (a->pool_len + n > a->pool_cap) {
        const Py_ssize_t cap = Py_MAX(2 * a->pool_cap, a->pool_len + n + 256);
        int32_t *pool = PyMem_Realloc(a->pool, cap * sizeof(int32_t));
        if (pool == NULL) {
            return -5;
        }
        a->pool = pool;
        a->pool_cap = cap;
    }
    const int32_t d = a->count++;
    memcpy(a->pool + a->pool_len, set, n * sizeof(int32_t));
    a->set_of[d] = (int32_t)a->pool_len;
    a->set_len[d] = n;
    a->pool_len += n;
    a->before[d] = (uint8_t)before;
    a->ends[d] = -1;
    for (int32_t k = 0; k < a->classes; k++) {
        a->trans[(size_t)d * a->classes + k] = DFA_UNKNOWN;
    }
    a->table[slot] = d + 1;
    return d;
}

/* The seeds of DFA state d's moves: its set, and the start state for a search. */
static int32_t
seeds_of(Auto *a, int32_t d)
{
    const int32_t n = a->set_len[d];
    memcpy(a->seeds, a->pool + a->set_of[d], n * sizeof(int32_t));
    if (a->search) {
        a->seeds[n] = a->start;
        return n + 1;
    }
    return n;
}

/* DFA state d's move on c: the next DFA state, DFA_DEAD (no match can follow),
 * DFA_MATCHED (a search found a match), DFA_FULL, or -5 without memory. */
static int32_t
dfa_move(Auto *a, int32_t d, Py_UCS4 c)
{
    const int32_t n = seeds_of(a, d);
    int matched;
    const int after = neighbour(c);
    const int32_t reading = closure(a, a->seeds, n, a->before[d], after, &matched);
    if (matched && a->search) {
        return DFA_MATCHED;
    }
    int32_t next = 0;
    for (int32_t k = 0; k < reading; k++) {
        const int32_t s = a->reading[k];
        if (holds(a, s, c)) {
            a->next[next++] = a->state[s].out;
        }
    }
    if (next == 0 && !a->search) {
        return DFA_DEAD;
    }
    qsort(a->next, next, sizeof(int32_t), cmp_int32);
    int32_t distinct = 0;
    for (int32_t k = 0; k < next; k++) {
        if (distinct == 0 || a->next[distinct - 1] != a->next[k]) {
            a->next[distinct++] = a->next[k];
        }
    }
    return intern(a, a->next, distinct, after);
}

/* Whether the automaton matches chars [from, end) of data (each lower-cased when
 * `lowering`), reading from `pos` (clamped to [0, length]): 1, 0, or -1 when it cannot
 * tell (the cache keeps filling, no memory, or a line it does not read). */
static inline int
auto_run(Auto *a, int kind, const void *data, Py_ssize_t from, Py_ssize_t end,
         int64_t pos, int lowering)
{
    const Py_ssize_t length = end - from;
    if (a->disabled || length <= 0) {
        return -1;
    }
    if (a->count > DFA_MAX_STATES / 2) { /* room for a line's new states, mostly */
        dfa_clear(a);
        a->resets++;
        if (a->runs < DFA_RUNS_PER_FILL) {
            a->disabled = 1;
            return -1;
        }
        a->runs = 0;
    }
    a->runs++;
    pos = pos < 0 ? 0 : pos > length ? length : pos;
    int before = N_NONE;
    if (pos > 0) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, from + pos - 1);
        before = neighbour(lowering ? lower1(c) : c);
    }
    int32_t d = a->init[before];
    if (d < 0) {
        const int32_t start[1] = {a->start};
        d = a->search ? intern(a, start, 0, before) : intern(a, start, 1, before);
        if (d < 0) {
            return -1;
        }
        a->init[before] = d;
    }
    for (Py_ssize_t at = from + pos; at < end; at++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, at);
        if (c == '\n') {
            return -1;
        }
        if (lowering) {
            c = lower1(c);
        }
        const int32_t k = class_of(a, c);
        int32_t t = a->trans[(size_t)d * a->classes + k];
        if (t == DFA_UNKNOWN) {
            t = dfa_move(a, d, c);
            if (t < DFA_MATCHED) {
                return -1; /* full, or no memory: the regex engine decides */
            }
            a->trans[(size_t)d * a->classes + k] = (int16_t)t;
        }
        if (t == DFA_DEAD) {
            return 0;
        }
        if (t == DFA_MATCHED) {
            return 1;
        }
        d = t;
    }
    if (a->ends[d] < 0) {
        const int32_t n = seeds_of(a, d);
        int matched;
        closure(a, a->seeds, n, a->before[d], N_NONE, &matched);
        a->ends[d] = (int8_t)matched;
    }
    return a->ends[d];
}

static void
auto_release(Auto *a)
{
    PyMem_Free(a->state);
    PyMem_Free(a->set_at);
    PyMem_Free(a->negated);
    PyMem_Free(a->member);
    PyMem_Free(a->point);
    PyMem_Free(a->bound);
    PyMem_Free(a->range);
    PyMem_Free(a->trans);
    PyMem_Free(a->ends);
    PyMem_Free(a->before);
    PyMem_Free(a->set_of);
    PyMem_Free(a->set_len);
    PyMem_Free(a->pool);
    PyMem_Free(a->table);
    PyMem_Free(a->seen);
    PyMem_Free(a->stack);
    PyMem_Free(a->reading);
    PyMem_Free(a->seeds);
    PyMem_Free(a->next);
    PyMem_Free(a);
}

static void
free_auto(PyObject *capsule)
{
    Auto *a = PyCapsule_GetPointer(capsule, AUTO_CAPSULE);
    if (a != NULL) {
        auto_release(a);
    }
}

/* automaton(packed) -> an automaton (a capsule for matches and hits), checked. */
static PyObject *
automaton(PyObject *self, PyObject *args)
{
    Py_buffer view;
    if (!PyArg_ParseTuple(args, "y*", &view)) {
        return NULL;
    }
    Auto *a = PyMem_Calloc(1, sizeof(Auto));
    if (a == NULL) {
        PyBuffer_Release(&view);
        return PyErr_NoMemory();
    }
    const int64_t *w = view.buf;
    const Py_ssize_t size = view.len / 8;
    Py_ssize_t at = AUTO_HEADER;
    CHECK(view.len % 8 == 0 && size >= AUTO_HEADER);
    CHECK(w[0] > 0 && w[0] <= AUTO_MAX_STATES && w[1] >= 0 && w[1] < w[0]);
    CHECK(w[3] >= 0 && w[3] <= AUTO_MAX_STATES && w[4] >= 0 && w[4] <= 0x110000);
    CHECK(w[5] >= 0 && w[5] <= 0x110001 && w[6] > 0 && w[6] <= w[5] + 1);
    a->states = (int32_t)w[0];
    a->start = (int32_t)w[1];
    a->search = w[2] != 0;
    a->sets = (int32_t)w[3];
    a->points = (int32_t)w[4];
    a->bounds = (int32_t)w[5];
    const int64_t range_sets = w[6];
    CHECK(range_sets <= (INT32_MAX - a->points) / KINDS);
    a->classes = a->points + KINDS * (int32_t)range_sets;
    CHECK(a->classes <= UINT16_MAX);
    a->state = PyMem_Calloc(a->states, sizeof(AState));
    a->seen = PyMem_Calloc(a->states, sizeof(uint32_t));
    a->stack = PyMem_Calloc(3 * (size_t)a->states + 4, sizeof(int32_t));
    a->reading = PyMem_Calloc(a->states, sizeof(int32_t));
    a->seeds = PyMem_Calloc(a->states + 1, sizeof(int32_t));
    a->next = PyMem_Calloc(a->states, sizeof(int32_t));
    a->set_at = PyMem_Calloc(a->sets + 1, sizeof(int32_t));
    a->negated = PyMem_Calloc(a->sets + 1, 1);
    CHECK(a->state && a->seen && a->stack && a->reading && a->seeds && a->next && a->set_at &&
          a->negated);
    CHECK(at + 4 * (Py_ssize_t)a->states <= size);
    for (int32_t s = 0; s < a->states; s++, at += 4) {
        const int64_t op = w[at], arg = w[at + 1], out = w[at + 2], other = w[at + 3];
        CHECK(op >= OP_CHAR && op <= OP_MATCH);
        CHECK(op == OP_MATCH || (out >= 0 && out < a->states));
        CHECK(op != OP_SPLIT || (other >= 0 && other < a->states));
        CHECK(op != OP_SET || (arg >= 0 && arg < a->sets));
        CHECK(op != OP_ASSERT || (arg >= T_START && arg <= T_NOT_BOUNDARY));
        CHECK((op != OP_CHAR && op != OP_NOT_CHAR) || (arg >= 0 && arg <= 0x10FFFF));
        a->state[s] = (AState){(int32_t)op, (int32_t)arg, (int32_t)out, (int32_t)other};
    }
    /* The members: counted first, then read. */
    Py_ssize_t members = 0, scan_at = at;
    for (int32_t k = 0; k < a->sets; k++) {
        CHECK(scan_at + 2 <= size && w[scan_at + 1] >= 0 && w[scan_at + 1] <= size);
        members += w[scan_at + 1];
        scan_at += 2 + 3 * w[scan_at + 1];
        CHECK(scan_at <= size);
    }
    a->member = PyMem_Calloc(members + 1, sizeof(*a->member));
    CHECK(a->member != NULL);
    members = 0;
    for (int32_t k = 0; k < a->sets; k++) {
        a->negated[k] = w[at] != 0;
        const int64_t count = w[at + 1];
        at += 2;
        a->set_at[k] = (int32_t)members;
        for (int64_t m = 0; m < count; m++, at += 3) {
            CHECK(w[at] >= M_CHAR && w[at] <= M_CATEGORY);
            CHECK(w[at + 1] >= 0 && w[at + 1] <= 0x10FFFF && w[at + 2] >= 0 &&
                  w[at + 2] <= 0x10FFFF);
            a->member[members][0] = (int32_t)w[at];
            a->member[members][1] = (int32_t)w[at + 1];
            a->member[members][2] = (int32_t)w[at + 2];
            members++;
        }
    }
    a->set_at[a->sets] = (int32_t)members;
    CHECK(at + a->points + a->bounds + (a->bounds + 1) == size);
    a->point = PyMem_Calloc(a->points + 1, sizeof(int32_t));
    a->bound = PyMem_Calloc(a->bounds + 1, sizeof(int32_t));
    a->range = PyMem_Calloc(a->bounds + 1, sizeof(int32_t));
    CHECK(a->point && a->bound && a->range);
    for (int32_t k = 0; k < a->points; k++, at++) {
        CHECK(w[at] >= 0 && w[at] <= 0x10FFFF && (k == 0 || w[at] > a->point[k - 1]));
        a->point[k] = (int32_t)w[at];
    }
    for (int32_t k = 0; k < a->bounds; k++, at++) {
        CHECK(w[at] >= 0 && w[at] <= 0x110000 && (k == 0 || w[at] > a->bound[k - 1]));
        a->bound[k] = (int32_t)w[at];
    }
    for (int32_t k = 0; k <= a->bounds; k++, at++) {
        CHECK(w[at] >= 0 && w[at] < range_sets);
        a->range[k] = (int32_t)w[at];
    }
    for (Py_UCS4 c = 0; c < LATIN; c++) {
        a->latin[c] = (uint16_t)class_slow(a, c);
    }
    a->init[0] = a->init[1] = a->init[2] = -1;
    a->table_mask = 2 * DFA_MAX_STATES - 1;
    a->table = PyMem_Calloc(a->table_mask + 1, sizeof(int32_t));
    CHECK(a->table != NULL);
    PyBuffer_Release(&view);
    PyObject *capsule = PyCapsule_New(a, AUTO_CAPSULE, free_auto);
    if (capsule == NULL) {
        auto_release(a);
    }
    return capsule;
bad:
    PyBuffer_Release(&view);
    auto_release(a);
    PyErr_SetString(PyExc_ValueError, "automaton: malformed automaton");
    return NULL;
}

/* matches(automaton, line, pos) -> True, False, or None when it cannot tell (a line
 * that is empty or holds "\n", or a cache that keeps filling): the pattern's fullmatch
 * (search) on line from pos. Twin: automaton.matches_plain. */
static PyObject *
matches(PyObject *self, PyObject *args)
{
    PyObject *capsule, *line;
    Py_ssize_t pos;
    if (!PyArg_ParseTuple(args, "OUn", &capsule, &line, &pos)) {
        return NULL;
    }
    Auto *a = PyCapsule_GetPointer(capsule, AUTO_CAPSULE);
    if (a == NULL || PyUnicode_READY(line) < 0) {
        return NULL;
    }
    const int found = auto_run(a, PyUnicode_KIND(line), PyUnicode_DATA(line), 0,
                               PyUnicode_GET_LENGTH(line), pos, 0);
    if (found < 0) {
        Py_RETURN_NONE;
    }
    return PyBool_FromLong(found);
}

/* cache(automaton) -> (DFA states known, times the cache started over, whether it is
 * left to the regex engine): how the lazy DFA fares (benchmarks, tests). */
static PyObject *
cache_info(PyObject *self, PyObject *args)
{
    PyObject *capsule;
    if (!PyArg_ParseTuple(args, "O", &capsule)) {
        return NULL;
    }
    const Auto *a = PyCapsule_GetPointer(capsule, AUTO_CAPSULE);
    if (a == NULL) {
        return NULL;
    }
    return Py_BuildValue("(iiO)", a->count, a->resets, a->disabled ? Py_True : Py_False);
}

/* What hits does with a candidate line instead of listing it: its rules tried in
 * priority order (lowest bit first), each decided by its automaton when it has one and
 * can tell, else by its regex on the block lower-cased (what _Prefilter.scan did), the
 * first that matches put in `hits`. A padded line is listed in `padded` as (block index,
 * mask): the caller reads it whole. */
typedef struct {
    PyObject *hits, *padded, *blocks, *text;
    PyObject *table; /* per rule: (hit, decides, window) */
    Auto *autos[MAX_RULES];
    int64_t window[MAX_RULES];
    uint64_t only;
} Confirm;

/* The block [first, end) lower-cased as str.lower does it: 1 on 1 unless it holds a
 * capital sigma, which str.lower reads with its neighbours. */
static PyObject *
lowered_line(const Confirm *cf, int kind, const void *data, Py_ssize_t first, Py_ssize_t end)
{
    PyObject *line = lowered_block(kind, data, first, end);
    if (line != Py_None) {
        return line;
    }
    Py_DECREF(line);
    PyObject *block = PyUnicode_Substring(cf->text, first, end);
    if (block == NULL) {
        return NULL;
    }
    line = PyObject_CallMethod(block, "lower", NULL);
    Py_DECREF(block);
    return line;
}

static int
confirm_line(Confirm *cf, int kind, const void *data, Py_ssize_t index, uint64_t mask,
             int padded, Py_ssize_t first, Py_ssize_t end)
{
    if (padded) {
        PyObject *item = Py_BuildValue("(nK)", index, (unsigned long long)mask);
        if (item == NULL || PyList_Append(cf->padded, item) < 0) {
            Py_XDECREF(item);
            return -1;
        }
        Py_DECREF(item);
        return 0;
    }
    /* A capital sigma lower-cases by its neighbours: such a line goes to the regexes. */
    int sigma = 0;
    if (kind != PyUnicode_1BYTE_KIND) {
        for (Py_ssize_t k = first; k < end && !sigma; k++) {
            sigma = PyUnicode_READ(kind, data, k) == 0x3A3;
        }
    }
    const Py_ssize_t length = end - first;
    PyObject *line = NULL;
    while (mask) {
        const int k = __builtin_ctzll(mask);
        mask &= mask - 1;
        const int64_t pos = (int64_t)length - cf->window[k]; /* below 0 reads as 0 */
        int found = -1;
        if (cf->autos[k] != NULL && !sigma) {
            found = auto_run(cf->autos[k], kind, data, first, end, pos, 1);
        }
        if (found < 0) {
            if (line == NULL && (line = lowered_line(cf, kind, data, first, end)) == NULL) {
                return -1;
            }
            PyObject *decides = PyTuple_GET_ITEM(PyTuple_GET_ITEM(cf->table, k), 1);
            PyObject *at = PyLong_FromLongLong(pos);
            PyObject *m = at == NULL ? NULL : PyObject_CallFunctionObjArgs(decides, line, at, NULL);
            Py_XDECREF(at);
            if (m == NULL) {
                Py_DECREF(line);
                return -1;
            }
            found = m != Py_None;
            Py_DECREF(m);
        }
        if (found) {
            PyObject *hit = PyTuple_GET_ITEM(PyTuple_GET_ITEM(cf->table, k), 0);
            Py_INCREF(hit);
            PyList_SetItem(cf->hits, index, hit);
            break;
        }
    }
    Py_XDECREF(line);
    return 0;
}

/* The scan for one kind of string (a constant where it is inlined): 1 found, 0 not the
 * text's lines (or, without `risky`, a U+0130), -1 error. With `risky` (a bitmap of
 * code points, see risky_map), a line holding one of its characters is not read: its
 * block's index goes to `risky_out`. */
static inline __attribute__((always_inline)) int
scan(const Program *p, int kind, const void *data, Py_ssize_t n, PyObject *blocks,
     PyObject *out, const uint8_t *risky, PyObject *risky_out, Confirm *cf)
{
    const Py_ssize_t block_count = PyList_GET_SIZE(blocks);
    const uint64_t with_strings = p->has[1] | p->has[2];
    Py_ssize_t index = 0;
    for (Py_ssize_t start = 0; start <= n;) {
        Py_ssize_t end = start;
        int line_risky = 0;
        if (risky != NULL) {
            for (; end < n; end++) {
                const Py_UCS4 c = PyUnicode_READ(kind, data, end);
                if (c == '\n') {
                    break;
                }
                line_risky |= is_risky(risky, c);
            }
        }
        else if (kind == PyUnicode_1BYTE_KIND) {
            const char *found = memchr((const char *)data + start, '\n', n - start);
            end = found == NULL ? n : found - (const char *)data;
        }
        else {
            if (kind == PyUnicode_2BYTE_KIND) {
                end = clear_run(data, end, n);
            }
            for (; end < n; end++) {
                const Py_UCS4 c = PyUnicode_READ(kind, data, end);
                if (c == '\n') {
                    break;
                }
                if (c == 0x130) {
                    return 0; /* str.lower() turns it into two characters */
                }
            }
        }
        Py_ssize_t first = start, last = end - 1;
        while (first < end && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, first))) {
            first++;
        }
        if (first < end) {
            while (Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, last))) {
                last--;
            }
            Py_ssize_t block_start, block_end;
            if (index >= block_count || !block_span(blocks, index, &block_start, &block_end) ||
                block_start != first || block_end != last + 1) {
                return 0;
            }
            if (line_risky) {
                PyObject *i = PyLong_FromSsize_t(index);
                if (i == NULL || PyList_Append(risky_out, i) < 0) {
                    Py_XDECREF(i);
                    return -1;
                }
                Py_DECREF(i);
                index++;
                start = end + 1;
                continue;
            }
            const int64_t chars = last + 1 - first;
            uint64_t mask = rules_of_length(p, chars);
            /* The cheap conditions first: the tables of both ends, then the strings, then
             * the walks for the rules those leave (a walk follows only their paths). */
            mask &= steps_met(p, 0, kind, data, first, first + 1 < end, mask);
            mask &= steps_met(p, 1, kind, data, last, last > start, mask);
            if (mask & with_strings) {
                uint64_t met[2] = {0, 0};
                strings_met(p, kind, data, start, end, mask & with_strings, met);
                mask &= (met[0] | ~p->has[1]) & (met[1] | ~p->has[2]);
            }
            if (mask & p->has[0]) {
                mask &= atoms_met(p, 0, kind, data, first, end, mask & p->has[0]) | ~p->has[0];
            }
            if (mask & p->has[3]) {
                mask &= atoms_met(p, 1, kind, data, last, start - 1, mask & p->has[3]) |
                        ~p->has[3];
            }
            if (cf != NULL) {
                mask &= cf->only;
                if (mask != 0 && confirm_line(cf, kind, data, index, mask,
                                              first != start || last + 1 != end, first,
                                              last + 1) < 0) {
                    return -1;
                }
            }
            else if (mask != 0) {
                const int padded = first != start || last + 1 != end;
                PyObject *lowered = Py_None;
                if (padded) {
                    Py_INCREF(lowered); /* the caller reads the whole line */
                }
                else {
                    lowered = lowered_block(kind, data, first, last + 1);
                }
                PyObject *item = candidate(index, mask, padded, lowered);
                if (item == NULL || PyList_Append(out, item) < 0) {
                    Py_XDECREF(item);
                    return -1;
                }
                Py_DECREF(item);
            }
            index++;
        }
        start = end + 1;
    }
    return index == block_count;
}

static PyObject *
candidates(PyObject *self, PyObject *args)
{
    PyObject *text, *blocks, *capsule, *risky_map = Py_None;
    if (!PyArg_ParseTuple(args, "UO!O|O", &text, &PyList_Type, &blocks, &capsule,
                          &risky_map)) {
        return NULL;
    }
    const Program *p = PyCapsule_GetPointer(capsule, PROGRAM_CAPSULE);
    if (p == NULL || PyUnicode_READY(text) < 0) {
        return NULL;
    }
    const uint8_t *risky = NULL;
    if (risky_map != Py_None) {
        if (!PyBytes_Check(risky_map) || PyBytes_GET_SIZE(risky_map) != RISKY_BYTES) {
            PyErr_SetString(PyExc_ValueError, "candidates: risky is not a code point bitmap");
            return NULL;
        }
        risky = (const uint8_t *)PyBytes_AS_STRING(risky_map);
    }
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    PyObject *risky_out = PyList_New(0);
    if (out == NULL || risky_out == NULL) {
        Py_XDECREF(out);
        Py_XDECREF(risky_out);
        return NULL;
    }
    int found;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        found = scan(p, PyUnicode_1BYTE_KIND, data, n, blocks, out, risky, risky_out, NULL);
        break;
    case PyUnicode_2BYTE_KIND:
        found = scan(p, PyUnicode_2BYTE_KIND, data, n, blocks, out, risky, risky_out, NULL);
        break;
    default:
        found = scan(p, PyUnicode_4BYTE_KIND, data, n, blocks, out, risky, risky_out, NULL);
        break;
    }
    if (found <= 0) {
        Py_DECREF(out);
        Py_DECREF(risky_out);
        if (found < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    if (risky == NULL) {
        Py_DECREF(risky_out);
        return out;
    }
    return Py_BuildValue("(NN)", out, risky_out);
}

/* hits(text, blocks, program, table, automata, only) -> (hits, padded) or None: the rule
 * scan through the prefilter (rules.__init__._Prefilter.scan): per block the hit of the
 * first rule of `only` (a mask) in priority order that matches it, or None; `padded`
 * lists the candidate lines with blanks around their block, (block index, mask), for the
 * caller. table: per rule (hit, decides, window); automata: per rule an automaton or
 * None. None when candidates would answer None. */
static PyObject *
hits(PyObject *self, PyObject *args)
{
    PyObject *text, *blocks, *capsule, *table, *autos;
    unsigned long long only;
    if (!PyArg_ParseTuple(args, "UO!OO!O!K", &text, &PyList_Type, &blocks, &capsule,
                          &PyTuple_Type, &table, &PyTuple_Type, &autos, &only)) {
        return NULL;
    }
    const Program *p = PyCapsule_GetPointer(capsule, PROGRAM_CAPSULE);
    if (p == NULL || PyUnicode_READY(text) < 0) {
        return NULL;
    }
    if (PyTuple_GET_SIZE(table) != p->rules || PyTuple_GET_SIZE(autos) != p->rules) {
        PyErr_SetString(PyExc_ValueError, "hits: one table entry and automaton per rule");
        return NULL;
    }
    Confirm cf = {.table = table, .blocks = blocks, .text = text, .only = only};
    for (int k = 0; k < p->rules; k++) {
        PyObject *entry = PyTuple_GET_ITEM(table, k);
        if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 3) {
            PyErr_SetString(PyExc_ValueError, "hits: a table entry is (hit, decides, window)");
            return NULL;
        }
        cf.window[k] = PyLong_AsLongLong(PyTuple_GET_ITEM(entry, 2));
        if (cf.window[k] == -1 && PyErr_Occurred()) {
            return NULL;
        }
        PyObject *a = PyTuple_GET_ITEM(autos, k);
        if (a != Py_None && (cf.autos[k] = PyCapsule_GetPointer(a, AUTO_CAPSULE)) == NULL) {
            return NULL;
        }
    }
    const Py_ssize_t count = PyList_GET_SIZE(blocks);
    cf.hits = PyList_New(count);
    cf.padded = PyList_New(0);
    if (cf.hits == NULL || cf.padded == NULL) {
        Py_XDECREF(cf.hits);
        Py_XDECREF(cf.padded);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_INCREF(Py_None);
        PyList_SET_ITEM(cf.hits, i, Py_None);
    }
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int found;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        found = scan(p, PyUnicode_1BYTE_KIND, data, n, blocks, NULL, NULL, NULL, &cf);
        break;
    case PyUnicode_2BYTE_KIND:
        found = scan(p, PyUnicode_2BYTE_KIND, data, n, blocks, NULL, NULL, NULL, &cf);
        break;
    default:
        found = scan(p, PyUnicode_4BYTE_KIND, data, n, blocks, NULL, NULL, NULL, &cf);
        break;
    }
    if (found <= 0) {
        Py_DECREF(cf.hits);
        Py_DECREF(cf.padded);
        if (found < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    return Py_BuildValue("(NN)", cf.hits, cf.padded);
}

static inline int
is_word(Py_UCS4 c)
{
    return Py_UNICODE_ISALNUM(c) || c == '_';
}

/* Whether the regex engine's case-insensitive reading of character c (what the plain
 * scan does on a text whose lower case is not one character per character) may differ
 * from reading the lower-cased c case-sensitively (what the prefilter's scan does), for
 * patterns whose conditions prefilter.folded_reading checks. `fixed`: a bitmap of the
 * characters the patterns' own characters have as extra case-insensitive matches
 * (re._casefix). Twin: prefilter.risky_char. */
static int
risky_char(Py_UCS4 c, const uint8_t *fixed)
{
    if (c == 0x130 || c == 0x3A3) {
        return 1; /* lower-cased into two characters, or by its neighbours */
    }
    const Py_UCS4 lower = Py_UNICODE_TOLOWER(c);
    if (is_risky(fixed, lower) || Py_UNICODE_TOLOWER(lower) != lower) {
        return 1;
    }
    if (c == lower) {
        return 0;
    }
    /* A cased c: the engine compares an uncased pattern character with c itself, and
     * tests classes without cased members (\w, \d, \s, \b) on c itself. */
    const int uncased = Py_UNICODE_TOUPPER(lower) == lower;
    return uncased || is_word(c) != is_word(lower) ||
           Py_UNICODE_ISDECIMAL(c) != Py_UNICODE_ISDECIMAL(lower) ||
           Py_UNICODE_ISSPACE(c) != Py_UNICODE_ISSPACE(lower);
}

/* risky_map(fixed) -> a bitmap of the code points risky_char names (bit c of byte
 * c / 8), for candidates; fixed: the characters to mark in risky_char's `fixed`. */
static PyObject *
risky_map(PyObject *self, PyObject *args)
{
    PyObject *fixed_text;
    if (!PyArg_ParseTuple(args, "U", &fixed_text) || PyUnicode_READY(fixed_text) < 0) {
        return NULL;
    }
    uint8_t *fixed = PyMem_Calloc(RISKY_BYTES, 1);
    if (fixed == NULL) {
        return PyErr_NoMemory();
    }
    const int kind = PyUnicode_KIND(fixed_text);
    const void *data = PyUnicode_DATA(fixed_text);
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(fixed_text); k++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, k);
        fixed[c >> 3] |= (uint8_t)(1 << (c & 7));
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, RISKY_BYTES);
    if (out == NULL) {
        PyMem_Free(fixed);
        return NULL;
    }
    uint8_t *bits = (uint8_t *)PyBytes_AS_STRING(out);
    memset(bits, 0, RISKY_BYTES);
    for (Py_UCS4 c = 0; c <= 0x10FFFF; c++) {
        if (risky_char(c, fixed)) {
            bits[c >> 3] |= (uint8_t)(1 << (c & 7));
        }
    }
    PyMem_Free(fixed);
    return out;
}

/* lower(text) -> text lower-cased one character at a time, as candidates reads it
 * (tests compare it with str.lower over every code point). */
static PyObject *
lower(PyObject *self, PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U", &text) || PyUnicode_READY(text) < 0) {
        return NULL;
    }
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_UCS4 *chars = PyMem_Malloc((n > 0 ? n : 1) * sizeof(Py_UCS4));
    if (chars == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        chars[k] = lower1(PyUnicode_READ(kind, data, k));
    }
    PyObject *out = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars, n);
    PyMem_Free(chars);
    return out;
}

static PyMethodDef methods[] = {
    {"compile", compile_program, METH_VARARGS, "compile(packed) -> program"},
    {"candidates", candidates, METH_VARARGS,
     "candidates(text, blocks, program[, risky]) -> [(block, rule mask, padded)] or None;"
     " with risky: ([(block, rule mask, padded)], [risky block]) or None"},
    {"hits", hits, METH_VARARGS,
     "hits(text, blocks, program, table, automata, only) -> (hits, padded) or None"},
    {"automaton", automaton, METH_VARARGS, "automaton(packed) -> automaton"},
    {"cache", cache_info, METH_VARARGS,
     "cache(automaton) -> (DFA states, times started over, left to the regex engine)"},
    {"matches", matches, METH_VARARGS, "matches(automaton, line, pos) -> True, False or None"},
    {"risky_map", risky_map, METH_VARARGS, "risky_map(fixed) -> bitmap of risky code points"},
    {"lower", lower, METH_VARARGS, "lower(text) -> text lower-cased one character at a time"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_rulescan", "The rule scan's prefilter (cleaner.rules.prefilter).",
    -1, methods,
};

PyMODINIT_FUNC
PyInit__rulescan(void)
{
    return PyModule_Create(&module);
}
