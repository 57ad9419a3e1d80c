package org.slidescore.outboxtests;

import org.slidescore.events.SlideScoreEvent;

/** The probe application's only event: an item with this name was created. */
public record ProbeCreated(String name) implements SlideScoreEvent {
}
