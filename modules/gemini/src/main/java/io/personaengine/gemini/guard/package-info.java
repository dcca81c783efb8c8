/**
 * Every Gemini call under the cluster's rules: a permit from the cluster-wide ledger (with this
 * node's Resilience4j rate limiter in front of it), a short Resilience4j retry of brief outages, and
 * a pause of the whole cluster when Gemini answers 429. {@link
 * io.personaengine.gemini.guard.GuardedContentGenerator} wraps any content generator in all three.
 */
@NullMarked
package io.personaengine.gemini.guard;

import org.jspecify.annotations.NullMarked;
