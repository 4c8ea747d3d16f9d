package dev.microembed.distill;

import dev.microembed.model.SafetensorsWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Stage 3: PCA of the teacher token table to {@code dims} (64) dimensions. Covariance of the centred rows in
 * double, symmetric eigen-decomposition with EJML, components sorted by eigenvalue, each with its largest
 * coordinate made positive (a reproducible sign). Writes {@code pca.safetensors} (components [D, teacher_dim],
 * mean, explained_variance, explained_variance_ratio) and {@code pca-embeddings.safetensors} [V, D]; reports the
 * variance the D dimensions retain and how many 95 % would need.
 */
public final class PcaStage implements Stage {
    @Override public String name() { return "pca"; }

    @Override public List<String> inputs() { return List.of("token-embeddings.safetensors"); }

    @Override public List<String> outputs() { return List.of("pca.safetensors", "pca-embeddings.safetensors"); }

    /** A fitted PCA. */
    public record Pca(float[] components, int dims, int inputDim, float[] mean, float[] variance, float[] ratio, double[] allRatios) {
        /** Centres and projects every row. */
        public Artifacts.Matrix project(Artifacts.Matrix x) {
            float[] out = new float[x.rows() * dims];
            double[] centred = new double[inputDim];
            for (int i = 0; i < x.rows(); i++) {
                for (int d = 0; d < inputDim; d++) centred[d] = x.data()[i * inputDim + d] - (double) mean[d];
                for (int k = 0; k < dims; k++) {
                    double s = 0;
                    int base = k * inputDim;
                    for (int d = 0; d < inputDim; d++) s += centred[d] * components[base + d];
                    out[i * dims + k] = (float) s;
                }
            }
            return new Artifacts.Matrix(out, x.rows(), dims);
        }

        public byte[] toSafetensors() {
            return new SafetensorsWriter().metadata("format", "microembed-pca")
                    .float32("components", components, dims, inputDim).float32("mean", mean, inputDim)
                    .float32("explained_variance", variance, dims).float32("explained_variance_ratio", ratio, dims).toBytes();
        }

        public double retained() {
            double s = 0;
            for (int k = 0; k < dims; k++) s += allRatios[k];
            return s;
        }

        public int dimsFor(double share) {
            double s = 0;
            for (int k = 0; k < allRatios.length; k++) { s += allRatios[k]; if (s >= share) return k + 1; }
            return allRatios.length;
        }
    }

    @Override
    public void run(Workspace ws, boolean resume) throws Exception {
        int dims = ws.config().integer(ws.config().section("pca"), "dims", 64);
        Artifacts.Matrix x = Artifacts.readMatrix(ws.file("token-embeddings.safetensors"), "embeddings");
        Pca pca = fit(x, dims);
        SafetensorsWriter.writeAtomically(ws.file("pca.safetensors"), pca.toSafetensors());
        Artifacts.writeMatrix(ws.file("pca-embeddings.safetensors"), "embeddings", pca.project(x));
        Map<String, Object> m = ws.metrics(name());
        m.put("dims", dims);
        m.put("input_dim", x.cols());
        m.put("retained_variance", VocabularyStage.round(pca.retained(), 4));
        m.put("dims_for_95pct", pca.dimsFor(0.95));
        m.put("dims_for_90pct", pca.dimsFor(0.90));
        ws.log().printf("pca: %d dims retain %.2f %% of the variance; 95 %% needs %d dims%n", dims, 100 * pca.retained(), pca.dimsFor(0.95));
    }

    public static Pca fit(Artifacts.Matrix x, int dims) {
        int n = x.rows(), dim = x.cols();
        if (dims > dim) throw new IllegalArgumentException("PCA to " + dims + " dims from " + dim + "-d input");
        if (n < 2) throw new IllegalArgumentException("PCA needs at least 2 rows");
        double[] mean = new double[dim];
        float[] a = x.data();
        for (int i = 0; i < n; i++) for (int d = 0; d < dim; d++) mean[d] += a[i * dim + d];
        for (int d = 0; d < dim; d++) mean[d] /= n;
        double[] cov = new double[dim * dim];
        double[] row = new double[dim];
        try (ProgressBar pb = TeacherEmbeddingStage.progress("pca covariance", n)) {
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < dim; d++) row[d] = a[i * dim + d] - mean[d];
                for (int d = 0; d < dim; d++) {
                    double rd = row[d];
                    int base = d * dim;
                    for (int e = d; e < dim; e++) cov[base + e] += rd * row[e];
                }
                if ((i & 1023) == 1023) pb.stepTo(i + 1);
            }
            pb.stepTo(n);
        }
        for (int d = 0; d < dim; d++) for (int e = d; e < dim; e++) {
            cov[d * dim + e] /= (n - 1);
            cov[e * dim + d] = cov[d * dim + e];
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(dim, true, true);
        if (!eig.decompose(new DMatrixRMaj(dim, dim, true, cov))) throw new IllegalStateException("eigen-decomposition failed");
        Integer[] order = new Integer[dim];
        double[] val = new double[dim];
        double total = 0;
        for (int k = 0; k < dim; k++) {
            order[k] = k;
            val[k] = Math.max(0, eig.getEigenvalue(k).getReal());
            total += val[k];
        }
        Arrays.sort(order, (p, q) -> Double.compare(val[q], val[p]));
        float[] comp = new float[dims * dim], variance = new float[dims], ratio = new float[dims];
        double[] allRatios = new double[dim];
        for (int k = 0; k < dim; k++) allRatios[k] = val[order[k]] / total;
        for (int k = 0; k < dims; k++) {
            DMatrixRMaj vec = eig.getEigenVector(order[k]);
            double norm = 0, big = 0;
            for (int d = 0; d < dim; d++) {
                norm += vec.get(d) * vec.get(d);
                if (Math.abs(vec.get(d)) > Math.abs(big)) big = vec.get(d);
            }
            double f = (big < 0 ? -1 : 1) / Math.sqrt(norm);
            for (int d = 0; d < dim; d++) comp[k * dim + d] = (float) (vec.get(d) * f);
            variance[k] = (float) val[order[k]];
            ratio[k] = (float) allRatios[k];
        }
        float[] meanF = new float[dim];
        for (int d = 0; d < dim; d++) meanF[d] = (float) mean[d];
        return new Pca(comp, dims, dim, meanF, variance, ratio, allRatios);
    }
}
