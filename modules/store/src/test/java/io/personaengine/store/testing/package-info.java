/**
 * A fresh, migrated PostgreSQL database per test class: {@link
 * io.personaengine.store.testing.TestDatabaseExtension}. Ships in the store test-jar for every module's
 * tests.
 */
@NullMarked
package io.personaengine.store.testing;

import org.jspecify.annotations.NullMarked;
