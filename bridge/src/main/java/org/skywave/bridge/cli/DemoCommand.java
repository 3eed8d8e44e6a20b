package org.skywave.bridge.cli;

import java.util.concurrent.Callable;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.demo.Demo;
import org.skywave.transport.TransportException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skywave demo}: two stations in one process, transactions carried from A to B. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs stations A and B in one process, joined by a simulated radio link (or two real links),",
                "hands them transactions over TCP and checks that each arrives byte-identical at B.",
                "With --node-a and --node-b, carries transactions from one blockchain node to another instead.",
                "Exit status 0 only if every transaction arrived."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--count", defaultValue = "20", description = "transactions to carry (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--link", defaultValue = "ax25-1200", paramLabel = "PROFILE",
            description = "simulated link profile: ax25-300, ax25-1200, ax25-9600, vara-hf-2300, js8-normal, tcp (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--seed", defaultValue = "1", description = "seed for transactions and the simulated channel (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--loss", defaultValue = "0", description = "frame loss rate of the simulated link, 0 to 0.9 (default: ${DEFAULT-VALUE})")
    double loss;

    @Option(names = "--link-a", paramLabel = "URI", description = "link station A opens instead of the simulated one, e.g. kiss-tcp://127.0.0.1:8001")
    String linkA;

    @Option(names = "--link-b", paramLabel = "URI", description = "link station B opens instead of the simulated one, e.g. kiss-tcp://127.0.0.1:8011")
    String linkB;

    @Option(names = "--node-a", paramLabel = "URI",
            description = "attach station A to this node, e.g. bitcoin://127.0.0.1:18444?network=regtest, and carry the next --count transactions it announces")
    String nodeA;

    @Option(names = "--node-b", paramLabel = "URI", description = "hand the transactions to this node at station B; success when each is in its mempool")
    String nodeB;

    @Option(names = "--no-tx-compression", description = "send transactions in their wire format on the radio link, not in compact form")
    boolean noTxCompression;

    @Option(names = "--log-level", defaultValue = "warn", description = "trace, debug, info, warn or error (default: ${DEFAULT-VALUE})")
    String logLevel;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            System.err.println("skywave demo: --count must be at least 1 (got " + count + ")");
            return 2;
        }
        if (!(loss >= 0 && loss <= 0.9)) {
            System.err.println("skywave demo: --loss must be in 0..0.9 (got " + loss + ")");
            return 2;
        }
        if ((linkA == null) != (linkB == null)) {
            System.err.println("skywave demo: --link-a and --link-b must be given together");
            return 2;
        }
        if ((nodeA == null) != (nodeB == null)) {
            System.err.println("skywave demo: --node-a and --node-b must be given together");
            return 2;
        }
        Logging.configure(logLevel);
        Demo demo = new Demo(new Demo.Options(count, profile, seed, loss, linkA, linkB, nodeA, nodeB, !noTxCompression), System.out,
                System.console() != null);
        try (TransportRegistry registry = TransportRegistry.standard(seed)) {
            return demo.run(registry) ? 0 : 1;
        } catch (TransportException e) {
            System.err.println("skywave demo: " + e.getMessage());
            return 2;
        }
    }
}
