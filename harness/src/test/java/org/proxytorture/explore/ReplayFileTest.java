package org.proxytorture.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.proxytorture.config.BadInputException;
import org.junit.jupiter.api.Tag;

/**
 * The replay file's text: a file written before Jackson wrote them (the hand-written layout) reads
 * as it did; string escapes decode as JSON says; what is not one flat replay object is refused
 * with one line naming the problem.
 */
@Tag("fast")
class ReplayFileTest {
    /** explore's shrunk BUSTED file as the hand-written writer left it (at proxytorture-model-13; the version is this model's). */
    private static final String HAND_WRITTEN = """
            {
              "model_version": "%s",
              "scenario": "BUSTED",
              "cpus": 1,
              "hz": 1000,
              "duration_ns": 11000000,
              "bootargs": "locktorture.torture_type=lock_busted sched_proxy_exec=0",
              "seed": 1,
              "strategy": "random",
              "strategy_params": "",
              "identity": "warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)[]",
              "event_hash": "ad49d71e991fdc72",
              "forced_choices": 0,
              "shrunk": true,
              "choices": ""
            }
            """.formatted(ReplayFile.MODEL_VERSION);

    @Test
    void aHandWrittenFileReadsAsBeforeAndJacksonWritesTheSameBytes() {
        ReplayFile f = ReplayFile.parse("old.json", HAND_WRITTEN);
        assertEquals(new ReplayFile(ReplayFile.MODEL_VERSION, "BUSTED", 1, 1000, 11_000_000L,
                "locktorture.torture_type=lock_busted sched_proxy_exec=0", 1, "random", "", "", 0,
                org.proxytorture.check.Identity.parse("warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)[]"), "ad49d71e991fdc72", true), f);
        assertEquals(HAND_WRITTEN, f.toJson());
    }

    @Test
    void escapesDecodeAsJsonSaysNotToBareLetters() {
        String text = HAND_WRITTEN.replace("\"strategy_params\": \"\"", "\"strategy_params\": \"a\\r\\b\\f\\t\\n\\/\\\"\\\\\\u0041\"");
        ReplayFile f = ReplayFile.parse("escapes.json", text);
        assertEquals("a\r\b\f\t\n/\"\\A", f.strategyParams());
        assertEquals(f, ReplayFile.parse("again.json", f.toJson()), "what it writes reads back the same");
    }

    @Test
    void notAFlatReplayObjectIsOneLineNamingTheProblem() {
        assertRefused(HAND_WRITTEN.replace("\"hz\": 1000,", "\"hz\": 1000, \"hz\": 250,"), "bad JSON, Duplicate field 'hz'");
        assertRefused(HAND_WRITTEN + "{}", "bad JSON");
        assertRefused(HAND_WRITTEN.substring(0, HAND_WRITTEN.indexOf(",\n  \"hz\"")),
                "bad JSON, Unexpected end-of-input: expected close marker for Object (start marker at line 1, column 1) at line 4");
        assertRefused("", "bad JSON, no JSON value");
        assertRefused("[1]", "bad JSON, a JSON array, not an object");
        assertRefused(HAND_WRITTEN.replace("\"cpus\": 1", "\"cpus\": 1.5"), "no number \"cpus\"");
        assertRefused(HAND_WRITTEN.replace("\"cpus\": 1", "\"cpus\": 4294967297"), "no number \"cpus\"");
        assertRefused(HAND_WRITTEN.replace("\"seed\": 1", "\"seed\": 99999999999999999999"), "no number \"seed\"");
        assertRefused(HAND_WRITTEN.replace("\"bootargs\": \"locktorture.torture_type=lock_busted sched_proxy_exec=0\"", "\"bootargs\": null"),
                "no string \"bootargs\"");
        assertRefused(HAND_WRITTEN.replace(ReplayFile.MODEL_VERSION, "proxytorture-model-0"), "written by model version proxytorture-model-0");
    }

    @Test
    void aLongRunsChoicesReadBack() {
        // a 2 s run of 16 CPUs records more choices than Jackson reads in one string by default (20 M chars)
        String choices = "99999999 ".repeat(2_400_000).trim();
        String text = HAND_WRITTEN.replace("\"choices\": \"\"", "\"choices\": \"" + choices + "\"");
        ReplayFile f = ReplayFile.parse("long.json", text);
        assertEquals(choices.length(), f.choices().length());
    }

    private static void assertRefused(String text, String named) {
        BadInputException e = assertThrows(BadInputException.class, () -> ReplayFile.parse("f.json", text));
        assertTrue(e.getMessage().startsWith("f.json: ") && e.getMessage().contains(named), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(!e.getMessage().contains("[Source"), "no parser internals: " + e.getMessage());
    }
}
