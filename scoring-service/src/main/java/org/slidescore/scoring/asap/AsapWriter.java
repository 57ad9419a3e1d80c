package org.slidescore.scoring.asap;

import org.slidescore.scoring.annotation.Point;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.math.BigDecimal;

/**
 * Writes an ASAP XML document: every annotation with its coordinates in order, then one {@code <Group>} per group
 * with its colour. Numbers are written as plain decimals (integers without a fraction).
 */
public final class AsapWriter {

    public static String write(AsapDocument doc) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("ASAP_Annotations");
            w.writeStartElement("Annotations");
            for (AsapAnnotation a : doc.annotations()) {
                w.writeStartElement("Annotation");
                w.writeAttribute("Name", a.name());
                w.writeAttribute("Type", a.type());
                w.writeAttribute("PartOfGroup", a.group() == null ? "None" : a.group());
                w.writeAttribute("Color", a.colour() == null ? "#000000" : a.colour());
                w.writeStartElement("Coordinates");
                int order = 0;
                for (Point p : a.coordinates()) {
                    w.writeEmptyElement("Coordinate");
                    w.writeAttribute("Order", Integer.toString(order++));
                    w.writeAttribute("X", number(p.x()));
                    w.writeAttribute("Y", number(p.y()));
                }
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeStartElement("AnnotationGroups");
            for (AsapGroup g : doc.groups()) {
                w.writeStartElement("Group");
                w.writeAttribute("Name", g.name());
                w.writeAttribute("PartOfGroup", "None");
                w.writeAttribute("Color", g.colour() == null ? "#000000" : g.colour());
                w.writeEmptyElement("Attributes");
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write ASAP XML", e);
        }
        return out.toString();
    }

    static String number(double v) {
        BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
        return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
    }

    private AsapWriter() {
    }
}
