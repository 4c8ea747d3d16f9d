/**
 * Training stage of the offline pipeline: starting from the plain-distilled token table, the rows and
 * per-token pooling weights are trained so that the static model's pooled sentence vectors reproduce
 * the teacher's (e5-small-v2) sentence embeddings — monolingually on real English sentences
 * (Tokenlearn-style corpus distillation) and across languages by pulling each translation toward the
 * teacher embedding of its English source (Reimers and Gurevych 2020). Gradients are written by hand:
 * the model is a sum of rows, so backpropagation is a scatter into the touched rows, updated with
 * sparse Adam, which keeps rows the data never touches at their plain-distilled values.
 * {@link dev.microembed.train.TrainStage} is the pipeline stage, {@link dev.microembed.train.TrainCommand}
 * the {@code microembed train} command; see docs/training.md.
 */
package dev.microembed.train;
