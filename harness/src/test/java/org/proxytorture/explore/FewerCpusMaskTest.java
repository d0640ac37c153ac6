package org.proxytorture.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shrinker's fewer_cpus and a bind mask (found by bugs --space: B03 in a 32-CPU scenario with
 * its writers bound to CPU 31 stayed at 32 CPUs, since dropping the mask unbound the writers): a
 * mask the smaller machine can read stays as it is; one naming only CPUs it lacks is folded onto
 * it (CPU c as c mod n), so the kthreads it binds stay bound together.
 */
@Tag("fast")
class FewerCpusMaskTest {
    private static TortureTarget bound(int cpus, String writers, String readers) {
        return new TortureTarget(null, cpus, 1000, 100_000_000L, "locktorture.torture_type=rwsem_lock locktorture.bind_writers=" + writers
                + " locktorture.bind_readers=" + readers);
    }

    @Test
    void aMaskTheSmallerMachineLacksIsFoldedOntoIt() {
        TortureTarget t = bound(32, "31", "16-31");
        assertEquals("15", t.withCpus(16).bootargs().get("locktorture.bind_writers"), "the last CPU stays the last");
        assertEquals("0-15", t.withCpus(16).bootargs().get("locktorture.bind_readers"));
        assertEquals("0", t.withCpus(31).bootargs().get("locktorture.bind_writers"));
        assertEquals("1", t.withCpus(2).bootargs().get("locktorture.bind_writers"));
        assertEquals("0-1", t.withCpus(2).bootargs().get("locktorture.bind_readers"));
    }

    @Test
    void aMaskTheSmallerMachineCanReadStaysAndAnUnreadableOneIsDropped() {
        assertEquals("0-1", bound(8, "0-1", "0").withCpus(4).bootargs().get("locktorture.bind_writers"));
        assertEquals("1,3", bound(8, "1,3", "0").withCpus(4).bootargs().get("locktorture.bind_writers"));
        assertEquals("0-3", bound(8, "2-5", "0").withCpus(4).bootargs().get("locktorture.bind_writers"), "-ERANGE on 4 CPUs: folded, 4 and 5 onto 0 and 1");
        assertFalse(bound(8, "9", "0").withCpus(4).bootargs().has("locktorture.bind_writers"), "past the larger machine too: dropped");
    }
}
