package org.slidescore.tile.rest;

/** The viewer's HTML: OpenSeadragon (bundled under {@code /i/_viewer/}) on one Deep Zoom source. */
final class ViewerPage {
    private ViewerPage() {
    }

    static String html(String title, String dziUrl) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n"
                + "<style>html,body{margin:0;height:100%;background:#1e1e1e;color:#ddd;font-family:sans-serif}"
                + "#viewer{position:absolute;inset:0}#name{position:absolute;left:8px;bottom:6px;z-index:2;font-size:14px}"
                + "</style>\n"
                + "<script src=\"/i/_viewer/openseadragon/openseadragon.min.js\"></script>\n"
                + "</head><body><div id=\"name\">" + escape(title) + "</div><div id=\"viewer\"></div>\n<script>\n"
                + "window.viewer = OpenSeadragon({id: \"viewer\", prefixUrl: \"/i/_viewer/openseadragon/images/\", "
                + "tileSources: " + jsString(dziUrl) + ", showNavigator: true, crossOriginPolicy: false, "
                + "loadTilesWithAjax: false});\n</script></body></html>\n";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String jsString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\' || c == '<' || c == '>' || c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
