package org.slidescore.tile.slide;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Shows in {@code /q/health} which JPEG codec and which slide readers are active. */
@Readiness
@ApplicationScoped
public class SlideReadersHealth implements HealthCheck {
    private final Slides slides;

    public SlideReadersHealth(Slides slides) {
        this.slides = slides;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("slide-readers").up();
        slides.describe().forEach(b::withData);
        return b.build();
    }
}
