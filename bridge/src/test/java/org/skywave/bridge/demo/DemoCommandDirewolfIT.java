package org.skywave.bridge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.skywave.transport.testing.DirewolfPair;

/**
 * The command of issue 4, item 7, run as an operator runs it: the packaged launcher jar in its
 * own JVM, against two Direwolf TNCs on the fixed KISS ports 8001 and 8011.
 */
class DemoCommandDirewolfIT {

    static final int KISS_A = DirewolfPair.DEFAULT_KISS_PORT_A;
    static final int KISS_B = DirewolfPair.DEFAULT_KISS_PORT_B;
    static final long DEMO_TIMEOUT_SECONDS = 120;

    @Test
    @Timeout(180)
    void skywaveDemoOverDirewolfDeliversThreeOfThree() throws Exception {
        Path jar = Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("skywave.jar");
        assertTrue(Files.isRegularFile(jar), "no launcher jar at " + jar.toAbsolutePath() + "; the package phase builds it");
        requireFree(KISS_A);
        requireFree(KISS_B);

        Path dir = Files.createTempDirectory("skywave-demo-cli-it");
        Path log = dir.resolve("demo.out");
        try (DirewolfPair pair = DirewolfPair.start(dir, KISS_A, KISS_B)) {
            System.out.println("[DemoCommandDirewolfIT] " + pair + " in " + dir);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = List.of(java, "-Xmx64m", "-jar", jar.toString(), "demo",
                    "--link-a", "kiss-tcp://127.0.0.1:" + KISS_A, "--link-b", "kiss-tcp://127.0.0.1:" + KISS_B, "--count", "3");
            System.out.println("[DemoCommandDirewolfIT] running " + String.join(" ", command));
            Process demo = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!demo.waitFor(DEMO_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("skywave demo did not finish in " + DEMO_TIMEOUT_SECONDS + " s:\n" + read(log));
            }
            String output = read(log);
            System.out.print(output);
            assertEquals(0, demo.exitValue(), "exit status of skywave demo:\n" + output);
            assertTrue(output.contains("delivered 3/3 "), "no 'delivered 3/3' in the output:\n" + output);
        }
    }

    /** Direwolf listens on every interface, so a port taken on any of them stops it: say so plainly. */
    private static void requireFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            fail("TCP port " + port + " is busy (" + e.getMessage() + "): this test runs Direwolf on the demo's fixed KISS ports "
                    + KISS_A + " and " + KISS_B + "; stop whatever holds it (e.g. transports/src/test/scripts/direwolf-pair.sh stop)");
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
