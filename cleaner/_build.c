/* Compiled builders of the pipeline's per-document outputs.
 *
 * outputs(source, blocks, decisions, ...): the kept text and the Removal list of one
 * document, the twin of cleaner.pipeline.outputs_plain (the kept blocks' texts joined by
 * "\n" and cleaner.pipeline._removals). tests/test_build.py checks that both give equal
 * outputs. The Removals it builds hold only strings, ints and a category (an enum member,
 * whose attributes never lead back to a removal): they can be in no reference cycle, so
 * they are left untracked by the garbage collector, whose passes would otherwise revisit
 * the hundred removals of every Result a caller keeps.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The value of a slot (read through its descriptor, as attribute access does). */
static inline PyObject *
slot_get(PyObject *descr, PyObject *obj)
{
    return Py_TYPE(descr)->tp_descr_get(descr, obj, (PyObject *)Py_TYPE(obj));
}

/* One Removal: category, text, start, end, reason, rule set through the slots' descriptors
 * (as the plain twin does), untracked when its items can hold no cycle. */
static PyObject *
new_removal(PyTypeObject *type, PyObject *setters, PyTypeObject *leaf, PyObject *source,
            Py_ssize_t start, Py_ssize_t end, PyObject *decision, PyObject *getters)
{
    PyObject *values[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
    PyObject *removal = NULL;
    values[0] = slot_get(PyTuple_GET_ITEM(getters, 0), decision);
    values[1] = PyUnicode_Substring(source, start, end);
    values[2] = PyLong_FromSsize_t(start);
    values[3] = PyLong_FromSsize_t(end);
    values[4] = slot_get(PyTuple_GET_ITEM(getters, 1), decision);
    values[5] = slot_get(PyTuple_GET_ITEM(getters, 2), decision);
    for (int k = 0; k < 6; k++) {
        if (values[k] == NULL) {
            goto done;
        }
    }
    removal = type->tp_alloc(type, 0);
    if (removal == NULL) {
        goto done;
    }
    int acyclic = 1;
    for (int k = 0; k < 6; k++) {
        PyObject *descr = PyTuple_GET_ITEM(setters, k);
        if (Py_TYPE(descr)->tp_descr_set(descr, removal, values[k]) < 0) {
            Py_CLEAR(removal);
            goto done;
        }
        if (PyObject_GC_IsTracked(values[k]) && Py_TYPE(values[k]) != leaf) {
            acyclic = 0;
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
same_decision(PyObject *a, PyObject *b, PyObject *reason_getter)
{
    if (a == b) {
        return 1;
    }
    PyObject *ra = slot_get(reason_getter, a);
    if (ra == NULL) {
        return -1;
    }
    PyObject *rb = slot_get(reason_getter, b);
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

/* outputs(source, blocks, decisions, removal_type, setters, getters, leaf) ->
 *     (kept_text, removals)
 * blocks: list of (start, end, text) tuples; decisions: list of None or a decision whose
 * category, reason and rule the three getters (slot descriptors) read; setters: the six
 * slot descriptors of removal_type (category, text, start, end, reason, rule); leaf: the
 * category's type. The kept text is the texts of the blocks whose decision is None joined
 * by "\n"; one removal per run of adjacent removed blocks with equal decisions, from the
 * run's first start to its last end. */
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
    for (int k = 0; k < 3; k++) {
        PyObject *d = PyTuple_GET_ITEM(getters, k);
        if (Py_TYPE(d)->tp_descr_get == NULL) {
            PyErr_SetString(PyExc_TypeError, "outputs: getters must be descriptors");
            return NULL;
        }
    }
    PyObject *kept = PyList_New(0), *removed = PyList_New(0), *result = NULL;
    if (kept == NULL || removed == NULL) {
        goto done;
    }
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
            b++;
            continue;
        }
        Py_ssize_t last = b;
        while (last + 1 < n) {
            PyObject *other = PyList_GET_ITEM(decisions, last + 1);
            if (other == Py_None) {
                break;
            }
            int same = same_decision(other, decision, PyTuple_GET_ITEM(getters, 1));
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
        Py_ssize_t start = PyLong_AsSsize_t(PyTuple_GET_ITEM(block, 0));
        if (start == -1 && PyErr_Occurred()) {
            goto done;
        }
        Py_ssize_t end = PyLong_AsSsize_t(PyTuple_GET_ITEM(closing, 1));
        if (end == -1 && PyErr_Occurred()) {
            goto done;
        }
        if (start < 0 || end < start || end > PyUnicode_GET_LENGTH(source)) {
            PyErr_SetString(PyExc_ValueError, "outputs: a block outside the source");
            goto done;
        }
        PyObject *removal = new_removal(type, setters, leaf, source, start, end, decision, getters);
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
    PyObject *separator = PyUnicode_FromOrdinal('\n');
    if (separator == NULL) {
        goto done;
    }
    PyObject *text = PyUnicode_Join(separator, kept);
    Py_DECREF(separator);
    if (text == NULL) {
        goto done;
    }
    result = PyTuple_Pack(2, text, removed);
    Py_DECREF(text);
done:
    Py_XDECREF(kept);
    Py_XDECREF(removed);
    return result;
}

static PyMethodDef methods[] = {
    {"outputs", outputs, METH_VARARGS,
     "outputs(source, blocks, decisions, removal_type, setters, getters, leaf): the kept "
     "text and the removals of one document (cleaner.pipeline.outputs_plain)."},
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
