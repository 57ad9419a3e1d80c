package org.slidescore.gateway.routing;

/** The services behind the gateway; {@link #configName()} is the {@code <name>} of {@code slidescore.services.<name>-url}. */
public enum Service {
    GATEWAY("gateway", 8080),
    UPLOAD("upload", 8081),
    STUDY("study", 8082),
    SCORING("scoring", 8083),
    TILE("tile", 8084),
    NOTIFICATION("notification", 8085);

    private final String configName;
    private final int defaultPort;

    Service(String configName, int defaultPort) {
        this.configName = configName;
        this.defaultPort = defaultPort;
    }

    public String configName() {
        return configName;
    }

    public String defaultUrl() {
        return "http://127.0.0.1:" + defaultPort;
    }
}
