package org.skywave.bridge.cli;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.skywave.bridge.admin.StationAdminBackend;
import org.skywave.bridge.config.ConfigException;
import org.skywave.bridge.config.ConfigLoader;
import org.skywave.bridge.config.ConfigProblem;
import org.skywave.bridge.config.LinkConfig;
import org.skywave.bridge.config.SkywaveConfig;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationLinkSpec;
import org.tinylog.Logger;

/**
 * {@code systemctl reload skywave} (SIGHUP): reads the config file again and applies what changed
 * in its {@code [[link]]} sections while the station runs. Links removed are closed, links added
 * are opened, links changed are closed and opened again; the others are not touched. What is
 * queued for a link stays in the store throughout and is sent once a link of that name is open.
 * A config with any problem is refused whole, logged, and the running one kept. Changes outside
 * the links (station, store, admin, nodes, gate) are logged as needing a restart.
 */
final class ConfigReload {

    /** Longest wait for the station thread to open or close one link. */
    static final long LINK_TIMEOUT_SECONDS = 30;

    private final Path file;
    private final TransportRegistry registry;
    private final Station station;
    private final StationAdminBackend backend;
    private SkywaveConfig running;

    ConfigReload(Path file, SkywaveConfig running, TransportRegistry registry, Station station, StationAdminBackend backend) {
        this.file = Objects.requireNonNull(file, "file");
        this.running = Objects.requireNonNull(running, "running");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.station = Objects.requireNonNull(station, "station");
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** Reads the file and applies its links; true if the new config was taken (in part, if a link failed to open). */
    boolean reload() throws InterruptedException {
        SkywaveConfig next;
        Map<String, StationLinkSpec> nextSpecs = new LinkedHashMap<>();
        try {
            next = ConfigLoader.load(file, registry);
            for (StationLinkSpec spec : RunCommand.linkSpecs(next)) {
                nextSpecs.put(spec.name(), spec);
            }
        } catch (ConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                Logger.error("reload refused, the running config is kept: {}", problem);
            }
            return false;
        } catch (IOException e) {
            Logger.error("reload refused, the running config is kept: {}", e.getMessage());
            return false;
        }
        logRestartNeeded(next);
        Map<String, LinkConfig> before = byName(running.links());
        Map<String, LinkConfig> after = byName(next.links());
        int removed = 0;
        int added = 0;
        int changed = 0;
        List<String> failed = new ArrayList<>();
        for (String name : before.keySet()) {
            if (!after.containsKey(name) || !sameLink(before.get(name), after.get(name))) {
                if (apply("close", name, () -> station.removeLink(name).get(LINK_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                        && !after.containsKey(name)) {
                    removed++;
                }
            }
        }
        List<StationLinkSpec> open = new ArrayList<>();
        for (LinkConfig link : next.links()) {
            LinkConfig old = before.get(link.name());
            StationLinkSpec spec = nextSpecs.get(link.name());
            if (old != null && sameLink(old, link)) {
                open.add(spec);
                continue;
            }
            if (apply("open", link.name(), () -> station.addLink(spec).get(LINK_TIMEOUT_SECONDS, TimeUnit.SECONDS))) {
                open.add(spec);
                if (old == null) {
                    added++;
                } else {
                    changed++;
                }
            } else {
                failed.add(link.name());
            }
        }
        backend.useLinks(open);
        running = next;
        Logger.info("reload: {} link(s) added, {} removed, {} changed and reopened, {} unchanged{}", added, removed, changed,
                open.size() - added - changed, failed.isEmpty() ? "" : "; could not open " + failed);
        return true;
    }

    /** What {@code run} now runs, after the last reload that was taken. */
    SkywaveConfig running() {
        return running;
    }

    private interface LinkStep {
        void run() throws ExecutionException, TimeoutException, InterruptedException;
    }

    private static boolean apply(String verb, String link, LinkStep step) throws InterruptedException {
        try {
            step.run();
            return true;
        } catch (ExecutionException e) {
            Logger.error("reload: cannot {} link {}: {}", verb, link, e.getCause().getMessage());
        } catch (TimeoutException e) {
            Logger.error("reload: cannot {} link {}: no answer from the station within {} s", verb, link, LINK_TIMEOUT_SECONDS);
        }
        return false;
    }

    private void logRestartNeeded(SkywaveConfig next) {
        Map<String, Boolean> sameSections = new LinkedHashMap<>();
        sameSections.put("[station]", running.station().equals(next.station()));
        sameSections.put("[store]", running.store().equals(next.store()));
        sameSections.put("[admin]", running.admin().equals(next.admin()));
        sameSections.put("[[node]]", running.nodes().stream().map(n -> n.name() + " " + n.uri()).toList()
                .equals(next.nodes().stream().map(n -> n.name() + " " + n.uri()).toList()));
        sameSections.put("[gate]", running.gate().equals(next.gate()));
        sameSections.forEach((section, same) -> {
            if (!same) {
                Logger.warn("reload: {} changed; it takes effect at the next restart (systemctl restart skywave)", section);
            }
        });
    }

    private static Map<String, LinkConfig> byName(List<LinkConfig> links) {
        Map<String, LinkConfig> byName = new LinkedHashMap<>();
        links.forEach(link -> byName.put(link.name(), link));
        return byName;
    }

    /**
     * Whether two link entries open the same link: every component but the line it sits on, read
     * from the record itself so that components added to {@link LinkConfig} later count too.
     */
    static boolean sameLink(LinkConfig a, LinkConfig b) {
        for (RecordComponent component : LinkConfig.class.getRecordComponents()) {
            if (component.getName().equals("line")) {
                continue;
            }
            try {
                if (!Objects.equals(component.getAccessor().invoke(a), component.getAccessor().invoke(b))) {
                    return false;
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of a LinkConfig", e);
            }
        }
        return true;
    }
}
