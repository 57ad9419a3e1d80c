package org.slidescore.tile.slide.tiff;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Aperio's ImageDescription: a header line, then {@code |}-separated {@code key = value} pairs, e.g.
 * {@code Aperio Image Library v12.0.15\r\n46000x32914 [...] JPEG/RGB Q=70|AppMag = 20|MPP = 0.4990}.
 */
public record AperioDescription(Map<String, String> values, Double mpp, Double appMag) {

    public static AperioDescription parse(String description) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] parts = description.split("\\|");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                values.put(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim());
            }
        }
        return new AperioDescription(Map.copyOf(values), positive(values.get("MPP")), positive(values.get("AppMag")));
    }

    static Double positive(String s) {
        if (s == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(s.trim());
            return v > 0 && Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
