package org.skywave.bridge.station;

import java.util.List;
import java.util.Objects;
import org.skywave.bridge.config.LinkConfig;
import org.skywave.bridge.config.LinkPolicyConfig;
import org.skywave.bridge.framing.Ed25519FrameAuthenticator;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.gate.LinkRateLimits;
import org.skywave.bridge.identity.StationId;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkUri;

/**
 * One link a station opens.
 *
 * @param name          the operator's name for it, used as its queue's destination
 * @param uri           where it goes ({@code tcp://...}, {@code kiss-tcp://...}, {@code sim:ax25-1200})
 * @param radio         true for RF links (and simulated ones): the gate routes between radio and internet
 * @param repeats       transmissions of each message when the far end does not acknowledge; 0 means the
 *                      far end is a Skywave station that sends ACKs
 * @param authenticator tags every frame sent and checks every frame received (never encrypts)
 * @param stationId     the id this station announces in its HELLO on the link; null for none
 *                      (the HELLO then carries 32 zero bytes)
 * @param peers         the far stations ({@code N0CALL-2}) the link keeps a queue for: a message
 *                      routed to the link waits once per far station, goes only to that station,
 *                      and on a link that opens sessions on demand a session is opened to a
 *                      station whose traffic waits; empty for none (one queue, for whoever is on the link)
 * @param policy        what the {@code [[link]]} entry says of the link's policy; the rest comes
 *                      from the link's profile ({@link org.skywave.bridge.gate.LinkPolicy})
 * @param maxMessagesPerMinute the flood limit of a peer on this link; {@link LinkConfig#FROM_PROFILE}
 *                      for the one the link's capacity sets ({@link LinkRateLimits#forLink})
 * @param maxReplays    re-sends of one message a peer may make within the replay window
 * @param compactTransactions whether Bitcoin transactions go in compact form ({@code docs/PROTOCOL.md}
 *                      section 7.1) on this link; true unless measuring what the compact form saves
 */
public record StationLinkSpec(String name, LinkUri uri, boolean radio, int repeats,
        FrameAuthenticator authenticator, StationId stationId, List<String> peers, LinkPolicyConfig policy,
        int maxMessagesPerMinute, int maxReplays, boolean compactTransactions) {

    /** A link whose peers' flood and replay limits are the defaults, sending transactions in compact form. */
    public StationLinkSpec(String name, LinkUri uri, boolean radio, int repeats, FrameAuthenticator authenticator,
            StationId stationId, List<String> peers, LinkPolicyConfig policy) {
        this(name, uri, radio, repeats, authenticator, stationId, peers, policy, LinkConfig.FROM_PROFILE,
                LinkConfig.DEFAULT_MAX_REPLAYS, true);
    }

    /** A link with no far station named and the policy of its profile. */
    public StationLinkSpec(String name, LinkUri uri, boolean radio, int repeats, FrameAuthenticator authenticator,
            StationId stationId) {
        this(name, uri, radio, repeats, authenticator, stationId, List.of(), LinkPolicyConfig.DEFAULTS);
    }

    /** This link, opening sessions with {@code farStation} when traffic for it waits. */
    public StationLinkSpec withPeer(String farStation) {
        return withPeers(List.of(farStation));
    }

    /** This link, keeping a queue for each of {@code farStations}. */
    public StationLinkSpec withPeers(List<String> farStations) {
        return new StationLinkSpec(name, uri, radio, repeats, authenticator, stationId, farStations, policy,
                maxMessagesPerMinute, maxReplays, compactTransactions);
    }

    /** This link with {@code overrides} of its profile's policy. */
    public StationLinkSpec withPolicy(LinkPolicyConfig overrides) {
        return new StationLinkSpec(name, uri, radio, repeats, authenticator, stationId, peers, overrides,
                maxMessagesPerMinute, maxReplays, compactTransactions);
    }

    /** This link, sending transactions in compact form or not. */
    public StationLinkSpec withCompactTransactions(boolean compact) {
        return new StationLinkSpec(name, uri, radio, repeats, authenticator, stationId, peers, policy,
                maxMessagesPerMinute, maxReplays, compact);
    }

    /** This link with peers limited to {@code perMinute} messages a minute (0: what the link carries) and {@code replays} re-sends of one message. */
    public StationLinkSpec withPeerLimits(int perMinute, int replays) {
        return new StationLinkSpec(name, uri, radio, repeats, authenticator, stationId, peers, policy, perMinute, replays,
                compactTransactions);
    }

    /** The flood and replay limits of a peer on this link, opened with {@code profile}. */
    public LinkRateLimits rateLimits(LinkProfile profile) {
        LinkRateLimits limits = LinkRateLimits.forLink(profile, authenticator != FrameAuthenticator.NONE, maxReplays);
        return maxMessagesPerMinute == LinkConfig.FROM_PROFILE ? limits : limits.withMaxMessagesPerMinute(maxMessagesPerMinute);
    }

    public StationLinkSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(policy, "policy");
        peers = List.copyOf(peers);
        if (repeats < 0) {
            throw new IllegalArgumentException("repeats < 0: " + repeats);
        }
        if (maxMessagesPerMinute < 0 || maxReplays < 0) {
            throw new IllegalArgumentException("maxMessagesPerMinute or maxReplays < 0: " + maxMessagesPerMinute + ", " + maxReplays);
        }
    }

    /** A link whose frames are not authenticated, on which the station announces no id. */
    public StationLinkSpec(String name, LinkUri uri, boolean radio, int repeats) {
        this(name, uri, radio, repeats, FrameAuthenticator.NONE, null);
    }

    /** A link with {@code authenticator}; a signing one also gives the id the station announces. */
    public StationLinkSpec(String name, LinkUri uri, boolean radio, int repeats, FrameAuthenticator authenticator) {
        this(name, uri, radio, repeats, authenticator,
                authenticator instanceof Ed25519FrameAuthenticator signing ? signing.stationId() : null);
    }
}
