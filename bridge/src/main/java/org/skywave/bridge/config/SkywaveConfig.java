package org.skywave.bridge.config;

import java.util.List;
import java.util.Objects;

/**
 * A whole station configuration: what {@link ConfigLoader} makes of one TOML file, or what tests
 * and the demo build in code. Each component is one section of the file.
 */
public record SkywaveConfig(StationConfig station, StoreConfig store, List<LinkConfig> links,
        AdminConfig admin, List<NodeConfig> nodes, GateConfig gate) {

    public SkywaveConfig {
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(store, "store");
        links = List.copyOf(links);
        Objects.requireNonNull(admin, "admin");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(gate, "gate");
    }
}
