package org.proxytorture.torture;

import org.proxytorture.config.RunConfig;
import org.proxytorture.run.Checking;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Finding F1 (README "Findings"): with mainline's rules a blocked donor can run outside its
 * cpus_mask. affine_move_task() leaves a donor that is not current where it is, and
 * proxy_needs_return() compares task_cpu() with wake_cpu only, so a donor whose home CPU left its
 * mask while it was blocked (or that was proxy-migrated back onto that stale wake_cpu) is woken in
 * place and runs there. torture_shuffle's affinity changes show it within a second in every
 * generation; proxytorture.donor_affinity_fix (on by default) is the proposed fix.
 */
class FindingF1Test {
    private static final long SEC = 1_000_000_000L;
    private static final String BOOT = "locktorture.torture_type=mutex_lock locktorture.nested_locks=8 torture.random_shuffle=1 "
            + "locktorture.shuffle_interval=1 proxytorture.proxy_variant=";

    private static TortureResult run(String variant, String extra) {
        return Checking.checked(new RunConfig(4, 1000, 3 * SEC, BOOT + variant + extra, 1, null), new Console(null, true)).run();
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-rq", "migrate", "full"})
    void mainlinesRuleLetsADonorRunOutsideItsMaskAndTheFixKeepsItIn(String variant) {
        TortureResult mainline = run(variant, " proxytorture.donor_affinity_fix=0");
        assertFalse(mainline.success());
        assertTrue(mainline.failures().stream().anyMatch(f -> f.contains("migration/INV-P3") && f.contains("outside its cpus_mask")),
                String.valueOf(mainline.failures()));
        TortureResult fixed = run(variant, "");
        assertTrue(fixed.success(), String.valueOf(fixed.failures()));
    }
}
