package io.personaengine.store;

/**
 * Room in an upstream call budget, as SQL that a claim embeds, so that sizing a claim by the budget
 * costs no round trip of its own.
 */
public interface ClaimBudget {

    /** No budget: a claim is sized by free workers alone. */
    ClaimBudget UNLIMITED = () -> "2147483647";

    /** One SQL expression of type integer: how many upstream calls the budget admits now. */
    String callsAvailableSql();
}
