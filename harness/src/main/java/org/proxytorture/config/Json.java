package org.proxytorture.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The small JSON files (summary.json, replay files), through Jackson: one object, built as an
 * {@link ObjectNode} and written one field per line ({@code "key": value}, two-space indent,
 * {@code \n} line ends, a final newline), read back strictly (a key twice, or text after the
 * object, is an error).
 */
public final class Json {
    /**
     * A replay file's "choices" is one string as long as the run's compact choice list: a 2 s run
     * of 16 CPUs writes over 20 MB of it, past Jackson's default bound on a string (20 M chars,
     * against hostile input; these files are our own), so strings are bounded only by memory.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** One field per line; arrays on one line ({@code ["a", "b"]}); the same bytes on every OS. */
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance));

    private Json() { }

    /** An empty object to fill in. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The object's text, as the files hold it. */
    public static String write(ObjectNode o) {
        try {
            return WRITER.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of strings, numbers and booleans always writes
        }
    }

    /** Parses one JSON object; IllegalArgumentException whose message is one line naming what is wrong and where. */
    public static ObjectNode parseObject(String text) {
        JsonNode n;
        try {
            n = MAPPER.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // one line; a location inside the message ("start marker at [Source: ...; line: 1, column: 1]") as plain text
            String why = e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " ")
                    .replaceAll("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
            throw new IllegalArgumentException(why + where);
        }
        if (n instanceof ObjectNode o) return o;
        throw new IllegalArgumentException(n.isMissingNode() ? "no JSON value" : "a JSON " + n.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object");
    }
}
