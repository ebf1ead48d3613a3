#!/usr/bin/env python3
"""Writes ONNX TfIdfVectorizer models for cases ONNX's backend tests leave
out: int32 tokens with a batch and a row length known only at run time
(rows shorter than some windows), skips with trigrams, TFIDF and IDF with
weights, IDF without, n-gram lengths outside [min, max] in the pool, two
n-grams sharing an output column, and columns no n-gram maps to. Weights
belong to the pool's n-grams, as in the specification and onnxruntime
(ONNX's reference reads them by output column, which differs here).

Valid models go to OUT_DIR/valid/NAME/ (OUT_DIR/dynamic/NAME/ when their
data sets differ in size); the reference is onnxruntime. Models the
importer must reject go to OUT_DIR/NAME.onnx.
"""
import sys

import numpy as np
from onnx import TensorProto, helper

import modelgen
from modelgen import vi

OUT = sys.argv[1]
rng = np.random.default_rng(23)
I32, I64, F = TensorProto.INT32, TensorProto.INT64, TensorProto.FLOAT


def tfidf(x_shape, x_type=I64, **attrs):
    node = helper.make_node("TfIdfVectorizer", ["x"], ["y"], name="tfidf", **attrs)
    return modelgen.model([node], [vi("x", x_shape, x_type)], [vi("y", None, F)], opset=9)


def tokens(*shape, dtype=np.int64, high=5):
    return rng.integers(0, high, shape).astype(dtype)


# Unigrams, bigrams and trigrams with skips up to 2 over int32 tokens; the
# batch and row length are symbolic, and the second data set's rows are
# shorter than the widest (skip 2, trigram: span 5) windows.
pool = [1, 2, 3,              # unigrams
        1, 2, 2, 3, 3, 1,     # bigrams
        1, 2, 3, 2, 2, 2]     # trigrams
modelgen.save_valid(OUT, "skips_int32", tfidf(
    ["N", "L"], I32, mode="TF", min_gram_length=1, max_gram_length=3, max_skip_count=2,
    pool_int64s=pool, ngram_counts=[0, 3, 9], ngram_indexes=list(range(8))),
    {"x": tokens(3, 12, dtype=np.int32, high=4)},
    {"x": tokens(2, 4, dtype=np.int32, high=4)}, folder="dynamic")

# 1-D input, TFIDF with weights; the pool's unigrams and trigrams lie
# outside [min, max] = [2, 2] and count nothing; columns 0 and 5 receive no
# counted n-gram, and two bigrams share column 3.
modelgen.save_valid(OUT, "tfidf_weights_1d", tfidf(
    [20], mode="TFIDF", min_gram_length=2, max_gram_length=2, max_skip_count=1,
    pool_int64s=[4, 7, 4, 7, 7, 4, 1, 1, 9, 9, 9],
    ngram_counts=[0, 2, 8], ngram_indexes=[0, 5, 1, 3, 3, 2],
    weights=[0.5, 1.5, 2.0, 0.25, 3.0, 4.0]),
    {"x": np.array([4, 7, 7, 4, 1, 1, 4, 9, 9, 9, 7, 4, 4, 7, 1, 1, 0, 7, 4, 4],
                   np.int64)})

# IDF with weights and without, on a batch.
for name, extra in [("idf_weights", {"weights": [0.1, 0.2, 0.3, 0.4, 0.5]}),
                    ("idf_plain", {})]:
    modelgen.save_valid(OUT, name, tfidf(
        [4, 9], mode="IDF", min_gram_length=1, max_gram_length=2, max_skip_count=0,
        pool_int64s=[0, 3, 0, 1, 2, 2, 3, 4], ngram_counts=[0, 2],
        ngram_indexes=[4, 0, 1, 2, 3], **extra),
        {"x": tokens(4, 9)})

# IDF where two unigrams with the same weight share column 0.
modelgen.save_valid(OUT, "idf_shared_column", tfidf(
    [3, 6], mode="IDF", min_gram_length=1, max_gram_length=1, max_skip_count=0,
    pool_int64s=[1, 2, 3], ngram_counts=[0], ngram_indexes=[0, 0, 1],
    weights=[2.5, 2.5, 7.0]),
    {"x": np.array([[1, 1, 0, 0, 0, 0], [2, 0, 3, 0, 0, 0], [0, 0, 0, 0, 0, 0]], np.int64)})

# No pool n-gram has a counted length (only unigrams; the bigram group is
# empty and min_gram_length is 2):
# zeros in every column, with a batch known only at run time.
modelgen.save_valid(OUT, "nothing_counted", tfidf(
    ["N", 5], mode="TF", min_gram_length=2, max_gram_length=2, max_skip_count=0,
    pool_int64s=[1, 2, 3], ngram_counts=[0, 3], ngram_indexes=[0, 2, 1]),
    {"x": tokens(3, 5)})

# A max_skip_count far beyond a static row length: skips past the row
# count nothing and are not built. (With the row length dynamic, the same
# model is an import error: tfidf_huge_skip.)
modelgen.save_valid(OUT, "skip_beyond_row", tfidf(
    [2, 6], mode="TF", min_gram_length=2, max_gram_length=2, max_skip_count=1000000,
    pool_int64s=[1, 2, 2, 1], ngram_counts=[0, 0], ngram_indexes=[0, 1]),
    {"x": tokens(2, 6, high=3)}, folder="static")

# Models the importer rejects, each with one clear line.
modelgen.save_invalid(OUT, "tfidf_strings", tfidf(
    [4], mode="TF", min_gram_length=1, max_gram_length=1, max_skip_count=0,
    pool_strings=["a", "b"], ngram_counts=[0], ngram_indexes=[0, 1]))
modelgen.save_invalid(OUT, "tfidf_index_count", tfidf(
    [4], mode="TF", min_gram_length=1, max_gram_length=2, max_skip_count=0,
    pool_int64s=[1, 2, 3, 4], ngram_counts=[0, 2], ngram_indexes=[0, 1]))
modelgen.save_invalid(OUT, "tfidf_ragged_pool", tfidf(
    [4], mode="TF", min_gram_length=1, max_gram_length=2, max_skip_count=0,
    pool_int64s=[1, 2, 3], ngram_counts=[0, 2], ngram_indexes=[0, 1, 2]))
modelgen.save_invalid(OUT, "tfidf_mode", tfidf(
    [4], mode="BM25", min_gram_length=1, max_gram_length=1, max_skip_count=0,
    pool_int64s=[1], ngram_counts=[0], ngram_indexes=[0]))
modelgen.save_invalid(OUT, "tfidf_float_tokens", tfidf(
    [4], F, mode="TF", min_gram_length=1, max_gram_length=1, max_skip_count=0,
    pool_int64s=[1], ngram_counts=[0], ngram_indexes=[0]))
modelgen.save_invalid(OUT, "tfidf_idf_shared_weights", tfidf(
    [4], mode="IDF", min_gram_length=1, max_gram_length=1, max_skip_count=0,
    pool_int64s=[1, 2], ngram_counts=[0], ngram_indexes=[0, 0], weights=[1.0, 2.0]))
modelgen.save_invalid(OUT, "tfidf_short_weights", tfidf(
    [4], mode="TFIDF", min_gram_length=1, max_gram_length=1, max_skip_count=0,
    pool_int64s=[1, 2], ngram_counts=[0], ngram_indexes=[0, 1], weights=[1.0]))
modelgen.save_invalid(OUT, "tfidf_huge_skip", tfidf(
    ["N", "L"], mode="TF", min_gram_length=2, max_gram_length=2, max_skip_count=2 ** 40,
    pool_int64s=[1, 2], ngram_counts=[0, 0], ngram_indexes=[0]))
