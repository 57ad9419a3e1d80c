package org.slidescore.tile.slide.tiff;

import org.slidescore.tile.slide.UnreadableSlideException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Philips TIFF's XML ImageDescription ({@code <DataObject ObjectType="DPUfsImport">}): pixel spacing of the WSI in mm
 * ({@code DICOM_PIXEL_SPACING}, row then column) and the label/macro JPEGs in base64. Parsed with DTDs and external
 * entities off.
 */
public record PhilipsDescription(Map<String, String> values, Double mppX, Double mppY, Map<String, byte[]> images) {

    public static PhilipsDescription parse(String xml) throws UnreadableSlideException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new UnreadableSlideException("the Philips XML description cannot be parsed: " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, byte[]> images = new LinkedHashMap<>();
        Double mppX = null, mppY = null;
        Element root = doc.getDocumentElement();
        for (Element attr : children(root, "Attribute")) {
            if (!"PIM_DP_SCANNED_IMAGES".equals(attr.getAttribute("Name"))) {
                values.put(attr.getAttribute("Name"), attr.getTextContent().trim());
                continue;
            }
            for (Element array : children(attr, "Array")) {
                for (Element obj : children(array, "DataObject")) {
                    String type = null, spacing = null, data = null;
                    for (Element a : children(obj, "Attribute")) {
                        switch (a.getAttribute("Name")) {
                            case "PIM_DP_IMAGE_TYPE" -> type = a.getTextContent().trim();
                            case "DICOM_PIXEL_SPACING" -> spacing = a.getTextContent().trim();
                            case "PIM_DP_IMAGE_DATA" -> data = a.getTextContent().trim();
                            default -> {
                            }
                        }
                    }
                    if ("WSI".equals(type) && spacing != null) {
                        values.put("DICOM_PIXEL_SPACING", spacing);
                        String[] s = spacing.replace("\"", " ").trim().split("\\s+");
                        if (s.length >= 2) {
                            mppY = mm(s[0]);
                            mppX = mm(s[1]);
                        }
                    } else if (type != null && data != null && (type.equals("LABELIMAGE") || type.equals("MACROIMAGE"))) {
                        try {
                            images.put(type.replace("IMAGE", "").toLowerCase(Locale.ROOT),
                                    Base64.getMimeDecoder().decode(data));
                        } catch (IllegalArgumentException e) {
                            // a broken associated image does not make the slide unreadable
                        }
                    }
                }
            }
        }
        return new PhilipsDescription(Map.copyOf(values), mppX, mppY, images);
    }

    private static Double mm(String s) {
        Double v = AperioDescription.positive(s);
        return v == null ? null : v * 1000.0;
    }

    private static java.util.List<Element> children(Element parent, String name) {
        java.util.List<Element> out = new java.util.ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
