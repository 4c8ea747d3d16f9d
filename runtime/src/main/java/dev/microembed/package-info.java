/**
 * microembed: multilingual static sentence embeddings. {@link dev.microembed.Microembed} is the whole public API
 * (load a model folder, embed text, cosine, top-k); {@link dev.microembed.ModelFormatException} is the one error a
 * corrupt or missing model raises. Sub-packages hold the model file format ({@code model}), the tokenizer
 * ({@code tokenizer}), pooling kernels ({@code pool}) and the command line ({@code cli}).
 */
package dev.microembed;
