package org.skywave.bridge.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.skywave.bridge.framing.HmacFrameAuthenticator;
import org.skywave.transport.LinkUri;

/**
 * One {@code [[link]]} entry.
 *
 * @param name    unique link name, {@code [a-z0-9-]{1,32}}
 * @param uri     the link URI to open: the file's {@code uri} with {@code [link.params]} merged in
 *                and, on radio links, the effective {@code callsign} parameter added
 * @param radio   whether the link keys a transmitter (from {@link org.skywave.transport.Transport#isRadio()})
 * @param repeats 0 (the default) when the far end is a Skywave station that acknowledges each
 *                message; otherwise the number of transmissions of each message on a broadcast link
 * @param auth    what frames carry to authenticate their sender
 * @param line    line of the {@code [[link]]} header in the file; 0 for links built in code
 * @param macSecretFile with {@code auth = mac}: the file holding the secret shared with the far
 *                station, resolved against the data directory; null otherwise
 * @param macBytes with {@code auth = mac}: bytes of the truncated MAC each frame carries
 * @param peers   {@code peers} (or {@code peer}, one of them): the far stations this link keeps a
 *                queue for, each called when its traffic waits on a link that opens sessions on
 *                demand; empty for none (the link's queue goes to whoever is on it)
 * @param policy  the link's own policy keys ({@code allowed_kinds}, {@code max_message_bytes},
 *                {@code max_per_minute}, {@code max_per_5_minutes}, {@code duty_cycle_percent})
 * @param maxMessagesPerMinute {@code peer_max_messages_per_minute}: messages a peer on this link may send a
 *                minute before it floods; {@link #FROM_PROFILE} (the default) for what the link's
 *                profile carries (see {@code LinkRateLimits})
 * @param maxReplays {@code peer_max_replays}: re-sends of one message a peer may make within the replay window
 */
public record LinkConfig(String name, LinkUri uri, boolean radio, int repeats, LinkAuth auth, int line,
        Path macSecretFile, int macBytes, List<String> peers, LinkPolicyConfig policy, int maxMessagesPerMinute,
        int maxReplays) {

    /** No repeat count: messages stay queued until the far station acknowledges them. */
    public static final int ACKNOWLEDGED = 0;
    /** No {@code peer_max_messages_per_minute}: the flood limit follows the link's capacity. */
    public static final int FROM_PROFILE = 0;
    /** A sender re-sends a message only when our ACK is lost; eight losses in a row within the window is not a lossy link. */
    public static final int DEFAULT_MAX_REPLAYS = 8;

    public LinkConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(policy, "policy");
        peers = List.copyOf(peers);
        if (repeats < 0) {
            throw new IllegalArgumentException("repeats < 0: " + repeats);
        }
        if (line < 0) {
            throw new IllegalArgumentException("line < 0: " + line);
        }
        if (auth == LinkAuth.MAC && macSecretFile == null) {
            throw new IllegalArgumentException("auth = mac needs macSecretFile");
        }
        if (maxMessagesPerMinute < 0 || maxReplays < 0) {
            throw new IllegalArgumentException("maxMessagesPerMinute or maxReplays < 0: " + maxMessagesPerMinute + ", " + maxReplays);
        }
    }

    /** A link whose peers' flood and replay limits are the defaults. */
    public LinkConfig(String name, LinkUri uri, boolean radio, int repeats, LinkAuth auth, int line,
            Path macSecretFile, int macBytes, List<String> peers, LinkPolicyConfig policy) {
        this(name, uri, radio, repeats, auth, line, macSecretFile, macBytes, peers, policy, FROM_PROFILE, DEFAULT_MAX_REPLAYS);
    }

    /** A link without a MAC (auth none or signature), a named peer or policy keys. */
    public LinkConfig(String name, LinkUri uri, boolean radio, int repeats, LinkAuth auth, int line) {
        this(name, uri, radio, repeats, auth, line, null, HmacFrameAuthenticator.DEFAULT_TAG_BYTES, List.of(),
                LinkPolicyConfig.DEFAULTS);
    }
}
