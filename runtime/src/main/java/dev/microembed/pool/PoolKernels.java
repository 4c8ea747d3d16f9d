package dev.microembed.pool;

/**
 * Picks the pooling kernel once per JVM. The vector kernel is chosen only when {@code jdk.incubator.vector}
 * is in the boot layer, and its class is loaded only then (by name), so a JVM started without
 * {@code --add-modules jdk.incubator.vector} never touches the incubator classes and falls back to the
 * scalar twin. {@code -Dmicroembed.simd=false} forces the scalar kernel.
 */
public final class PoolKernels {
    private static final PoolKernel BEST = select(vectorModulePresent(), Boolean.parseBoolean(System.getProperty("microembed.simd", "true")));

    private PoolKernels() {}

    /** The kernel the runtime uses. */
    public static PoolKernel best() {
        return BEST;
    }

    public static PoolKernel scalar() {
        return ScalarPoolKernel.INSTANCE;
    }

    /** The vector kernel, or empty when the incubator module is not loaded. */
    public static java.util.Optional<PoolKernel> vector() {
        return vectorModulePresent() ? java.util.Optional.of(loadVector()) : java.util.Optional.empty();
    }

    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    static PoolKernel select(boolean moduleEnabled, boolean simdAllowed) {
        if (!moduleEnabled || !simdAllowed) return ScalarPoolKernel.INSTANCE;
        try {
            return loadVector();
        } catch (RuntimeException | LinkageError e) {
            return ScalarPoolKernel.INSTANCE; // an unusual vector shape: the scalar twin gives the same bits
        }
    }

    private static PoolKernel loadVector() {
        try {
            return (PoolKernel) Class.forName("dev.microembed.pool.VectorPoolKernel").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the vector pooling kernel", e);
        }
    }
}
