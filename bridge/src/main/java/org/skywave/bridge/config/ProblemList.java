package org.skywave.bridge.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one file, each placed on the line that declares its key. */
final class ProblemList {

    private final Path file;
    private final TomlLineIndex lines;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ProblemList(Path file, TomlLineIndex lines) {
        this.file = file;
        this.lines = lines;
    }

    int line(KeyPath path) {
        return lines.line(path);
    }

    boolean declares(KeyPath path) {
        return lines.declares(path);
    }

    void add(KeyPath path, String message) {
        add(path, lines.line(path), message);
    }

    void add(KeyPath path, int line, String message) {
        problems.add(new ConfigProblem(file, path.toString(), line, message));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** The problems in file order (stable for problems on the same line). */
    List<ConfigProblem> sorted() {
        List<ConfigProblem> copy = new ArrayList<>(problems);
        copy.sort(Comparator.comparingInt(ConfigProblem::line));
        return copy;
    }
}
