package dev.microembed.distill;

import dev.microembed.model.SafetensorsReader;
import dev.microembed.model.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading and writing the F32 matrices and vectors that pass between stages (safetensors, atomic writes). */
public final class Artifacts {
    private Artifacts() {}

    /** A row-major float matrix. */
    public record Matrix(float[] data, int rows, int cols) {
        public Matrix {
            if ((long) rows * cols != data.length) throw new IllegalArgumentException("matrix shape mismatch");
        }

        public float get(int r, int c) { return data[r * cols + c]; }
    }

    public static Matrix readMatrix(Path file, String tensor) {
        if (!Files.isRegularFile(file)) throw new IllegalStateException("missing artifact " + file + " (run the stage that writes it first)");
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            if (!r.has(tensor)) throw new IllegalStateException(file + ": no tensor '" + tensor + "'");
            long[] shape = r.shape(tensor);
            if (shape.length != 2) throw new IllegalStateException(file + ": tensor '" + tensor + "' is not rank 2");
            return new Matrix(r.floats(tensor), (int) shape[0], (int) shape[1]);
        }
    }

    public static float[] readVector(Path file, String tensor) {
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            if (!r.has(tensor)) throw new IllegalStateException(file + ": no tensor '" + tensor + "'");
            return r.floats(tensor);
        }
    }

    public static boolean hasTensor(Path file, String tensor) {
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            return r.has(tensor);
        }
    }

    public static void writeMatrix(Path file, String tensor, Matrix m) throws IOException {
        SafetensorsWriter.writeAtomically(file, new SafetensorsWriter().float32(tensor, m.data(), m.rows(), m.cols()).toBytes());
    }
}
