/**
 * The distillation pipeline behind {@code microembed distill} ({@link dev.microembed.distill.DistillCommand}): Model2Vec's method as six stages, each one class
 * that reads file artifacts from a work directory and writes one (atomically): {@link dev.microembed.distill.VocabularyStage}
 * (mBERT WordPiece + emoji/hashtag/slang added tokens, pruned by corpus frequency), {@link dev.microembed.distill.TeacherEmbeddingStage}
 * (each token through the ONNX teacher, checkpointed per batch), {@link dev.microembed.distill.PcaStage} (EJML PCA to 64-d),
 * {@link dev.microembed.distill.WeightsStage} (SIF / IDF / uniform pooling weights from real corpus counts),
 * the optional training stage {@link dev.microembed.train.TrainStage}, {@link dev.microembed.distill.QuantizeStage} (int8,
 * per-dimension symmetric scales, validated) and {@link dev.microembed.distill.ExportStage} (model folder + manifest).
 * {@link dev.microembed.eval.StsScorer} (through {@link dev.microembed.distill.DistillConfig#devSts}) scores models and the
 * teacher on the STS dev splits for model selection.
 */
package dev.microembed.distill;
