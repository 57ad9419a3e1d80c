package org.slidescore.testsupport;

/** Whether Testcontainers may be used: a Docker daemon answers and {@code USE_TESTCONTAINERS} is not {@code false}. */
final class Docker {
    private static Boolean available;

    static synchronized boolean available() {
        if (available == null) {
            if ("false".equalsIgnoreCase(System.getenv("USE_TESTCONTAINERS"))) {
                available = false;
            } else {
                try {
                    available = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
                } catch (Throwable e) {
                    available = false;
                }
            }
        }
        return available;
    }

    private Docker() {
    }
}
