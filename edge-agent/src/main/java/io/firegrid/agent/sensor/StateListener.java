package io.firegrid.agent.sensor;

/** Receives debounced sensor states; called on the owning agent's sensor thread, one call at a time. */
@FunctionalInterface
public interface StateListener {

    void onChange(StateChange change);
}
