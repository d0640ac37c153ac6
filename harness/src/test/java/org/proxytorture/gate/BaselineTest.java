package org.proxytorture.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.proxytorture.config.BadInputException;
import org.junit.jupiter.api.Tag;

/** The baseline file: what a maintainer edits by hand, and what --update-baseline writes back. */
@Tag("fast")
class BaselineTest {

    @Test
    void knownFailuresTakeTheRestOfTheLineAsTheIdentity() {
        Baseline b = Baseline.parse("b", List.of("# edited by hand", "model proxytorture-model-15",
                "known lock_busted warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)[]",
                "hash PROXY01.seed1 33e3c7797eae9b12", ""));
        assertEquals("proxytorture-model-15", b.model());
        assertTrue(b.knows("lock_busted", "warn/lock_torture_writer: WARN_ON_ONCE(lock_is_write_held)[]"));
        assertEquals("33e3c7797eae9b12", b.hashes().get("PROXY01.seed1"));
        assertEquals(b, Baseline.parse("again", b.text().lines().toList()), "the written text reads back the same");
    }

    @Test
    void badLinesAreOneLineErrors() {
        assertEquals("baseline b line 1: hash takes a run and 16 hex digits, e.g. hash PROXY01.seed1 33e3c7797eae9b12",
                assertThrows(BadInputException.class, () -> Baseline.parse("b", List.of("hash PROXY01.seed1 xyz"))).getMessage());
        assertEquals("baseline b line 2: unknown directive 'pinned' (accepted: model, known, hash, latency, fairness; # comments)",
                assertThrows(BadInputException.class, () -> Baseline.parse("b", List.of("model m", "pinned x"))).getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> Baseline.parse("b", List.of("latency PIDEMO04 report notbase64!")))
                .getMessage().startsWith("baseline b line 1: latency PIDEMO04: not an encoded latency histogram"));
        assertTrue(assertThrows(BadInputException.class, () -> Baseline.parse("b", List.of("latency PIDEMO04 sometimes x")))
                .getMessage().startsWith("baseline b line 1: latency takes a suite, report or fail, and a histogram"));
    }
}
