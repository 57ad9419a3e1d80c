package org.slidescore.tile.slide.jpeg;

import org.jboss.logging.Logger;

/** Picks the fastest JPEG codec present: libjpeg-turbo when its library loads (unless disabled), else ImageIO. */
public final class JpegCodecs {
    private static final Logger LOG = Logger.getLogger(JpegCodecs.class);

    private JpegCodecs() {
    }

    /** @param preferNative false forces ImageIO (configuration, tests) */
    public static JpegCodec best(boolean preferNative) {
        if (preferNative) {
            try {
                return TurboJpegCodec.load();
            } catch (Throwable e) {
                LOG.infof("libjpeg-turbo is not available (%s): JPEG work goes through ImageIO", e.getMessage());
            }
        }
        return new ImageIoJpegCodec();
    }
}
