package org.slidescore.scoring.results;

/**
 * One line of results as the TSV and JSON forms carry it (contract §4.1). {@code imageId} is {@code null} for a
 * case-level answer (written as {@code 0}); the TMA fields are {@code null} for answers not on a TMA core.
 *
 * @param line the 1-based line number in the uploaded text (0 when the row was not parsed from text)
 */
public record ResultRow(int line, String caseName, Long imageId, String imageName, String user, Integer tmaRow,
                        Integer tmaCol, String tmaSampleId, String question, String answer) {

    public boolean isTmaCore() {
        return tmaRow != null;
    }

    public boolean isCaseLevel() {
        return imageId == null;
    }
}
