/**
 * Evaluation harness ({@code microembed eval}): reads task data named by path (STS CSV, aligned
 * bitext, text/label classification files), embeds it with every compared model (microembed int8
 * and float, the e5-small-v2 teacher in fp32 and int8 ONNX, Lucene BM25, averaged fastText vectors;
 * each one {@link dev.microembed.eval.EvalModel} implementation), scores quality (Spearman/Pearson,
 * Tatoeba retrieval accuracy, logistic-regression accuracy and macro-F1) and speed/memory in the
 * same run, and writes a terminal table, JSON and a Markdown report with charts. {@link
 * dev.microembed.eval.StsData} and {@link dev.microembed.eval.Metrics} are also used by distillation
 * and training for model selection on dev splits. Usage and choices: docs/evaluation.md.
 */
package dev.microembed.eval;
