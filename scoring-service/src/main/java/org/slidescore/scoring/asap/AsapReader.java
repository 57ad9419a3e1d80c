package org.slidescore.scoring.asap;

import org.slidescore.scoring.annotation.Point;
import org.slidescore.scoring.domain.QuestionConfig;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads ASAP annotation XML ({@code <ASAP_Annotations><Annotations><Annotation Name Type PartOfGroup Color>
 * <Coordinates><Coordinate Order X Y/>…}, plus optional {@code <AnnotationGroups><Group Name Color>}).
 * A document type declaration is refused outright, external entities are never resolved, and the text length and
 * number of coordinates are bounded, so a hostile file can neither read the server's files nor exhaust its memory.
 */
public final class AsapReader {
    public static final int DEFAULT_MAX_CHARS = 64 * 1024 * 1024;
    public static final int DEFAULT_MAX_COORDINATES = 5_000_000;
    public static final Set<String> TYPES = Set.of("Polygon", "Rectangle", "Spline", "Dot", "PointSet");

    private final int maxChars;
    private final int maxCoordinates;

    public AsapReader() {
        this(DEFAULT_MAX_CHARS, DEFAULT_MAX_COORDINATES);
    }

    public AsapReader(int maxChars, int maxCoordinates) {
        this.maxChars = maxChars;
        this.maxCoordinates = maxCoordinates;
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        trySet(f, XMLConstants.ACCESS_EXTERNAL_DTD, "");
        trySet(f, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    private static void trySet(XMLInputFactory f, String name, Object value) {
        try {
            f.setProperty(name, value);
        } catch (IllegalArgumentException ignored) {
            // this StAX implementation does not know the property; DTD support is off anyway
        }
    }

    public AsapDocument read(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new AsapFormatException("empty ASAP annotation");
        }
        if (xml.length() > maxChars) {
            throw new AsapFormatException("ASAP annotation larger than " + maxChars + " characters");
        }
        List<AsapAnnotation> annotations = new ArrayList<>();
        List<AsapGroup> groups = new ArrayList<>();
        XMLStreamReader r = null;
        try {
            r = factory().createXMLStreamReader(new StringReader(xml));
            boolean rootSeen = false;
            int coordinates = 0;
            AnnotationBuilder current = null;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD ->
                            throw new AsapFormatException("a document type declaration (DTD) is not allowed");
                    case XMLStreamConstants.ENTITY_REFERENCE ->
                            throw new AsapFormatException("entity reference &" + r.getLocalName() + "; is not allowed");
                    case XMLStreamConstants.START_ELEMENT -> {
                        String el = r.getLocalName();
                        if (!rootSeen) {
                            if (!el.equals("ASAP_Annotations")) {
                                throw new AsapFormatException("root element is <" + el + ">, expected <ASAP_Annotations>");
                            }
                            rootSeen = true;
                        } else if (el.equals("Annotation")) {
                            current = annotation(r);
                        } else if (el.equals("Coordinate")) {
                            if (current == null) {
                                throw new AsapFormatException(where(r) + "<Coordinate> outside an <Annotation>");
                            }
                            if (++coordinates > maxCoordinates) {
                                throw new AsapFormatException("more than " + maxCoordinates + " coordinates");
                            }
                            current.coordinates.add(coordinate(r, current));
                        } else if (el.equals("Group")) {
                            String name = attr(r, "Name");
                            groups.add(new AsapGroup(name == null ? "" : name, colour(r, attr(r, "Color"))));
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (r.getLocalName().equals("Annotation") && current != null) {
                            annotations.add(current.build());
                            current = null;
                        }
                    }
                    default -> {
                    }
                }
            }
            if (!rootSeen) {
                throw new AsapFormatException("no <ASAP_Annotations> element");
            }
        } catch (XMLStreamException e) {
            String msg = e.getMessage() == null ? "unreadable XML" : e.getMessage();
            // StAX messages start with "ParseError at [row,col]:[..]\nMessage: ..."; keep them on one line.
            throw new AsapFormatException("malformed ASAP XML: " + msg.replace('\n', ' ').replaceAll("\\s+", " ").trim());
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to release
                }
            }
        }
        return new AsapDocument(annotations, groups);
    }

    private static AnnotationBuilder annotation(XMLStreamReader r) {
        AnnotationBuilder b = new AnnotationBuilder();
        b.name = attr(r, "Name");
        String type = attr(r, "Type");
        if (type == null) {
            throw new AsapFormatException(where(r) + "annotation \"" + b.name + "\" has no Type");
        }
        b.type = TYPES.stream().filter(t -> t.equalsIgnoreCase(type.trim())).findFirst()
                .orElseThrow(() -> new AsapFormatException(where(r) + "annotation \"" + b.name + "\" has unknown Type \""
                        + type + "\" (expected one of Polygon, Rectangle, Spline, Dot, PointSet)"));
        b.group = attr(r, "PartOfGroup");
        b.colour = colour(r, attr(r, "Color"));
        return b;
    }

    private static String colour(XMLStreamReader r, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String c = QuestionConfig.normalizeColour(value);
        if (c == null) {
            throw new AsapFormatException(where(r) + "Color \"" + value + "\" is not a #rrggbb colour");
        }
        return c;
    }

    private static OrderedPoint coordinate(XMLStreamReader r, AnnotationBuilder a) {
        String order = attr(r, "Order");
        int o;
        if (order == null || order.isBlank()) {
            o = a.coordinates.size();
        } else {
            try {
                o = Integer.parseInt(order.trim());
            } catch (NumberFormatException e) {
                throw new AsapFormatException(where(r) + "Order \"" + order + "\" is not a number");
            }
        }
        return new OrderedPoint(o, new Point(number(r, "X"), number(r, "Y")));
    }

    private static double number(XMLStreamReader r, String name) {
        String v = attr(r, name);
        if (v == null || v.isBlank()) {
            throw new AsapFormatException(where(r) + "<Coordinate> without " + name);
        }
        try {
            // Some writers use a decimal comma.
            double d = Double.parseDouble(v.trim().replace(',', '.'));
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new AsapFormatException(where(r) + name + "=\"" + v + "\" is not a number");
        }
    }

    private static String attr(XMLStreamReader r, String name) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            if (r.getAttributeLocalName(i).equalsIgnoreCase(name)) {
                return r.getAttributeValue(i);
            }
        }
        return null;
    }

    private static String where(XMLStreamReader r) {
        return "line " + r.getLocation().getLineNumber() + ": ";
    }

    private record OrderedPoint(int order, Point point) {
    }

    private static final class AnnotationBuilder {
        String name;
        String type;
        String group;
        String colour;
        final List<OrderedPoint> coordinates = new ArrayList<>();

        AsapAnnotation build() {
            List<Point> points = coordinates.stream().sorted(Comparator.comparingInt(OrderedPoint::order))
                    .map(OrderedPoint::point).toList();
            int min = switch (type) {
                case "Polygon" -> 3;
                case "Spline" -> 2;
                case "Rectangle" -> 2;
                default -> 1;
            };
            if (points.size() < min) {
                throw new AsapFormatException("annotation \"" + name + "\" (" + type + ") needs at least " + min
                        + " coordinates, has " + points.size());
            }
            if (type.equals("Dot") && points.size() != 1) {
                throw new AsapFormatException("annotation \"" + name + "\" (Dot) must have exactly one coordinate, has "
                        + points.size());
            }
            return new AsapAnnotation(name == null ? "" : name, type, group, colour, points);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
