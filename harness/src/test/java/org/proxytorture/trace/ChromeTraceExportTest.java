package org.proxytorture.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.proxytorture.kernel.sched.TaskState;
import org.proxytorture.trace.TraceEvent.Lock.Op;

/**
 * The Chrome trace-event JSON export is valid JSON in the trace-event shape: slices on each track
 * nest (no partial overlap), every async begin has its end, every flow its two ends inside slices;
 * a proxy shows as "owner (donor: X)" with an arrow from the donor.
 */
class ChromeTraceExportTest {
    private static final long MS = TracedRun.MS;
    private static final TaskRef FG = new TaskRef(1234, "foreground", false);
    private static final TaskRef BG = new TaskRef(1300, "background", false);
    private static final TaskRef IDLE0 = new TaskRef(1, "swapper/0", true);

    /** A slice on a track, in nanoseconds. */
    record Slice(String track, String name, long start, long end) { }

    /** Strict (a key twice is an error); decimals as BigDecimal, so that microsecond timestamps compare exactly. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static List<JsonNode> events(String json) {
        JsonNode doc;
        try {
            doc = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return fail("valid JSON: " + e.getMessage());
        }
        assertTrue(doc.isObject(), "a JSON object");
        JsonNode evs = doc.get("traceEvents");
        assertTrue(evs != null && evs.isArray(), "with a traceEvents array");
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : evs) {
            assertTrue(e.isObject(), "events are objects");
            assertTrue(e.path("name").isTextual() && e.path("ph").isTextual(), () -> "name and ph: " + e);
            assertTrue(e.path("pid").isIntegralNumber(), () -> "a numeric pid: " + e);
            out.add(e);
        }
        return out;
    }

    static long ns(JsonNode us) {
        return us.decimalValue().movePointRight(3).longValueExact();
    }

    static String ph(JsonNode e) {
        return e.get("ph").textValue();
    }

    static String track(JsonNode e) {
        return e.get("pid") + "/" + e.get("tid");
    }

    /** Complete slices, checked to nest on each track: sorted by start (longest first), each inside the one open. */
    static List<Slice> checkSlicesNest(List<JsonNode> evs) {
        List<Slice> slices = new ArrayList<>();
        for (JsonNode e : evs) {
            if (!ph(e).equals("X")) continue;
            assertTrue(e.path("tid").isIntegralNumber() && e.path("dur").isNumber(), () -> "X needs tid and dur: " + e);
            long s = ns(e.get("ts"));
            long d = ns(e.get("dur"));
            assertTrue(d >= 0, () -> "non-negative dur: " + e);
            slices.add(new Slice(track(e), e.get("name").textValue(), s, s + d));
        }
        Map<String, List<Slice>> byTrack = new TreeMap<>();
        for (Slice s : slices) byTrack.computeIfAbsent(s.track(), k -> new ArrayList<>()).add(s);
        for (List<Slice> l : byTrack.values()) {
            l.sort(Comparator.comparingLong(Slice::start).thenComparing(Comparator.comparingLong(Slice::end).reversed()));
            ArrayDeque<Slice> stack = new ArrayDeque<>();
            for (Slice s : l) {
                while (!stack.isEmpty() && stack.peek().end() <= s.start()) stack.pop();
                if (!stack.isEmpty() && s.end() > stack.peek().end()) fail("partial overlap on track " + s.track() + ": " + stack.peek() + " and " + s);
                stack.push(s);
            }
        }
        return slices;
    }

    /** Every b has one e (same cat and id, same process, not earlier) and the reverse. */
    static int checkAsyncPairs(List<JsonNode> evs) {
        Map<String, JsonNode> open = new TreeMap<>();
        int pairs = 0;
        for (JsonNode e : evs) {
            String ph = ph(e);
            if (!ph.equals("b") && !ph.equals("e")) continue;
            assertNotNull(e.get("id"), () -> "async events need an id: " + e);
            String key = e.get("cat") + "#" + e.get("id");
            if (ph.equals("b")) {
                assertTrue(open.put(key, e) == null, () -> "one b per id: " + e);
            } else {
                JsonNode b = open.remove(key);
                assertNotNull(b, () -> "an e after its b: " + e);
                assertEquals(b.get("name"), e.get("name"));
                assertEquals(b.get("pid"), e.get("pid"));
                assertTrue(ns(e.get("ts")) >= ns(b.get("ts")), () -> "e not before b: " + b + " " + e);
                pairs++;
            }
        }
        assertTrue(open.isEmpty(), () -> "every b has its e: " + open.values());
        return pairs;
    }

    /** Flows: one s and one f per id, each at a time inside a complete slice of its track. */
    static int checkFlows(List<JsonNode> evs, List<Slice> slices) {
        Map<String, List<Slice>> byTrack = new TreeMap<>();
        for (Slice s : slices) byTrack.computeIfAbsent(s.track(), k -> new ArrayList<>()).add(s);
        Map<String, JsonNode> starts = new TreeMap<>();
        int flows = 0;
        for (JsonNode e : evs) {
            String ph = ph(e);
            if (!ph.equals("s") && !ph.equals("f")) continue;
            long t = ns(e.get("ts"));
            assertTrue(byTrack.getOrDefault(track(e), List.of()).stream().anyMatch(s -> s.start() < t && t < s.end()),
                    () -> "a flow end binds to the slice around it: " + e);
            String id = String.valueOf(e.get("id"));
            if (ph.equals("s")) {
                assertTrue(starts.put(id, e) == null, () -> "one s per id: " + e);
            } else {
                JsonNode s = starts.remove(id);
                assertNotNull(s, () -> "an f after its s: " + e);
                assertTrue(ns(s.get("ts")) <= t);
                assertEquals("e", e.path("bp").textValue());
                flows++;
            }
        }
        assertTrue(starts.isEmpty(), () -> "every s has its f: " + starts.values());
        return flows;
    }

    @Test
    void anOwnerRunningForItsBlockedDonorIsOneSliceWithAnArrowFromTheDonor() {
        long us = 1000;
        RecordedTrace t = RecordedTrace.of(1, List.of(
                new TraceEvent.Switch(10 * us, 0, IDLE0, 140, TaskState.TASK_RUNNING, false, FG, 120),
                new TraceEvent.Lock(12 * us, 0, FG, Op.CONTENDED, FG, "m", true),
                new TraceEvent.Switch(13 * us, 0, FG, 120, TaskState.TASK_UNINTERRUPTIBLE, false, BG, 120),
                new TraceEvent.Proxy(13 * us, 0, BG, org.proxytorture.kernel.sched.ProxyEvent.parse("proxy_chosen"), FG, BG),
                new TraceEvent.Lock(15 * us, 0, BG, Op.RELEASED, BG, "m", true),
                new TraceEvent.Proxy(15 * us, 0, BG, org.proxytorture.kernel.sched.ProxyEvent.parse("handoff"), BG, FG),
                new TraceEvent.Switch(16 * us, 0, BG, 120, TaskState.TASK_RUNNING, true, FG, 120),
                new TraceEvent.Lock(16 * us, 0, FG, Op.ACQUIRED, FG, "m", true)), 20 * us);
        List<JsonNode> evs = events(ChromeTraceExport.toJson(t));
        List<Slice> slices = checkSlicesNest(evs);
        assertEquals(List.of(
                new Slice("1/1000", "foreground:1234", 10 * us, 13 * us),
                new Slice("1/1000", "background:1300 (donor: foreground:1234)", 13 * us, 16 * us),
                new Slice("1/1000", "foreground:1234", 16 * us, 20 * us),
                new Slice("2/1234", "m", 16 * us, 20 * us)), slices);
        assertEquals(1, checkAsyncPairs(evs));
        JsonNode b = evs.stream().filter(e -> ph(e).equals("b")).findFirst().orElseThrow();
        assertEquals("blocked on m", b.get("name").textValue());
        assertEquals(12 * us, ns(b.get("ts")));
        assertEquals(16 * us, ns(evs.stream().filter(e -> ph(e).equals("e")).findFirst().orElseThrow().get("ts")));
        assertEquals(1, checkFlows(evs, slices));
        assertTrue(evs.stream().anyMatch(e -> ph(e).equals("i") && e.get("name").textValue().equals("handoff background:1300 > foreground:1234")));
        assertTrue(evs.stream().anyMatch(e -> ph(e).equals("M") && e.get("name").textValue().equals("thread_name")
                && e.path("tid").asInt() == 1000 && e.get("args").equals(JSON.createObjectNode().put("name", "CPU 0"))));
    }

    @Test
    void aProxyRunIsValidTraceEventJsonWithNestedSlicesPairedSpansAndFlows() {
        TracedRun run = TracedRun.of(4, 100 * MS, TracedRun.PROXY_BOOTARGS, 2, 150_000); // the ring wraps and keeps proxy picks (model 16: seed 2; seed 1 has none in its last 150000)
        org.junit.jupiter.api.Assertions.assertTrue(run.trace().entriesWritten() > run.trace().events().size(), "the ring wrapped");
        assertTrue(run.trace().dropped() > 0, "the ring overwrote events");
        String json = ChromeTraceExport.toJson(run.trace());
        assertTrue(json.startsWith("{\"displayTimeUnit\":\"ns\",\"traceEvents\":["), "Perfetto's type sniffing wants '{\"'");
        List<JsonNode> evs = events(json);
        List<Slice> slices = checkSlicesNest(evs);
        int spans = checkAsyncPairs(evs);
        int flows = checkFlows(evs, slices);
        assertTrue(slices.stream().anyMatch(s -> s.track().startsWith("1/") && s.name().contains(" (donor: ")), "proxy slices on CPU tracks");
        assertTrue(slices.stream().anyMatch(s -> s.track().startsWith("2/") && s.name().startsWith("torture_")), "lock holds on task tracks");
        assertTrue(spans > 0 && flows > 0, "blocked_on spans " + spans + ", donor flows " + flows);
    }
}
