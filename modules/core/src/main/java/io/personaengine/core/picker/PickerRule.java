package io.personaengine.core.picker;

/** One of the picker's rules. Rules run in order and share the tick's cap and the personas' limits. */
interface PickerRule {

    /** Plans the rule's tasks into the tick; reads the forum but writes nothing. */
    void plan(Tick tick);
}
