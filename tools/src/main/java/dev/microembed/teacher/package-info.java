/**
 * Transformer teachers for distillation: {@link dev.microembed.teacher.OnnxTeacher} runs an ONNX encoder
 * (e5-small-v2 from the langchain4j jars on the classpath, or any folder with {@code model.onnx} and a
 * Hugging Face {@code tokenizer.json}) with ONNX Runtime on the CPU, tokenises with DJL's Hugging Face
 * tokenizers binding, and pools the last hidden state into one vector per text ({@link dev.microembed.teacher.Pooling}).
 * Offline tools only: the runtime never depends on this package.
 */
package dev.microembed.teacher;
