package io.personaengine.store.bench;

import io.personaengine.store.testing.TestDatabaseExtension;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Times one picker tick with 10k, 100k and 1M historical posts behind the same recent window (see
 * {@link PickerTick}). Run with {@code ./mvnw -Pbenchmark -pl modules/store -am verify}, or as part of
 * {@code ./bench/run}, which records the figures under {@code bench/results/}.
 */
@Tag("benchmark")
class PickerTickBenchmark {

    @RegisterExtension
    static final TestDatabaseExtension db = new TestDatabaseExtension();

    private static final int RUNS = 21;
    private static final int WARM_UP = 15; // the first size also warms the JIT

    @Test
    void oneTickCostsTheSameWhateverTheHistory() {
        List<PickerTick.Result> results =
                PickerTick.measure(db.dataSource(), new int[] {10_000, 100_000, 1_000_000}, RUNS, WARM_UP);
        System.out.printf("%nPICKER TICK BENCHMARK: %d recent posts; median of %d ticks%n", PickerTick.RECENT_POSTS, RUNS);
        for (PickerTick.Result result : results) {
            System.out.printf("  history %,9d posts: %.1f ms  (per query: %s)%n", result.historyPosts(),
                    result.medianTickMillis(), result.queryMillis());
        }
        System.out.printf("  ratio 1M / 10k: %.2f%n%n",
                results.get(results.size() - 1).medianTickMillis() / results.get(0).medianTickMillis());
    }
}
