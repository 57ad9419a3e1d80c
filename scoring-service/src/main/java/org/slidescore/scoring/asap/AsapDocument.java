package org.slidescore.scoring.asap;

import java.util.List;

/** What an ASAP XML file holds. */
public record AsapDocument(List<AsapAnnotation> annotations, List<AsapGroup> groups) {
    public AsapDocument {
        annotations = List.copyOf(annotations);
        groups = List.copyOf(groups);
    }

    /** The colour of an annotation: its own, else its group's, else {@code null}. */
    public String colourOf(AsapAnnotation a) {
        if (a.colour() != null) {
            return a.colour();
        }
        return groups.stream().filter(g -> g.name().equals(a.group()) && g.colour() != null)
                .map(AsapGroup::colour).findFirst().orElse(null);
    }
}
