package org.skywave.bridge.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a station's TOML config file into a {@link SkywaveConfig}, strictly: unknown keys, wrong
 * types, missing and impossible values, and the radio rules are all problems, and all of them
 * are reported together in one {@link ConfigException}, each with its key path and line.
 *
 * <p>Line numbers: Jackson reports the line of a TOML syntax error, but its TOML parser builds
 * the tree before handing out tokens, so no token carries a location. {@link TomlLineIndex}
 * scans the text once more to map every key path to the line that declares it.
 */
public final class ConfigLoader {

    /** Far beyond any real config (the reference file is a few KiB); stops a wrong path from filling the heap. */
    static final int MAX_FILE_BYTES = 1024 * 1024;

    // Dates come out as date-time values rather than strings, so a date where a string belongs is a type error.
    // Jackson's own nesting bound as a second line behind TomlLineIndex's.
    private static final TomlMapper MAPPER = TomlMapper.builder(TomlFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(TomlLineIndex.MAX_NESTING_DEPTH + 1)
                            .maxStringLength(MAX_FILE_BYTES)
                            .maxDocumentLength(MAX_FILE_BYTES)
                            .build())
                    .build())
            .enable(TomlReadFeature.PARSE_JAVA_TIME).build();

    private ConfigLoader() {
    }

    /** Reads and checks {@code file}; link URIs are checked by the transports of {@code registry}. */
    public static SkywaveConfig load(Path file, TransportRegistry registry) throws ConfigException {
        return parse(read(file), file, registry);
    }

    /** Checks {@code text} as if read from {@code file} (which only names it in problems). */
    public static SkywaveConfig parse(String text, Path file, TransportRegistry registry) throws ConfigException {
        TomlLineIndex lines = TomlLineIndex.of(text);
        if (lines.tooDeep().isPresent()) {
            // Not handed to Jackson or the validator: both walk the document recursively.
            throw new ConfigException(List.of(new ConfigProblem(file, lines.tooDeep().get().toString(), lines.tooDeepLine(),
                    "nested more than " + TomlLineIndex.MAX_NESTING_DEPTH + " levels deep (tables, dotted keys, arrays and"
                            + " inline tables each count one); a Skywave config needs at most 4")));
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw syntaxError(file, lines, e);
        }
        ProblemList problems = new ProblemList(file, lines);
        // An empty document parses to a missing node; treat it as an empty table, whose problems say what is missing.
        ObjectNode document = tree instanceof ObjectNode object ? object : MAPPER.createObjectNode();
        SkywaveConfig config = new ConfigValidator(problems, new LinkReader(registry)).validate(document);
        if (config == null) {
            throw new ConfigException(problems.sorted());
        }
        return config;
    }

    private static ConfigException syntaxError(Path file, TomlLineIndex lines, JacksonException e) {
        JsonLocation location = e.getLocation();
        int line = location == null || location.getLineNr() < 1 ? 1 : location.getLineNr();
        String message = e.getOriginalMessage();
        // Jackson notices a duplicate key only after reading past the end of its line; the scan knows the line itself.
        if (message != null && message.startsWith("Duplicate key") && lines.firstDuplicateLine().isPresent()) {
            line = lines.firstDuplicateLine().getAsInt();
        } else if (location != null && location.getColumnNr() > 0) {
            message += " (column " + location.getColumnNr() + ")";
        }
        return new ConfigException(List.of(new ConfigProblem(file, lines.pathAt(line).toString(), line, "TOML syntax error: " + message)));
    }

    private static String read(Path file) throws ConfigException {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw fileProblem(file, "file is " + size + " bytes, more than the " + MAX_FILE_BYTES + " a config file may have");
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException e) {
            throw fileProblem(file, "no such file");
        } catch (CharacterCodingException e) {
            throw fileProblem(file, "not UTF-8 text (TOML files are UTF-8)");
        } catch (IOException e) {
            throw fileProblem(file, "cannot read: " + e);
        }
    }

    private static ConfigException fileProblem(Path file, String message) {
        return new ConfigException(List.of(new ConfigProblem(file, "", 0, message)));
    }
}
