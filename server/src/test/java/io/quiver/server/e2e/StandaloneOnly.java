package io.quiver.server.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks an end-to-end test that exercises the standalone process itself (kills or restarts it on its
 * data directory), so it cannot run against an external cluster named by {@value
 * QuiverStandalone#EXTERNAL_URIS}. It carries the JUnit tag {@value #TAG}: the standalone build runs it,
 * the cluster run excludes that tag and reports every excluded test with its {@link #value() reason}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(StandaloneOnly.TAG)
public @interface StandaloneOnly {
    String TAG = "standalone-only";

    /** One line: why the test needs a standalone process. */
    String value();
}
