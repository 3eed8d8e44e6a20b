package org.skywave.bridge.config;

/** What a link's frames carry to prove their sender; never encryption (radio rule). */
public enum LinkAuth {
    /** Nothing added. */
    NONE,
    /** A truncated MAC keyed with a secret shared with the far station. */
    MAC,
    /** An Ed25519 signature by the station key. */
    SIGNATURE
}
