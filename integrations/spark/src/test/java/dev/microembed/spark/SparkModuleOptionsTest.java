package dev.microembed.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** The JVM options written out in pom.xml (spark.jvm.flags) are still those of Spark's own launcher. */
class SparkModuleOptionsTest {
    @Test
    void testJvmHasEveryOptionOfSparksLauncher() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : JavaModuleOptions.defaultModuleOptionArray()) {
            assertTrue(args.contains(option), "Spark's launcher sets " + option + " but the test JVM lacks it: update spark.jvm.flags in integrations/spark/pom.xml");
        }
    }
}
