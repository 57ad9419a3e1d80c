package org.slidescore.notification.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code to} parameter of SendEmail: addresses separated by {@code ;} (a {@code ,} is accepted too), blanks
 * skipped, duplicates (ignoring case) dropped. Every address is a plain {@code local@domain}: no display names, no
 * spaces, no line breaks, so nothing a client sends can add a header.
 */
public final class RecipientList {
    /** RFC 5321 limit on a forward path. */
    public static final int MAX_ADDRESS_LENGTH = 254;

    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private final List<String> addresses;

    private RecipientList(List<String> addresses) {
        this.addresses = List.copyOf(addresses);
    }

    /**
     * @param maxRecipients how many distinct addresses one call may name
     * @throws InvalidEmailException with a message for the client when the list is empty, too long, has a line
     *                               break or an address that is not {@code local@domain}
     */
    public static RecipientList parse(String to, int maxRecipients) {
        if (to == null || to.isBlank()) {
            throw new InvalidEmailException("to must name at least one e-mail address");
        }
        if (to.indexOf('\r') >= 0 || to.indexOf('\n') >= 0) {
            throw new InvalidEmailException("to must not contain line breaks");
        }
        Map<String, String> distinct = new LinkedHashMap<>();
        for (String part : to.split("[;,]")) {
            String address = part.strip();
            if (address.isEmpty()) {
                continue;
            }
            if (address.length() > MAX_ADDRESS_LENGTH || !ADDRESS.matcher(address).matches()
                    || address.contains("..") || address.startsWith(".") || address.contains(".@")) {
                throw new InvalidEmailException("'" + printable(address) + "' is not an e-mail address");
            }
            distinct.putIfAbsent(address.toLowerCase(Locale.ROOT), address);
        }
        if (distinct.isEmpty()) {
            throw new InvalidEmailException("to must name at least one e-mail address");
        }
        if (distinct.size() > maxRecipients) {
            throw new InvalidEmailException("to names " + distinct.size() + " addresses; at most " + maxRecipients
                    + " are allowed in one call");
        }
        return new RecipientList(new ArrayList<>(distinct.values()));
    }

    /** The addresses as the client wrote them, in order, without duplicates. */
    public List<String> addresses() {
        return addresses;
    }

    /** The key used to compare an address with a study's users. */
    public static String normalized(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
