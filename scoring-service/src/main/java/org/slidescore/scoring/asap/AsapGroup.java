package org.slidescore.scoring.asap;

/** One {@code <Group>} of an ASAP document. */
public record AsapGroup(String name, String colour) {
}
