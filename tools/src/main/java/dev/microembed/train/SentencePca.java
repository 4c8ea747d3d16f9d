package dev.microembed.train;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * PCA of the teacher's sentence embeddings of the training corpus (space "sentence"). The token-level PCA
 * of the distill pipeline keeps most of the variance of single-token vectors but, measured on this corpus,
 * only a small share of the variance of whole-sentence vectors; the trained table lives in this basis
 * instead, so the 64 output dimensions carry what tells sentences apart.
 */
record SentencePca(float[] mean, float[] components, float[] explainedVariance, double keptShare, int dims, int teacherDim) {

    static SentencePca fit(float[][] x, int dims) {
        int n = x.length, d = x[0].length;
        double[] mean = new double[d];
        for (float[] r : x) for (int j = 0; j < d; j++) mean[j] += r[j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        double[] c = new double[d];
        for (float[] r : x) {
            for (int j = 0; j < d; j++) c[j] = r[j] - mean[j];
            for (int p = 0; p < d; p++) {
                double cp = c[p];
                int row = p * d;
                for (int q = p; q < d; q++) cov.data[row + q] += cp * c[q];
            }
        }
        for (int p = 0; p < d; p++) for (int q = p; q < d; q++) { cov.data[p * d + q] /= Math.max(1, n - 1); cov.data[q * d + p] = cov.data[p * d + q]; }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(cov)) throw new IllegalStateException("sentence PCA: eigen decomposition failed");
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(eig.getEigenvalue(b).real, eig.getEigenvalue(a).real));
        float[] comps = new float[dims * d], ev = new float[dims], meanF = new float[d];
        double total = 0, kept = 0;
        for (int i = 0; i < d; i++) total += eig.getEigenvalue(i).real;
        for (int k = 0; k < dims; k++) {
            DMatrixRMaj v = eig.getEigenVector(order[k]);
            ev[k] = (float) eig.getEigenvalue(order[k]).real;
            kept += ev[k];
            // An eigenvector's sign is arbitrary and can flip with rounding noise in the covariance; fix it
            // (largest-magnitude entry positive) so two runs on the same data write the same basis.
            int peak = 0;
            for (int j = 1; j < d; j++) if (Math.abs(v.get(j, 0)) > Math.abs(v.get(peak, 0))) peak = j;
            double sign = v.get(peak, 0) < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) comps[k * d + j] = (float) (sign * v.get(j, 0));
        }
        for (int j = 0; j < d; j++) meanF[j] = (float) mean[j];
        return new SentencePca(meanF, comps, ev, kept / total, dims, d);
    }
}
