package org.slidescore.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

/** Base URLs of the services, from {@code slidescore.services.<name>-url} (defaults {@code http://127.0.0.1:808x}). */
@ApplicationScoped
public class ServiceUrls {
    /** Where one service listens. */
    public record Target(String host, int port, boolean ssl, String url) {
    }

    private final Map<Service, Target> targets = new EnumMap<>(Service.class);

    public ServiceUrls(Config config) {
        for (Service s : Service.values()) {
            String url = config.getOptionalValue("slidescore.services." + s.configName() + "-url", String.class)
                    .orElse(s.defaultUrl());
            URI u = URI.create(url.trim());
            boolean ssl = "https".equalsIgnoreCase(u.getScheme());
            if (u.getHost() == null) {
                throw new IllegalArgumentException("slidescore.services." + s.configName() + "-url is not a URL: " + url);
            }
            int port = u.getPort() > 0 ? u.getPort() : (ssl ? 443 : 80);
            targets.put(s, new Target(u.getHost(), port, ssl, url));
        }
    }

    public Target of(Service s) {
        return targets.get(s);
    }
}
