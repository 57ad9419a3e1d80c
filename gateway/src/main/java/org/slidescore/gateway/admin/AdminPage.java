package org.slidescore.gateway.admin;

import org.slidescore.common.auth.Right;
import org.slidescore.common.auth.TokenClaims;
import org.slidescore.gateway.token.ApiTokenRecord;
import org.slidescore.gateway.token.TokenService;

import java.util.List;

/** The admin page's HTML: create form with a checkbox per right, the token shown once, the token list with revoke. */
final class AdminPage {

    static String render(List<ApiTokenRecord> tokens, TokenService.CreatedToken created, String error, String csrf) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Slide Score admin: API tokens</title>")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:.3em .5em;font-size:.9em;vertical-align:top}")
                .append(".token{word-break:break-all;background:#efe;padding:1em;font-family:monospace}")
                .append(".error{background:#fee;padding:1em}.revoked{color:#999}label{display:block}</style></head><body>")
                .append("<h1>API tokens</h1>");
        if (error != null) {
            h.append("<p class=\"error\" id=\"error\">").append(esc(error)).append("</p>");
        }
        if (created != null) {
            h.append("<p>New token <b>").append(esc(created.id())).append("</b>. Copy it now: it is not shown again.</p>")
                    .append("<p class=\"token\" id=\"new-token\">").append(esc(created.token())).append("</p>");
        }
        h.append("<h2>Create a token</h2><form method=\"post\" action=\"/Admin/\">")
                .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(esc(csrf)).append("\">")
                .append("<label>Name <input name=\"name\" required maxlength=\"200\"></label>")
                .append("<label>Expires on (optional) <input name=\"expiresOn\" type=\"date\"></label><fieldset><legend>Rights</legend>");
        for (Right r : Right.values()) {
            h.append("<label><input type=\"checkbox\" name=\"").append(r.name()).append("\" value=\"true\"> ")
                    .append(r.name()).append("</label>");
        }
        h.append("</fieldset><fieldset><legend>Restrictions (semicolon-separated; empty = none)</legend>");
        restriction(h, TokenClaims.UPLOAD_ONLY_IN_FOLDERS, "Can upload only in folders");
        restriction(h, TokenClaims.READ_ONLY_STUDIES, "Can read only these studies (ids or names)");
        restriction(h, TokenClaims.MODIFY_ONLY_STUDIES, "Can modify only these studies (ids or names)");
        h.append("</fieldset><p><button type=\"submit\">Create token</button></p></form>");

        h.append("<h2>Tokens</h2><table id=\"tokens\"><tr><th>Id</th><th>Name</th><th>Rights</th><th>Restrictions</th>")
                .append("<th>Created</th><th>Expires</th><th>Revoked</th><th></th></tr>");
        for (ApiTokenRecord t : tokens) {
            h.append("<tr").append(t.revokedAt != null ? " class=\"revoked\"" : "").append("><td>").append(esc(t.id))
                    .append("</td><td>").append(esc(t.name)).append("</td><td>").append(esc(t.rights.replace(",", ", ")))
                    .append("</td><td>");
            listed(h, "folders", t.uploadOnlyInFolders);
            listed(h, "read", t.readOnlyStudies);
            listed(h, "modify", t.modifyOnlyStudies);
            h.append("</td><td>").append(t.createdAt).append("</td><td>").append(t.expiresAt == null ? "never" : t.expiresAt)
                    .append("</td><td>").append(t.revokedAt == null ? "" : t.revokedAt.toString()).append("</td><td>");
            if (t.revokedAt == null) {
                h.append("<form method=\"post\" action=\"/Admin/Revoke\"><input type=\"hidden\" name=\"csrf\" value=\"")
                        .append(esc(csrf)).append("\"><input type=\"hidden\" name=\"id\" value=\"").append(esc(t.id))
                        .append("\"><button type=\"submit\">Revoke</button></form>");
            }
            h.append("</td></tr>");
        }
        h.append("</table></body></html>");
        return h.toString();
    }

    private static void restriction(StringBuilder h, String claim, String label) {
        h.append("<label>").append(label).append(" <input name=\"").append(claim).append("\" size=\"60\"></label>");
    }

    private static void listed(StringBuilder h, String label, String value) {
        if (value != null && !value.isBlank()) {
            h.append(label).append(": ").append(esc(value)).append("<br>");
        }
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private AdminPage() {
    }
}
