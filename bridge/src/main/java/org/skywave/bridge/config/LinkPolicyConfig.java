package org.skywave.bridge.config;

import java.util.List;

/**
 * What a {@code [[link]]} entry says of the link's own policy; null for each key it leaves to the
 * link's profile ({@code org.skywave.bridge.gate.LinkPolicy} has the defaults).
 *
 * @param allowedKinds     {@code allowed_kinds}: names as in {@code [gate] rf_allowed_kinds}
 * @param maxMessageBytes  {@code max_message_bytes}: largest encoded message
 * @param maxPerMinute     {@code max_per_minute}: messages admitted per minute
 * @param maxPer5Minutes   {@code max_per_5_minutes}: messages admitted per five minutes
 * @param dutyCyclePercent {@code duty_cycle_percent}: share of time the link may transmit, 1..100
 */
public record LinkPolicyConfig(List<String> allowedKinds, Integer maxMessageBytes, Integer maxPerMinute,
        Integer maxPer5Minutes, Integer dutyCyclePercent) {

    /** Everything from the profile. */
    public static final LinkPolicyConfig DEFAULTS = new LinkPolicyConfig(null, null, null, null, null);

    public LinkPolicyConfig {
        allowedKinds = allowedKinds == null ? null : List.copyOf(allowedKinds);
    }
}
