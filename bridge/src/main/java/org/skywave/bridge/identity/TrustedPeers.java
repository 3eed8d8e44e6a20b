package org.skywave.bridge.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The stations whose signatures this station accepts, listed by public key in the config.
 * Immutable. Lookup is by the 2-byte key id a frame tag carries; since different keys may share
 * a key id, {@link #byKeyId} returns every trusted key with that id, and a verifier tries each.
 */
public final class TrustedPeers {

    private static final TrustedPeers NONE = new TrustedPeers(Set.of());

    private final Set<StationId> ids;
    private final Map<Integer, List<StationId>> byKeyId;

    private TrustedPeers(Set<StationId> ids) {
        this.ids = ids;
        Map<Integer, List<StationId>> index = new HashMap<>();
        for (StationId id : ids) {
            index.computeIfAbsent(id.keyId(), k -> new ArrayList<>(1)).add(id);
        }
        index.replaceAll((k, list) -> List.copyOf(list));
        this.byKeyId = Map.copyOf(index);
    }

    /** Trusts nobody. */
    public static TrustedPeers none() {
        return NONE;
    }

    /** Trusts exactly {@code ids} (duplicates collapse). */
    public static TrustedPeers of(Collection<StationId> ids) {
        Objects.requireNonNull(ids, "ids");
        Set<StationId> set = new LinkedHashSet<>();
        for (StationId id : ids) {
            set.add(Objects.requireNonNull(id, "trusted station id"));
        }
        return new TrustedPeers(java.util.Collections.unmodifiableSet(set));
    }

    public static TrustedPeers of(StationId... ids) {
        return of(List.of(ids));
    }

    /**
     * Trusts the stations whose ids are the given 64-digit hex strings, as written in the config.
     *
     * @throws IllegalArgumentException for the first bad entry, naming its position (from 0) and
     *                                  the problem ({@link StationId#fromHex})
     */
    public static TrustedPeers fromHex(List<String> hexIds) {
        Objects.requireNonNull(hexIds, "hexIds");
        List<StationId> ids = new ArrayList<>(hexIds.size());
        for (int i = 0; i < hexIds.size(); i++) {
            try {
                ids.add(StationId.fromHex(Objects.requireNonNull(hexIds.get(i), "trusted station id")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trusted peer " + i + ": " + e.getMessage(), e);
            }
        }
        return of(ids);
    }

    /** Every trusted key whose {@link StationId#keyId()} is {@code keyId}; empty if none. */
    public List<StationId> byKeyId(int keyId) {
        return byKeyId.getOrDefault(keyId, List.of());
    }

    public boolean contains(StationId id) {
        return ids.contains(id);
    }

    /** The trusted ids, in the order given. */
    public Set<StationId> ids() {
        return ids;
    }

    public int size() {
        return ids.size();
    }

    public boolean isEmpty() {
        return ids.isEmpty();
    }

    @Override
    public String toString() {
        List<String> fingerprints = new ArrayList<>(ids.size());
        for (StationId id : ids) {
            fingerprints.add(id.fingerprint());
        }
        return "TrustedPeers" + fingerprints;
    }
}
