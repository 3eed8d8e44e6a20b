package org.skywave.bridge.config;

import java.util.regex.Pattern;

/**
 * Where a value sits in the config file, written the way problems show it:
 * {@code station.callsign}, {@code link[1].params.txdelay}. Array indexes count from 0.
 * Keys that are not bare TOML keys are shown quoted, so every path is unambiguous.
 */
record KeyPath(KeyPath parent, String key, int index) {

    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    /** The document itself; shown as an empty path. */
    static final KeyPath ROOT = new KeyPath(null, null, -1);

    KeyPath child(String name) {
        return new KeyPath(this, name, -1);
    }

    KeyPath element(int i) {
        return new KeyPath(this, null, i);
    }

    boolean isRoot() {
        return parent == null;
    }

    @Override
    public String toString() {
        if (parent == null) {
            return "";
        }
        String prefix = parent.toString();
        if (key == null) {
            return prefix + "[" + index + "]";
        }
        String shown = BARE_KEY.matcher(key).matches() ? key : '"' + key.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        return prefix.isEmpty() ? shown : prefix + "." + shown;
    }
}
