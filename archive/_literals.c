/* Which of many literal strings occur in a text, in one pass (built by archive/native.py).

   occurring(text, needles) takes a str and a tuple of non-empty str and returns the frozenset of
   the indexes i for which `needles[i] in text`: exactly what the Python test gives, needle by
   needle, for any text. archive/parsing/publishers.py asks it about every publisher's literal
   cues at once, where a test per cue would scan the text about a hundred times.

   Each position of the text is looked up by its first two characters in a table of the needles'
   first two (65,536 bits, as bytes of 8); where one may start there, the needles beginning with
   that character are compared in full. A needle of one character is found with a test of its
   own. The table is made once for a tuple of needles and kept while the same tuple is passed. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NEEDLES 4096

typedef struct {
    Py_ssize_t index;  /* in the tuple */
    Py_ssize_t length;
    int kind;
    const void *data;
    Py_UCS4 first;
    Py_UCS4 second;
} Needle;

static int
by_first(const void *a, const void *b)
{
    const Needle *x = a, *y = b;
    if (x->first != y->first) {
        return x->first < y->first ? -1 : 1;
    }
    return x->index < y->index ? -1 : (x->index > y->index);
}

/* The bigram table's key: both characters' low bytes. Characters past U+00FF share keys with
   others; a shared key only sends the position on to the full comparison. */
static inline unsigned int
key_of(Py_UCS4 first, Py_UCS4 second)
{
    return ((first & 0xFF) << 8) | (second & 0xFF);
}

static int
matches_at(int kind, const void *data, Py_ssize_t at, const Needle *needle)
{
    if (kind == PyUnicode_1BYTE_KIND && needle->kind == PyUnicode_1BYTE_KIND) {
        return memcmp((const Py_UCS1 *)data + at, needle->data, (size_t)needle->length) == 0;
    }
    for (Py_ssize_t k = 0; k < needle->length; k++) {
        if (PyUnicode_READ(kind, data, at + k) != PyUnicode_READ(needle->kind, needle->data, k)) {
            return 0;
        }
    }
    return 1;
}

/* The needles of the last call, ready: callers ask about the same tuple again and again. */
static struct {
    PyObject *needles; /* a reference of its own, so the tuple cannot be replaced by another */
    Needle *table;     /* needles of two characters or more, sorted by first character */
    Py_ssize_t pairs;
    Py_ssize_t *singles; /* indexes of the needles of one character */
    Py_ssize_t count_singles;
    unsigned char bigrams[65536 / 8];
} ready;

static int
prepare(PyObject *needles)
{
    if (ready.needles == needles) {
        return 0;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(needles);
    if (count > MAX_NEEDLES) {
        PyErr_SetString(PyExc_ValueError, "occurring: too many needles");
        return -1;
    }
    Needle *table = PyMem_Calloc(count ? (size_t)count : 1, sizeof(Needle));
    Py_ssize_t *singles = PyMem_Calloc(count ? (size_t)count : 1, sizeof(Py_ssize_t));
    if (table == NULL || singles == NULL) {
        PyMem_Free(table);
        PyMem_Free(singles);
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t pairs = 0, count_singles = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *needle = PyTuple_GET_ITEM(needles, i);
        if (!PyUnicode_Check(needle) || PyUnicode_GET_LENGTH(needle) == 0) {
            PyMem_Free(table);
            PyMem_Free(singles);
            PyErr_SetString(PyExc_TypeError, "occurring: needles must be non-empty str");
            return -1;
        }
        if (PyUnicode_GET_LENGTH(needle) == 1) {
            singles[count_singles++] = i;
            continue;
        }
        Needle *n = &table[pairs++];
        n->index = i;
        n->length = PyUnicode_GET_LENGTH(needle);
        n->kind = PyUnicode_KIND(needle);
        n->data = PyUnicode_DATA(needle);
        n->first = PyUnicode_READ(n->kind, n->data, 0);
        n->second = PyUnicode_READ(n->kind, n->data, 1);
    }
    qsort(table, (size_t)pairs, sizeof(Needle), by_first);
    PyMem_Free(ready.table);
    PyMem_Free(ready.singles);
    Py_XSETREF(ready.needles, Py_NewRef(needles));
    ready.table = table;
    ready.pairs = pairs;
    ready.singles = singles;
    ready.count_singles = count_singles;
    memset(ready.bigrams, 0, sizeof(ready.bigrams));
    for (Py_ssize_t j = 0; j < pairs; j++) {
        unsigned int key = key_of(table[j].first, table[j].second);
        ready.bigrams[key >> 3] |= (unsigned char)(1u << (key & 7));
    }
    return 0;
}

static PyObject *
occurring(PyObject *self, PyObject *args)
{
    PyObject *text, *needles;
    if (!PyArg_ParseTuple(args, "UO!:occurring", &text, &PyTuple_Type, &needles)) {
        return NULL;
    }
    if (prepare(needles) < 0) {
        return NULL;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(needles);
    char *found = PyMem_Calloc(count ? (size_t)count : 1, 1);
    if (found == NULL) {
        return PyErr_NoMemory();
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    const Needle *table = ready.table;
    Py_ssize_t pairs = ready.pairs;

    for (Py_ssize_t s = 0; s < ready.count_singles; s++) {
        Py_ssize_t i = ready.singles[s];
        PyObject *needle = PyTuple_GET_ITEM(needles, i);
        Py_UCS4 c = PyUnicode_READ_CHAR(needle, 0);
        found[i] = PyUnicode_FindChar(text, c, 0, size, 1) >= 0;
    }
    Py_ssize_t left = pairs; /* needles of two characters or more not found yet */
    for (Py_ssize_t at = 0; left > 0 && at + 1 < size; at++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, at);
        unsigned int key = key_of(c, PyUnicode_READ(kind, data, at + 1));
        if (!(ready.bigrams[key >> 3] & (1u << (key & 7)))) {
            continue;
        }
        /* The needles starting with c: a run of the sorted table, found by bisection. */
        Py_ssize_t low = 0, high = pairs;
        while (low < high) {
            Py_ssize_t mid = (low + high) / 2;
            if (table[mid].first < c) {
                low = mid + 1;
            }
            else {
                high = mid;
            }
        }
        for (Py_ssize_t j = low; j < pairs && table[j].first == c; j++) {
            const Needle *n = &table[j];
            if (!found[n->index] && n->length <= size - at && matches_at(kind, data, at, n)) {
                found[n->index] = 1;
                left--;
            }
        }
    }

    PyObject *result = PyFrozenSet_New(NULL);
    for (Py_ssize_t i = 0; result != NULL && i < count; i++) {
        if (!found[i]) {
            continue;
        }
        PyObject *number = PyLong_FromSsize_t(i);
        if (number == NULL || PySet_Add(result, number) < 0) {
            Py_CLEAR(result);
        }
        Py_XDECREF(number);
    }
    PyMem_Free(found);
    return result;
}

static PyMethodDef methods[] = {
    {"occurring", occurring, METH_VARARGS,
     "occurring(text, needles): the frozenset of indexes i with needles[i] in text (see "
     "archive/_literals.c)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef definition = {
    PyModuleDef_HEAD_INIT, "archive._literals", NULL, -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__literals(void)
{
    return PyModule_Create(&definition);
}
