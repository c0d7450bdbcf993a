/* The usual case of archive.pg_vector's `meeting_vector_binary` in C (built by archive/native.py).

   vector(parts, lexemes) takes the four texts of a meeting (title, agreed points, statements,
   source text) as UTF-8 bytes, lower-cased already where they hold non-ASCII characters, and
   returns one of:
   - bytes: the search vector in tsvector's binary form, exactly as pg_vector's Python computes it
     (tokens are runs of ASCII letters and digits and non-ASCII bytes; ASCII letters lower-cased;
     positions count tokens from 1 across the parts, weighted A, A, B and C);
   - a list: the distinct words (bytes) missing from `lexemes`, which the caller adds (with their
     NUL-terminated lexemes, or None) before asking again;
   - None: a case this code leaves to the Python: more than 16,383 tokens, a word whose lexeme is
     None (a scientific number, an over-long word), or a lexeme over its limits whose cut shifts
     the numbering of the next part (see `_limited` in archive/pg_vector.py).

   The Python groups each token into a dict of lists; here the words are found in one hash table
   over the text's own bytes, and only the distinct words become Python objects. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POSITION 16383
#define PART_POSITIONS 255
#define CONCAT_POSITIONS 256

/* Per byte: 0 for a separator (ASCII that is not a letter or digit), else the byte as it counts
   in a word (ASCII letters lower-cased, digits and non-ASCII bytes as they are). */
static unsigned char WORD_BYTE[256];

typedef struct {
    Py_ssize_t start; /* into the lower-cased copy of the texts */
    Py_ssize_t length;
    uint64_t hash;
    Py_ssize_t count;  /* positions */
    Py_ssize_t first;  /* index of its first position in the grouped positions */
    PyObject *lexeme;  /* a reference of its own: a dict key's __eq__ may change the dict */
    uint64_t key;      /* the lexeme's first 8 bytes, big-endian, zero-padded: sorts as it */
} Word;

/* Lexemes in bytewise order, as the database keeps them (each ends with its NUL and holds no
   other, so a zero-padded prefix orders as the lexeme up to its end). */
static inline int
by_lexeme(const Word *x, const Word *y)
{
    if (x->key != y->key) {
        return x->key < y->key ? -1 : 1;
    }
    Py_ssize_t la = PyBytes_GET_SIZE(x->lexeme), lb = PyBytes_GET_SIZE(y->lexeme);
    if (la <= 8 || lb <= 8) {
        return (la > lb) - (la < lb); /* both ended within the prefix: equal */
    }
    int found = memcmp(PyBytes_AS_STRING(x->lexeme), PyBytes_AS_STRING(y->lexeme),
                       (size_t)(la < lb ? la : lb));
    if (found != 0) {
        return found;
    }
    return (la > lb) - (la < lb);
}

/* A word list is short (a few hundred): a merge sort, stable, with no comparison callback. */
static void
sort_words(Py_ssize_t *items, Py_ssize_t *scratch, Py_ssize_t n, const Word *words)
{
    if (n < 2) {
        return;
    }
    Py_ssize_t half = n / 2;
    sort_words(items, scratch, half, words);
    sort_words(items + half, scratch, n - half, words);
    if (by_lexeme(&words[items[half - 1]], &words[items[half]]) <= 0) {
        return; /* in order already */
    }
    Py_ssize_t i = 0, j = half, k = 0;
    while (i < half && j < n) {
        if (by_lexeme(&words[items[j]], &words[items[i]]) < 0) {
            scratch[k++] = items[j++];
        }
        else {
            scratch[k++] = items[i++];
        }
    }
    while (i < half) {
        scratch[k++] = items[i++];
    }
    while (j < n) {
        scratch[k++] = items[j++];
    }
    memcpy(items, scratch, (size_t)k * sizeof(Py_ssize_t));
}

static int
by_number(const void *x, const void *y)
{
    return (int)*(const uint16_t *)x - (int)*(const uint16_t *)y;
}

/* pg_vector's `_limited` for one lexeme's codes (ascending positions, n >= 255), in place: at
   most 255 positions in each part and 256 in all. The new count, or -1 when a part's last token
   is among those dropped (then `||` numbers the next part otherwise: the Python's case). */
static Py_ssize_t
limited(uint16_t *codes, Py_ssize_t n, const Py_ssize_t *ends)
{
    const Py_ssize_t bounds[4] = {ends[0], ends[1], ends[2], MAX_POSITION};
    Py_ssize_t start = 0, kept = 0;
    for (int part = 0; part < 4; part++) {
        Py_ssize_t end = bounds[part], stop = start;
        while (stop < n && (Py_ssize_t)(codes[stop] & MAX_POSITION) <= end) {
            stop++;
        }
        Py_ssize_t take = stop - start;
        if (take > PART_POSITIONS) {
            take = PART_POSITIONS;
        }
        if (take > CONCAT_POSITIONS - kept) {
            take = CONCAT_POSITIONS - kept;
        }
        for (Py_ssize_t k = start + take; k < stop; k++) {
            if ((Py_ssize_t)(codes[k] & MAX_POSITION) == end) {
                return -1;
            }
        }
        memmove(codes + kept, codes + start, (size_t)take * sizeof(uint16_t));
        kept += take;
        start = stop;
    }
    return kept;
}

static PyObject *
vector(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *parts, *lexemes;
    if (!PyArg_ParseTuple(args, "O!O!:vector", &PyList_Type, &parts, &PyDict_Type, &lexemes)) {
        return NULL;
    }
    if (PyList_GET_SIZE(parts) != 4) {
        PyErr_SetString(PyExc_ValueError, "vector() takes the four texts");
        return NULL;
    }
    Py_ssize_t total = 0;
    for (int p = 0; p < 4; p++) {
        PyObject *part = PyList_GET_ITEM(parts, p);
        if (!PyBytes_Check(part)) {
            PyErr_SetString(PyExc_TypeError, "vector() takes texts as bytes");
            return NULL;
        }
        total += PyBytes_GET_SIZE(part) + 1;
    }

    PyObject *result = NULL;
    unsigned char *text = NULL;
    Py_ssize_t *token_word = NULL, *table = NULL, *order = NULL, *scratch = NULL;
    Word *words = NULL;
    Py_ssize_t distinct = 0; /* words[:distinct] are set, their `lexeme` NULL or owned */
    uint16_t *positions = NULL, *merged = NULL;

    /* The texts lower-cased, one after the other, each ended by a separator. */
    text = (unsigned char *)PyMem_Malloc((size_t)total);
    /* At most one token for every two bytes (a byte and its separator), and never more than
       MAX_POSITION: the count stops there. */
    Py_ssize_t most = total / 2 + 1;
    if (most > MAX_POSITION + 1) {
        most = MAX_POSITION + 1;
    }
    Py_ssize_t capacity = 64;
    while (capacity < 2 * most) {
        capacity *= 2;
    }
    token_word = PyMem_Malloc((size_t)most * sizeof(Py_ssize_t));
    words = PyMem_Malloc((size_t)most * sizeof(Word));
    table = PyMem_Malloc((size_t)capacity * sizeof(Py_ssize_t));
    if (text == NULL || token_word == NULL || words == NULL || table == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    memset(table, 0xff, (size_t)capacity * sizeof(Py_ssize_t)); /* -1: empty */

    Py_ssize_t at = 0, tokens = 0;
    Py_ssize_t ends[4]; /* tokens up to the end of each part */
    for (int p = 0; p < 4; p++) {
        PyObject *part = PyList_GET_ITEM(parts, p);
        const unsigned char *source = (const unsigned char *)PyBytes_AS_STRING(part);
        Py_ssize_t size = PyBytes_GET_SIZE(part);
        Py_ssize_t i = 0;
        while (i < size) {
            unsigned char c = WORD_BYTE[source[i]];
            if (c == 0) {
                i++;
                continue;
            }
            Py_ssize_t start = at;
            uint64_t hash = 14695981039346656037ULL;
            while (i < size && (c = WORD_BYTE[source[i]]) != 0) {
                text[at++] = c;
                hash = (hash ^ c) * 1099511628211ULL;
                i++;
            }
            Py_ssize_t length = at - start;
            if (tokens >= MAX_POSITION) {
                Py_INCREF(Py_None); /* the Python's long path */
                result = Py_None;
                goto done;
            }
            Py_ssize_t slot = (Py_ssize_t)(hash & (uint64_t)(capacity - 1));
            for (;;) {
                Py_ssize_t w = table[slot];
                if (w < 0) {
                    words[distinct].start = start;
                    words[distinct].length = length;
                    words[distinct].hash = hash;
                    words[distinct].count = 0;
                    words[distinct].lexeme = NULL;
                    table[slot] = distinct;
                    w = distinct++;
                }
                else if (words[w].hash != hash || words[w].length != length ||
                         memcmp(text + words[w].start, text + start, (size_t)length) != 0) {
                    slot = (slot + 1) & (capacity - 1);
                    continue;
                }
                else {
                    at = start; /* a word seen before: its bytes are there already */
                }
                words[w].count++;
                token_word[tokens++] = w;
                break;
            }
        }
        ends[p] = tokens;
    }

    /* Each word's lexeme; the words missing from the dict are returned to be learnt. */
    PyObject *missing = NULL;
    int unusual = 0;
    for (Py_ssize_t w = 0; w < distinct; w++) {
        PyObject *key = PyBytes_FromStringAndSize((const char *)text + words[w].start,
                                                  words[w].length);
        if (key == NULL) {
            Py_XDECREF(missing);
            goto done;
        }
        PyObject *found = PyDict_GetItemWithError(lexemes, key);
        if (found == NULL) {
            if (PyErr_Occurred()) {
                Py_DECREF(key);
                Py_XDECREF(missing);
                goto done;
            }
            if (missing == NULL && (missing = PyList_New(0)) == NULL) {
                Py_DECREF(key);
                goto done;
            }
            if (PyList_Append(missing, key) < 0) {
                Py_DECREF(key);
                Py_DECREF(missing);
                goto done;
            }
        }
        else if (found == Py_None) {
            unusual = 1;
        }
        else if (!PyBytes_Check(found) || PyBytes_GET_SIZE(found) == 0) {
            Py_DECREF(key);
            Py_XDECREF(missing);
            PyErr_SetString(PyExc_TypeError, "a lexeme must be NUL-terminated bytes or None");
            goto done;
        }
        else {
            Py_INCREF(found);
            words[w].lexeme = found;
            const unsigned char *bytes = (const unsigned char *)PyBytes_AS_STRING(found);
            Py_ssize_t length = PyBytes_GET_SIZE(found);
            uint64_t key = 0;
            for (int k = 0; k < 8; k++) {
                key = (key << 8) | (k < length ? bytes[k] : 0);
            }
            words[w].key = key;
        }
        Py_DECREF(key);
    }
    if (missing != NULL) {
        result = missing;
        goto done;
    }
    if (unusual) {
        Py_INCREF(Py_None);
        result = Py_None;
        goto done;
    }

    /* Each word's positions, ascending, grouped by word. */
    positions = PyMem_Malloc((size_t)(tokens + 1) * sizeof(uint16_t));
    merged = PyMem_Malloc((size_t)(tokens + 1) * sizeof(uint16_t));
    order = PyMem_Malloc((size_t)(distinct + 1) * sizeof(Py_ssize_t));
    scratch = PyMem_Malloc((size_t)(distinct + 1) * sizeof(Py_ssize_t));
    if (positions == NULL || merged == NULL || order == NULL || scratch == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t next = 0;
    for (Py_ssize_t w = 0; w < distinct; w++) {
        words[w].first = next;
        next += words[w].count;
        words[w].count = 0;
        order[w] = w;
    }
    Py_ssize_t a = ends[1], b = ends[2];
    for (Py_ssize_t t = 0; t < tokens; t++) {
        Word *word = &words[token_word[t]];
        Py_ssize_t position = t + 1;
        unsigned int weight = position <= a ? 3 : position <= b ? 2 : 1;
        positions[word->first + word->count++] = (uint16_t)((weight << 14) | position);
    }
    sort_words(order, scratch, distinct, words);

    /* Each lexeme's codes in `merged` (words sharing one are next to each other in `order`),
       its positions within the limits; then the result. */
    Py_ssize_t size = 4, groups = 0, used = 0;
    for (Py_ssize_t i = 0; i < distinct;) {
        Py_ssize_t j = i + 1;
        while (j < distinct && by_lexeme(&words[order[j]], &words[order[i]]) == 0) {
            j++;
        }
        uint16_t *codes = merged + used;
        Py_ssize_t n = 0;
        for (Py_ssize_t k = i; k < j; k++) {
            memcpy(codes + n, positions + words[order[k]].first,
                   (size_t)words[order[k]].count * sizeof(uint16_t));
            n += words[order[k]].count;
        }
        if (j > i + 1) {
            /* Words sharing a lexeme ("meet", "meeting"): their positions in one order. */
            for (Py_ssize_t k = 0; k < n; k++) {
                codes[k] &= MAX_POSITION;
            }
            qsort(codes, (size_t)n, sizeof(uint16_t), by_number);
            for (Py_ssize_t k = 0; k < n; k++) {
                Py_ssize_t position = codes[k];
                unsigned int weight = position <= a ? 3 : position <= b ? 2 : 1;
                codes[k] = (uint16_t)((weight << 14) | position);
            }
        }
        if (n >= PART_POSITIONS) {
            n = limited(codes, n, ends);
            if (n < 0) {
                Py_INCREF(Py_None); /* numbered otherwise: the Python's `_by_parts` */
                result = Py_None;
                goto done;
            }
        }
        /* `order[groups]` is free to hold the group's first word; `scratch` its size. */
        order[groups] = order[i];
        scratch[groups] = n;
        groups++;
        used += n;
        size += PyBytes_GET_SIZE(words[order[i]].lexeme) + 2 + 2 * n;
        i = j;
    }
    result = PyBytes_FromStringAndSize(NULL, size);
    if (result == NULL) {
        goto done;
    }
    unsigned char *out = (unsigned char *)PyBytes_AS_STRING(result);
    out[0] = (unsigned char)(groups >> 24);
    out[1] = (unsigned char)(groups >> 16);
    out[2] = (unsigned char)(groups >> 8);
    out[3] = (unsigned char)groups;
    out += 4;
    const uint16_t *codes = merged;
    for (Py_ssize_t g = 0; g < groups; g++) {
        PyObject *lexeme = words[order[g]].lexeme;
        Py_ssize_t n = scratch[g];
        Py_ssize_t length = PyBytes_GET_SIZE(lexeme);
        memcpy(out, PyBytes_AS_STRING(lexeme), (size_t)length);
        out += length;
        *out++ = (unsigned char)(n >> 8);
        *out++ = (unsigned char)n;
        for (Py_ssize_t k = 0; k < n; k++) {
            *out++ = (unsigned char)(codes[k] >> 8);
            *out++ = (unsigned char)codes[k];
        }
        codes += n;
    }

done:
    for (Py_ssize_t w = 0; w < distinct; w++) {
        Py_XDECREF(words[w].lexeme);
    }
    PyMem_Free(text);
    PyMem_Free(token_word);
    PyMem_Free(words);
    PyMem_Free(table);
    PyMem_Free(positions);
    PyMem_Free(merged);
    PyMem_Free(order);
    PyMem_Free(scratch);
    return result;
}

static PyMethodDef methods[] = {
    {"vector", vector, METH_VARARGS,
     "vector(parts, lexemes): a meeting's search vector in binary form, the missing words, or "
     "None (see archive/_vector.c)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef definition = {
    PyModuleDef_HEAD_INIT, "archive._vector", NULL, -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__vector(void)
{
    for (int c = 0; c < 256; c++) {
        if (c >= 128 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) {
            WORD_BYTE[c] = (unsigned char)c;
        }
        else if (c >= 'A' && c <= 'Z') {
            WORD_BYTE[c] = (unsigned char)(c - 'A' + 'a');
        }
        else {
            WORD_BYTE[c] = 0;
        }
    }
    return PyModule_Create(&definition);
}
